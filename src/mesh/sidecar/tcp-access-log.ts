/**
 * The sidecar's TCP access log: the L4 engine reports each connection as tracing fields, and this
 * writes Envoy's line for it (where a Telemetry enables it) and always the `sidecar` TrafficEvent
 * (access-log.ts formats both). Envoy's `tcp_proxy` access log, fed by ztunnel's connection result.
 */
import type { Socket } from '../net/socket.ts';
import type { AccessLog } from '../proxy/l4/connection-result.ts';
import type { Rng } from '../random.ts';
import { formatAddr, type SimMillis } from '../types.ts';
import { durationOf, envoyTcpLine, parseFields, sidecarEvent } from './access-log.ts';
import type { SidecarContext } from './context.ts';

/** The hex trace id of a connection (Envoy's x-request-id role, for the trace view). */
function traceId(rng: Rng): string {
	let hex = '';
	while (hex.length < 32) hex += rng.int(0x10000).toString(16).padStart(4, '0');
	return hex;
}

export class TcpAccessLog {
	readonly #sc: SidecarContext;
	/** The app's original destination per downstream address, for Envoy's log line. */
	readonly #originalDst = new Map<string, string>();

	constructor(sc: SidecarContext) {
		this.#sc = sc;
	}

	/** An app connection the outbound listener took at L4: remember where the app was going. */
	outbound(socket: Socket): void {
		this.#originalDst.set(formatAddr(socket.remote), formatAddr(socket.local));
	}

	/** The L4 engine's `AccessLog` sink. */
	readonly write: AccessLog = (_level, _message, text) => {
		const { ctx, container, state, traces } = this.#sc;
		const fields = parseFields(text);
		const end = ctx.clock.now();
		const direction = fields['direction'] === 'outbound' ? 'outbound' : 'inbound';
		const src = fields['src.addr'] ?? '';
		const dst = direction === 'outbound' ? this.#originalDst.get(src) : undefined;
		if (direction === 'outbound') this.#originalDst.delete(src);
		const record = {
			direction,
			start: (end - durationOf(fields)) as SimMillis,
			end,
			fields,
			...(dst !== undefined ? { originalDst: dst } : {})
		} as const;
		// Envoy's access log only where a Telemetry enables it; the traffic event always goes out.
		if (state().config.accessLogging === true) ctx.log(container, envoyTcpLine(record));
		ctx.report(
			sidecarEvent(record, {
				traceId: traceId(traces),
				proxy: `${ctx.spec.namespace}/${ctx.spec.name}`,
				node: ctx.spec.node
			})
		);
	};
}
