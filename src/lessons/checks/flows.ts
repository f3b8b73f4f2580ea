/**
 * Connections as a check sees them. From traffic events when the proxies reported them (they
 * know identities and policy decisions); otherwise rebuilt from the capture journal, which
 * shows every segment: a client connection, then the hops that carried it (an HBONE connect to
 * port 15008 means mTLS between ztunnels; a plain connect means plaintext on the wire).
 */
import type { CaptureEntry } from '../../mesh/net/capture.ts';
import type { TrafficEvent } from '../../mesh/telemetry/traffic.ts';
import { deniedWords } from './decision.ts';
import type { Workload } from './workloads.ts';
import { HBONE_PORT } from '../../mesh/istio/ports.ts';

export interface Flow {
	readonly source: 'events' | 'capture';
	readonly srcIp: string;
	readonly dst: string;
	readonly mtls: boolean;
	readonly waypoint?: string;
	readonly result: 'allowed' | 'denied' | 'unknown';
	readonly policy?: string;
	/** The client's SPIFFE id as the deciding proxy saw it (events only). */
	readonly identity?: string;
	readonly reason?: string;
	/**
	 * Why it (or its next hop, the waypoint's connection to the pod) was denied, naming the
	 * object at fault and the proxy (events only).
	 */
	readonly denied?: string;
	readonly status?: number;
	/** One line per hop, for evidence. */
	readonly hops: readonly string[];
}

function isFrom(ip: string, from: Workload): boolean {
	return from.podIps.has(ip);
}

function isTo(ip: string, to: Workload): boolean {
	return to.podIps.has(ip) || to.serviceIps.has(ip);
}

/** Flows from events, grouped by trace id, oldest first. */
export function flowsFromEvents(
	events: readonly TrafficEvent[],
	from: Workload,
	to: Workload
): Flow[] {
	const traces = new Map<string, TrafficEvent[]>();
	const all = new Map<string, TrafficEvent[]>();
	for (const e of events) {
		all.set(e.traceId, [...(all.get(e.traceId) ?? []), e]);
	}
	for (const e of events) {
		const srcOk =
			isFrom(e.src.ip, from) ||
			(e.src.workload?.startsWith(`${from.namespace}/${from.name}-`) ?? false);
		const dstOk =
			isTo(e.dst.ip, to) ||
			e.dst.service === to.serviceHost ||
			(e.dst.workload?.startsWith(`${to.namespace}/${to.name}-`) ?? false);
		if (!srcOk || !dstOk) continue;
		const list = traces.get(e.traceId) ?? [];
		list.push(e);
		traces.set(e.traceId, list);
	}
	return [...traces.values()].map((hops) => {
		const denied = hops.find((h) => h.decision.result === 'deny');
		// A hop further on, between other workloads (the waypoint to the pod), may be the one
		// denied: a leftover policy that turns the request into a 503. Name it in the evidence.
		const onward = (all.get(hops[0]!.traceId) ?? []).find(
			(h) => h.decision.result === 'deny' && !hops.includes(h)
		);
		const fault = denied ?? onward;
		const decided = denied ?? hops.find((h) => h.decision.policy);
		const http = hops.find((h) => h.http)?.http;
		const waypoint = hops.find((h) => h.waypoint)?.waypoint;
		const first = hops[0] as TrafficEvent;
		const identity = (decided ?? hops.find((h) => h.src.identity))?.src.identity;
		return {
			source: 'events',
			srcIp: first.src.ip,
			dst: first.dst.service ?? first.dst.workload ?? first.dst.ip,
			mtls: hops.some((h) => h.mtls),
			...(waypoint ? { waypoint } : {}),
			result: denied ? 'denied' : 'allowed',
			...(fault ? { denied: deniedWords(fault) } : {}),
			...(decided?.decision.policy ? { policy: decided.decision.policy } : {}),
			...(identity ? { identity } : {}),
			reason: (denied ?? first).decision.reason,
			...(http && http.status > 0 ? { status: http.status } : {}),
			hops: hops.map(
				(h) =>
					`${h.reporter} ${h.direction} (${h.proxy}): ${h.protocol}${h.mtls ? ' mTLS' : ' plaintext'}, ${h.decision.result}${h.decision.policy ? ` by ${h.decision.policy}` : ''} — ${h.decision.reason}${h.error ? `; ${h.error}` : ''}`
			)
		} satisfies Flow;
	});
}

