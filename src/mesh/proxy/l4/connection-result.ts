/**
 * One connection's outcome: byte counts, the metrics it updates and the access log line
 * (`connection complete`) ztunnel writes when it ends.
 * Mirrors ztunnel src/proxy/metrics.rs (ConnectionResultBuilder, ConnectionResult::record,
 * access_log!, log_early_deny).
 */
import type { Clock } from '../../clock.ts';
import { type SimMillis, type SocketAddr, formatAddr } from '../../types.ts';
import type { ProxyError } from './errors.ts';
import {
	type ConnectionOpen,
	type Metrics,
	type Reporter,
	type ResponseFlags,
	type Series,
	type TrafficLabels,
	trafficLabels
} from './metrics.ts';
import { workloadIdentity } from './state/proxy-state.ts';
import type { Workload } from '../../xds/workload-api.ts';
import { type HopFacts, type TrafficReporting, reportHop, trafficPeer } from './traffic.ts';

export type AccessLevel = 'info' | 'warn' | 'error';

/** Writes one `access` line: the runtime adds the timestamp, level and target. */
export type AccessLog = (level: AccessLevel, message: string, fields: string) => void;

export interface ResultInputs {
	readonly metrics: Metrics;
	readonly accessLog: AccessLog;
	readonly clock: Pick<Clock, 'now'>;
	/** Where the connection's TrafficEvent goes; none when absent. */
	readonly traffic?: TrafficReporting | undefined;
}

type Field = readonly [name: string, value: string | number | undefined, quoted: boolean];

/** tracing's `key=value` fields: strings Debug-quoted, addresses and numbers bare, None skipped. */
export function formatFields(fields: readonly Field[]): string {
	// One string built in a loop: every connection end writes one of these.
	let out = '';
	for (const [k, v, q] of fields) {
		if (v === undefined) continue;
		const text = q ? JSON.stringify(String(v)) : String(v);
		out = out === '' ? `${k}=${text}` : `${out} ${k}=${text}`;
	}
	return out;
}

const direction = (r: Reporter): string => (r === 'source' ? 'outbound' : 'inbound');

function flagFor(error: ProxyError): ResponseFlags {
	switch (error.kind) {
		case 'AuthorizationPolicyRejection':
		case 'AuthorizationPolicyLateRejection':
			return 'DENY';
		case 'Tls':
			return 'TLS_FAILURE';
		case 'MaybeHBONENetworkPolicyError':
			return 'NETWORK_POLICY';
		default:
			return 'CONNECT';
	}
}

/** A denial before there is enough context for a full access log (`connection failed`). */
export function logEarlyDeny(
	accessLog: AccessLog,
	src: SocketAddr,
	dst: SocketAddr,
	reporter: Reporter,
	error: ProxyError
): void {
	accessLog(
		'warn',
		'connection failed',
		formatFields([
			['src.addr', formatAddr(src), false],
			['dst.addr', formatAddr(dst), false],
			['direction', direction(reporter), true],
			['error', error.message, true]
		])
	);
}

/** A connection refused before it had a ConnectionResult: what its event can still say. */
export interface EarlyDeny {
	readonly src: SocketAddr;
	readonly dst: SocketAddr;
	readonly reporter: Reporter;
	readonly error: ProxyError;
	readonly source?: Workload | undefined;
	readonly destination?: Workload | undefined;
	/** True when the refusal came after a completed handshake. */
	readonly mtls?: boolean;
	readonly facts?: HopFacts;
}

/** logEarlyDeny, plus the TrafficEvent of the refused connection. */
export function earlyDeny(inputs: ResultInputs, d: EarlyDeny): void {
	logEarlyDeny(inputs.accessLog, d.src, d.dst, d.reporter, d.error);
	if (!inputs.traffic) return;
	const now = inputs.clock.now();
	reportHop(inputs.traffic, {
		direction: d.reporter === 'source' ? 'outbound' : 'inbound',
		start: now,
		end: now,
		src: trafficPeer(d.src, d.source),
		dst: trafficPeer(d.dst, d.destination),
		mtls: d.mtls ?? false,
		bytesSent: 0,
		bytesReceived: 0,
		error: d.error,
		facts: d.facts ?? {}
	});
}

