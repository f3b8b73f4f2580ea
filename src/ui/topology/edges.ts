/**
 * The edge ledger: what traffic has flowed between two drawn things, folded in incrementally
 * from the capture journal (every connection, even with no proxy to report it) and from proxies'
 * TrafficEvents (identities, policy decisions, L7). 200 requests/s is thousands of segments a
 * second, so each entry costs a map lookup and nothing is rescanned.
 */
import type { CaptureEntry } from '../../mesh/net/capture.ts';
import type { TrafficEvent } from '../../mesh/telemetry/traffic.ts';
import type { Inventory, TopologyItem } from './inventory.ts';
import { HBONE_PORT } from '../../mesh/istio/ports.ts';

/**
 * plaintext: TCP in the clear. mtls: HBONE (or TLS) between proxies. l7: through a waypoint.
 * denied: a policy said no. failed: reset, refused or dropped with no policy to blame.
 */
export type EdgeKind = 'plaintext' | 'mtls' | 'l7' | 'denied' | 'failed';

export const EDGE_KINDS: readonly EdgeKind[] = ['plaintext', 'mtls', 'l7', 'denied', 'failed'];

/** When one request is seen as several kinds at once, the most telling one is drawn. */
const PRIORITY: Record<EdgeKind, number> = { plaintext: 0, mtls: 1, l7: 2, failed: 3, denied: 4 };

/** Sim ms within which observations count as the same moment (one request's capture + events). */
const SAME_MOMENT_MS = 250;
const RECENT_TRACES = 20;
const MAX_CONNS = 4000;

/** Ports of control traffic (xDS, CA, webhooks, API server): drawn nowhere. */
const CONTROL_PORTS = new Set([15010, 15012, 15014, 15017, 15020, 15021, 6443, 443]);

export interface EdgeObservation {
	readonly kind: EdgeKind;
	/** Sim time of the observation. */
	readonly sim: number;
	/** The caller's clock (wall ms in the page) when it was folded in: drives "live". */
	readonly seen: number;
	/** For denied/failed: why, in the words the learner reads. */
	readonly reason?: string;
	readonly traceId?: string;
	/** `GET /productpage → 200` when a proxy saw the request. */
	readonly http?: string;
}

/** Requests one observer saw on an edge, and how many failed, by code (`403`, `reset`). */
export interface Tally {
	requests: number;
	readonly errors: Record<string, number>;
}

export interface EdgeRecord {
	readonly id: string;
	readonly from: string;
	readonly to: string;
	/** Observations by kind (a request seen by two proxies and the capture counts thrice). */
	readonly counts: Record<EdgeKind, number>;
	/**
	 * Per observer: `capture`, or a proxy's `reporter/direction`. Both ztunnels (and a
	 * waypoint) report one request, so the edge's count is the largest tally, not the sum.
	 */
	readonly tally: Record<string, Tally>;
	/** The newest word on its transport: HBONE or TLS (true), or the clear (false). */
	transport?: { secure: boolean; sim: number };
	/** The last observation of each kind. */
	readonly last: Partial<Record<EdgeKind, EdgeObservation>>;
	/** Most recent trace ids first. */
	readonly traceIds: string[];
}

interface ConnState {
	readonly edge: EdgeRecord;
	kind: EdgeKind;
	sawData: boolean;
}

const emptyCounts = (): Record<EdgeKind, number> => ({
	plaintext: 0,
	mtls: 0,
	l7: 0,
	denied: 0,
	failed: 0
});

const isTlsRecord = (b: Uint8Array | undefined): boolean =>
	!!b && b.length >= 3 && (b[0] === 0x16 || b[0] === 0x17) && b[1] === 0x03;

const RESET_WORDS: Record<string, string> = {
	refused: 'connection refused',
	reset: 'connection reset by peer',
	timeout: 'connection timed out',
	unreachable: 'no route to host'
};

/** The kind an edge shows: the newest, and among near-simultaneous ones the most telling. */
export function edgeState(record: EdgeRecord): EdgeObservation | undefined {
	const seen = EDGE_KINDS.map((k) => record.last[k]).filter((o): o is EdgeObservation => !!o);
	if (seen.length === 0) return undefined;
	const newest = Math.max(...seen.map((o) => o.sim));
	return seen
		.filter((o) => o.sim >= newest - SAME_MOMENT_MS)
		.reduce((a, b) => (PRIORITY[b.kind] > PRIORITY[a.kind] ? b : a));
}

export class EdgeLedger {
	readonly #edges = new Map<string, EdgeRecord>();
	readonly #conns = new Map<string, ConnState>();

	get edges(): ReadonlyMap<string, EdgeRecord> {
		return this.#edges;
	}