const sock = (a: { ip: string; port: number }): string => `${a.ip}:${a.port}`;

/**
 * Flows rebuilt from the capture, oldest first. A flow starts at the client's connect: to a
 * Service VIP or pod IP, redirected into its node's ztunnel (`hop` set) when the client is in
 * the mesh. Later connects from the same socket are its hops (ztunnel keeps the client's
 * address); a redirected connect without `hop` is the destination ztunnel delivering it. HBONE
 * tunnels are pooled, so mTLS is also recognised by tunnel traffic to the destination while the
 * flow is open.
 */
export function flowsFromCapture(
	entries: readonly CaptureEntry[],
	from: Workload,
	to: Workload,
	waypoints: ReadonlyMap<string, string>
): Flow[] {
	interface Chain {
		first: CaptureEntry;
		hops: CaptureEntry[];
		end: number;
	}
	const open = new Map<string, Chain>();
	const chains: Chain[] = [];
	const byConn = new Map<string, CaptureEntry[]>();
	const destIps = new Set([...to.podIps, ...waypoints.keys()]);
	for (const e of entries) {
		const key = String(e.conn);
		const list = byConn.get(key) ?? [];
		list.push(e);
		byConn.set(key, list);
		if (e.type === 'connect' && isFrom(e.src.ip, from)) {
			const chain = open.get(sock(e.src));
			const delivery = e.redirected === true && e.hop === undefined;
			if (chain && chain.end === Infinity) chain.hops.push(e);
			else if (!delivery && (isTo(e.dst.ip, to) || waypoints.has(e.dst.ip))) {
				const c: Chain = { first: e, hops: [e], end: Infinity };
				open.set(sock(e.src), c);
				chains.push(c);
			}
		}
		if (e.type === 'close' || e.type === 'reset') {
			for (const side of [sock(e.src), sock(e.dst)]) {
				const c = open.get(side);
				if (c && c.first.conn === e.conn && c.end === Infinity) c.end = e.at;
			}
		}
	}
	const tunnelled = (c: Chain): boolean =>
		c.hops.some((h) => !h.redirected && h.dst.port === HBONE_PORT) ||
		(c.first.redirected === true &&
			entries.some(
				(e) =>
					!e.redirected &&
					e.dst.port === HBONE_PORT &&
					destIps.has(e.dst.ip) &&
					e.sent >= c.first.sent &&
					e.sent <= c.end
			));
	return chains.map((c) => {
		const { first, hops } = c;
		const mtls = tunnelled(c);
		const wire = hops.filter((h) => !h.redirected);
		const waypoint = wire.map((h) => waypoints.get(h.dst.ip)).find((w) => w !== undefined);
		const conn = byConn.get(String(first.conn)) ?? [];
		const fromServer = conn.filter(
			(e) => e.type === 'data' && sock(e.dst) === sock(first.src) && e.length > 0
		);
		const reset = conn.find((e) => e.type === 'reset');
		const head = fromServer[0]?.payload ? new TextDecoder().decode(fromServer[0].payload) : '';
		const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
		const result = fromServer.length > 0 ? 'allowed' : reset ? 'denied' : 'unknown';
		return {
			source: 'capture',
			srcIp: first.src.ip,
			dst: sock(first.dst),
			mtls,
			...(waypoint ? { waypoint } : {}),
			result,
			...(reset ? { reason: `connection reset${reset.reason ? ` (${reset.reason})` : ''}` } : {}),
			...(status ? { status: Number(status) } : {}),
			hops: hops.map(
				(h) =>
					`${sock(h.src)} → ${sock(h.dst)}${h.redirected ? (h.hop ? ' (redirected to ztunnel)' : ' (delivered by ztunnel)') : h.dst.port === HBONE_PORT ? ' HBONE (mTLS)' : ' plaintext TCP'}`
			)
		} satisfies Flow;
	});
}