export class ConnectionResult {
	readonly #inputs: ResultInputs;
	readonly #open: ConnectionOpen;
	/** Its labels while no error is known (`response_flags` "-"), built once per connection. */
	readonly #labels: TrafficLabels;
	readonly #start: SimMillis;
	/** Bytes downstream → upstream (ztunnel's `recv`). */
	#recv = 0;
	/** Bytes upstream → downstream (ztunnel's `sent`). */
	#sent = 0;
	#recorded = false;
	#sentSeries: Series | undefined;
	#recvSeries: Series | undefined;
	/** Trace id, policy decision and peer certificate, filled in as the proxy learns them. */
	readonly facts: HopFacts = {};

	constructor(
		inputs: ResultInputs,
		readonly src: SocketAddr,
		/** The L4 destination: the peer's 15008 for HBONE, the pod or original address for TCP. */
		readonly dst: SocketAddr,
		/** The CONNECT authority, when HBONE (a Service's `hostname:port` for double HBONE). */
		readonly hboneTarget: SocketAddr | string | undefined,
		open: ConnectionOpen
	) {
		this.#inputs = inputs;
		this.#open = open;
		this.#start = inputs.clock.now();
		this.#labels = trafficLabels(open);
		inputs.metrics.inc('istio_tcp_connections_opened_total', this.#labels);
	}

	incrementSend(n: number): void {
		this.#sent += n;
		// The series is found on the first chunk, then kept: no lookup per chunk.
		this.#sentSeries ??= this.#inputs.metrics.series('istio_tcp_sent_bytes_total', this.#labels);
		this.#sentSeries.value += n;
	}

	incrementRecv(n: number): void {
		this.#recv += n;
		this.#recvSeries ??= this.#inputs.metrics.series(
			'istio_tcp_received_bytes_total',
			this.#labels
		);
		this.#recvSeries.value += n;
	}

	/** Ends the connection: closes the metrics and writes the access log, once. */
	record(error?: ProxyError): void {
		if (this.#recorded) return;
		this.#recorded = true;
		const flags = error ? flagFor(error) : '-';
		const { metrics, accessLog, clock } = this.#inputs;
		const labels = flags === '-' ? this.#labels : trafficLabels(this.#open, flags);
		metrics.inc('istio_tcp_connections_closed_total', labels);
		if (error) metrics.inc('istio_tcp_connections_failed_total', labels);

		const o = this.#open;
		const mtls = o.securityPolicy === 'mutual_tls';
		const source = o.reporter === 'source';
		const fields: Field[] = [
			['src.addr', formatAddr(this.src), false],
			['src.workload', o.source?.name ?? o.source?.canonicalName, true],
			['src.namespace', o.source?.namespace, true],
			['src.identity', mtls ? o.derivedSourceIdentity : undefined, true],
			['dst.addr', formatAddr(this.dst), false],
			[
				'dst.hbone_addr',
				typeof this.hboneTarget === 'string'
					? this.hboneTarget
					: this.hboneTarget
						? formatAddr(this.hboneTarget)
						: undefined,
				true
			],
			['dst.service', o.destinationService?.hostname, true],
			['dst.workload', o.destination?.name, true],
			['dst.namespace', o.destination?.namespace, true],
			['dst.identity', mtls && o.destination ? workloadIdentity(o.destination) : undefined, true],
			['direction', direction(o.reporter), true],
			// Istio flips the byte metrics for the source reporter; logs unflip them.
			['bytes_sent', source ? this.#recv : this.#sent, false],
			['bytes_recv', source ? this.#sent : this.#recv, false],
			['duration', `${Math.max(0, Math.round(clock.now() - this.#start))}ms`, true],
			['error', error?.message, true]
		];
		accessLog(error ? 'error' : 'info', 'connection complete', formatFields(fields));
		this.#report(error);
	}

	#report(error: ProxyError | undefined): void {
		const traffic = this.#inputs.traffic;
		if (!traffic) return;
		const o = this.#open;
		const mtls = o.securityPolicy === 'mutual_tls';
		const dstId = mtls && o.destination ? workloadIdentity(o.destination) : undefined;
		reportHop(traffic, {
			direction: o.reporter === 'source' ? 'outbound' : 'inbound',
			start: this.#start,
			end: this.#inputs.clock.now(),
			src: trafficPeer(this.src, o.source, mtls ? o.derivedSourceIdentity : undefined),
			// The CONNECT authority is the real destination; `dst` may be a 15008.
			dst: trafficPeer(
				typeof this.hboneTarget === 'object' ? this.hboneTarget : this.dst,
				o.destination,
				dstId,
				o.destinationService
			),
			mtls,
			...(mtls && this.hboneTarget === undefined ? { tcpMtls: true } : {}),
			bytesSent: this.#recv,
			bytesReceived: this.#sent,
			error,
			facts: this.facts
		});
	}
}