	/** Folds in capture entries; `inventory` resolves addresses to drawn things. */
	addCapture(entries: readonly CaptureEntry[], inventory: Inventory, seen: number): void {
		for (const e of entries) {
			const known = this.#conns.get(e.conn);
			if (e.type === 'connect' && !known) {
				this.#connect(e, inventory, seen);
				continue;
			}
			if (!known) continue;
			if (e.type === 'data' && !known.sawData) {
				known.sawData = true;
				// A sidecar's mTLS goes to the app port: the first record tells TLS from plaintext.
				if (known.kind === 'plaintext' && isTlsRecord(e.payload)) {
					known.kind = 'mtls';
					this.#observe(known.edge, { kind: 'mtls', sim: e.sent, seen });
				}
			} else if (e.type === 'reset' && e.reason) {
				const reason = RESET_WORDS[e.reason] ?? e.reason;
				this.#observe(known.edge, { kind: 'failed', sim: e.sent, seen, reason });
				countError(known.edge, 'capture', e.reason);
			}
			if (e.dropped) {
				const reason = 'dropped: no host has the address, or a fault dropped it';
				this.#observe(known.edge, { kind: 'failed', sim: e.sent, seen, reason });
				countError(known.edge, 'capture', 'dropped');
			}
			if (e.type === 'reset' || e.type === 'close') this.#conns.delete(e.conn);
		}
	}

	#connect(e: CaptureEntry, inventory: Inventory, seen: number): void {
		// The leg between an enrolled pod and its ztunnel stays inside the pod's netns.
		if (e.redirected || CONTROL_PORTS.has(e.dst.port)) return;
		const from = inventory.byIp.get(e.src.ip);
		const to = inventory.byIp.get(e.dst.ip);
		if (!from || !to || from.id === to.id) return;
		if (!drawsTraffic(from) || !drawsTraffic(to)) return;
		const kind: EdgeKind =
			e.dst.port === HBONE_PORT ? (to.kind === 'waypoint' ? 'l7' : 'mtls') : 'plaintext';
		const edge = this.#edge(from.id, to.id);
		this.#conns.set(e.conn, { edge, kind, sawData: false });
		if (this.#conns.size > MAX_CONNS) {
			const oldest = this.#conns.keys().next().value;
			if (oldest !== undefined) this.#conns.delete(oldest);
		}
		const obs: EdgeObservation = e.dropped
			? { kind: 'failed', sim: e.sent, seen, reason: 'dropped: no host has the address' }
			: { kind, sim: e.sent, seen };
		this.#observe(edge, obs);
		tallyOf(edge, 'capture').requests++;
		if (e.dropped) countError(edge, 'capture', 'dropped');
	}

	/** Folds in proxies' traffic events. */
	addTraffic(events: readonly TrafficEvent[], inventory: Inventory, seen: number): void {
		for (const ev of events) {
			const ends = eventEnds(ev, inventory);
			if (!ends) continue;
			const edge = this.#edge(ends.from.id, ends.to.id);
			const observer = `${ev.reporter}/${ev.direction}`;
			tallyOf(edge, observer).requests++;
			const code = errorCode(ev);
			if (code) countError(edge, observer, code);
			this.#observe(
				edge,
				{
					kind: eventKind(ev),
					sim: ev.end,
					seen,
					traceId: ev.traceId,
					...(eventReason(ev) ? { reason: eventReason(ev) } : {}),
					...(ev.http
						? { http: `${ev.http.method} ${ev.http.path} → ${ev.http.status || 'reset'}` }
						: {})
				},
				ev.mtls || ev.protocol === 'HBONE'
			);
		}
	}

	/** Drops edges whose ends are gone (pods deleted). */
	prune(inventory: Inventory): void {
		for (const [id, e] of this.#edges) {
			if (!inventory.items.has(e.from) || !inventory.items.has(e.to)) this.#edges.delete(id);
		}
	}

	#edge(from: string, to: string): EdgeRecord {
		const id = `${from}->${to}`;
		let edge = this.#edges.get(id);
		if (!edge) {
			edge = { id, from, to, counts: emptyCounts(), tally: {}, last: {}, traceIds: [] };
			this.#edges.set(id, edge);
		}
		return edge;
	}

	#observe(edge: EdgeRecord, obs: EdgeObservation, secure?: boolean): void {
		const sealed =
			secure ?? (obs.kind === 'plaintext' ? false : obs.kind === 'failed' ? undefined : true);
		if (sealed !== undefined && (!edge.transport || edge.transport.sim <= obs.sim))
			edge.transport = { secure: sealed, sim: obs.sim };
		edge.counts[obs.kind]++;
		const prev = edge.last[obs.kind];
		if (!prev || prev.sim <= obs.sim) edge.last[obs.kind] = obs;
		if (obs.traceId && edge.traceIds[0] !== obs.traceId) {
			const rest = edge.traceIds.filter((t) => t !== obs.traceId);
			edge.traceIds.splice(0, edge.traceIds.length, obs.traceId, ...rest);
			edge.traceIds.length = Math.min(edge.traceIds.length, RECENT_TRACES);
		}
	}
}

function tallyOf(edge: EdgeRecord, observer: string): Tally {
	return (edge.tally[observer] ??= { requests: 0, errors: {} });
}

function countError(edge: EdgeRecord, observer: string, code: string): void {
	const errors = tallyOf(edge, observer).errors;
	errors[code] = (errors[code] ?? 0) + 1;
}

/** An HTTP status ≥ 400 as Kiali counts it; else `denied` or `reset` for an L4 refusal. */
export function errorCode(ev: TrafficEvent): string | undefined {
	const status = ev.http?.status ?? 0;
	if (status >= 400) return String(status);
	if (ev.decision.result === 'deny') return 'denied';
	return ev.error ? 'reset' : undefined;
}

/**
 * What an edge carried: the requests its best-placed observer saw (proxies' reports when any
 * proxy saw it, else the capture's connections), and the errors by code, most first.
 */
export function edgeTotals(record: EdgeRecord): {
	requests: number;
	errors: { code: string; count: number }[];
} {
	const proxies = Object.keys(record.tally).filter((k) => k !== 'capture');
	const tallies = (proxies.length ? proxies : ['capture']).flatMap((k) => record.tally[k] ?? []);
	const errors = new Map<string, number>();
	for (const t of tallies)
		for (const [code, n] of Object.entries(t.errors))
			errors.set(code, Math.max(errors.get(code) ?? 0, n));
	return {
		requests: Math.max(0, ...tallies.map((t) => t.requests)),
		errors: [...errors]
			.map(([code, count]) => ({ code, count }))
			.sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
	};
}

/** Control-plane boxes (ztunnel, istiod) are not traffic ends: their legs are drawn pod to pod. */
const drawsTraffic = (item: TopologyItem): boolean =>
	item.kind === 'pod' || item.kind === 'waypoint' || item.kind === 'external';

function resolvePeer(peer: TrafficEvent['src'], inventory: Inventory): TopologyItem | undefined {
	return (
		(peer.workload ? inventory.byWorkload.get(peer.workload) : undefined) ??
		inventory.byIp.get(peer.ip)
	);
}

/**
 * Which drawn things a proxy's hop connects; a hop through a waypoint ends at the waypoint, and
 * a request the waypoint refuses ends there too.
 */
export function eventEnds(
	ev: TrafficEvent,
	inventory: Inventory
): { from: TopologyItem; to: TopologyItem } | undefined {
	let from: TopologyItem | undefined;
	let to: TopologyItem | undefined;
	// An L7 proxy (waypoint or ingress gateway) reports the hop from itself to the destination.
	if (ev.reporter === 'waypoint' || ev.reporter === 'gateway') {
		const waypoint =
			inventory.byWorkload.get(ev.proxy) ??
			(ev.waypoint ? inventory.waypoints.get(ev.waypoint) : undefined);
		// Refused by the waypoint's own policy (a 403): the request never left the waypoint, so
		// it counts on the edge that brought it there, not on the one to the destination.
		if (ev.decision.result === 'deny') {
			from = resolvePeer(ev.src, inventory);
			to = waypoint;
		} else {
			from = waypoint;
			to = resolvePeer(ev.dst, inventory);
		}
	} else {
		from = resolvePeer(ev.src, inventory);
		to =
			(ev.waypoint ? inventory.waypoints.get(ev.waypoint) : undefined) ??
			resolvePeer(ev.dst, inventory);
	}
	if (!from || !to || from.id === to.id) return undefined;
	return { from, to };
}

export function eventKind(ev: TrafficEvent): EdgeKind {
	if (ev.decision.result === 'deny') return 'denied';
	if (ev.error) return 'failed';
	// An ingress gateway is L7 too, but no waypoint: its hop shows how it reached the backend.
	if (ev.reporter === 'gateway') return ev.mtls ? 'mtls' : 'plaintext';
	if (ev.reporter === 'waypoint' || ev.waypoint || ev.layer === 'L7') return 'l7';
	return ev.mtls ? 'mtls' : 'plaintext';
}

/** The denial (with its policy and rule) or the error, for hover text. */
export function eventReason(ev: TrafficEvent): string | undefined {
	if (ev.decision.result === 'deny') {
		const where = ev.decision.policy
			? ` (policy ${ev.decision.policy}${ev.decision.rule !== undefined ? `, rule ${ev.decision.rule}` : ''})`
			: '';
		return `${ev.decision.reason}${where}`;
	}
	return ev.error;
}
