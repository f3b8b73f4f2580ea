/**
 * What the Topology, Traces and Capture tabs read: the runtime's capture journal and proxies'
 * TrafficEvents, polled every ~250 ms while the page is visible into bounded buffers, plus the
 * API objects the topology draws (rebuilt when a watch event says they changed, like
 * ClusterView). Snapshots are replaced whole in `$state.raw` (STYLE.md principle 12).
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import type { KubeObject, NodeObject, Pod, Service } from '../../mesh/api/objects.ts';
import type { Cluster } from '../../mesh/cluster.ts';
import type { TrafficEvent } from '../../mesh/telemetry/traffic.ts';
import { segmentRow, type SegmentRow } from '../capture/segments.ts';
import { explainContext, type ExplainContext } from '../traces/explain.ts';
import { EdgeLedger } from '../topology/edges.ts';
import { externalHostAt } from '../../mesh/net/internet.ts';
import { buildInventory, type Inventory } from '../topology/inventory.ts';
import { buildTopology, type TopologyModel } from '../topology/model.ts';

export interface MeshFeedOptions {
	readonly intervalMs?: number;
	/** Segments kept for the Capture tab (200 requests/s is thousands of segments a second). */
	readonly maxSegments?: number;
	readonly maxEvents?: number;
	/** The clock that drives edge liveness; the page's `performance.now`. */
	readonly now?: () => number;
}

const DRAWN_KINDS = new Set(['Pod', 'Node', 'Service', 'Namespace']);

function list<T extends KubeObject>(api: ApiServer, typed: string): T[] {
	const type = api.resolve(typed);
	const items = type ? api.list(type) : [];
	return Array.isArray(items) ? (items as T[]) : [];
}

export function readInventory(
	api: ApiServer,
	external: readonly { name: string; ip: string }[] = []
): Inventory {
	return buildInventory({
		nodes: list<NodeObject>(api, 'nodes'),
		pods: list<Pod>(api, 'pods'),
		services: list<Service>(api, 'services'),
		namespaces: list<KubeObject>(api, 'namespaces'),
		external
	});
}

/** AuthorizationPolicies (with status) and pod labels: what the Traces tab's "Why" notes read. */
export function readExplainContext(api: ApiServer): ExplainContext {
	return explainContext(
		list<KubeObject>(api, 'authorizationpolicies.security.istio.io'),
		list<Pod>(api, 'pods')
	);
}

const emptyInventory = buildInventory({ nodes: [], pods: [], services: [], namespaces: [] });

export class MeshFeed {
	#segments = $state.raw<readonly SegmentRow[]>([]);
	#events = $state.raw<readonly TrafficEvent[]>([]);
	#topology = $state.raw<TopologyModel>(buildTopology(emptyInventory, new EdgeLedger(), 0));
	#explain = $state.raw<ExplainContext>(explainContext([], []));
	/** Bumped when a new cluster replaces the old one: views drop what they froze or selected. */
	generation = $state(0);
	/** The trace the Traces tab shows; set by a click on a topology edge too. */
	selectedTraceId = $state<string | undefined>(undefined);

	readonly #intervalMs: number;
	readonly #maxSegments: number;
	readonly #maxEvents: number;
	readonly #now: () => number;
	#cluster: Cluster | undefined;
	/** The cluster last connected: reconnecting to it (tab hidden, shown) keeps the rows. */
	#last: Cluster | undefined;
	#inventory: Inventory = emptyInventory;
	/** Hosts on the simulated internet that traffic reached: drawn from then on. */
	#external: Record<string, string> = {};
	#ledger = new EdgeLedger();
	#stale = true;
	#policiesStale = true;
	#captureNext = 0;
	#trafficNext = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#unwatch: (() => void) | undefined;
	#polling = false;

	constructor(options: MeshFeedOptions = {}) {
		this.#intervalMs = options.intervalMs ?? 250;
		this.#maxSegments = options.maxSegments ?? 3000;
		this.#maxEvents = options.maxEvents ?? 3000;
		this.#now = options.now ?? (() => performance.now());
	}

	get segments(): readonly SegmentRow[] {
		return this.#segments;
	}

	get events(): readonly TrafficEvent[] {
		return this.#events;
	}

	get topology(): TopologyModel {
		return this.#topology;
	}

	get explainContext(): ExplainContext {
		return this.#explain;
	}

	/** Starts polling `cluster`; returns the cleanup (also reachable as `disconnect`). */
	connect(cluster: Cluster): () => void {
		this.disconnect();
		if (cluster !== this.#last) this.#forget();
		this.#last = cluster;
		this.#cluster = cluster;
		this.#unwatch = cluster.api.watch((e) => {
			if (DRAWN_KINDS.has(e.object.kind)) this.#stale = true;
			if (e.object.kind === 'AuthorizationPolicy' || e.object.kind === 'Pod')
				this.#policiesStale = true;
		});
		this.#stale = true;
		this.#policiesStale = true;
		if (typeof document !== 'undefined')
			document.addEventListener('visibilitychange', this.#onVisibility);
		void this.poll();
		return () => this.disconnect();
	}

	/**
	 * A new cluster (Restart mesh, Reset lesson, another lesson): its journals start at 0 and its
	 * requests may reuse nothing of the old one's, so every view starts empty with it.
	 */
	#forget(): void {
		this.#captureNext = 0;
		this.#trafficNext = 0;
		this.#segments = [];
		this.#events = [];
		this.#inventory = emptyInventory;
		this.#external = {};
		this.#ledger = new EdgeLedger();
		this.#topology = buildTopology(emptyInventory, this.#ledger, this.#now());
		this.#explain = explainContext([], []);
		this.selectedTraceId = undefined;
		this.generation++;
	}

	disconnect(): void {
		this.#unwatch?.();
		this.#unwatch = undefined;
		this.#cluster = undefined;
		if (this.#timer !== undefined) clearTimeout(this.#timer);
		this.#timer = undefined;
		if (typeof document !== 'undefined')
			document.removeEventListener('visibilitychange', this.#onVisibility);
	}

	#onVisibility = (): void => {
		if (document.visibilityState === 'visible' && this.#timer === undefined) void this.poll();
	};

	/** One round: new API objects, capture entries and events; then the next round is timed. */
	async poll(): Promise<void> {
		const cluster = this.#cluster;
		if (!cluster || this.#polling) return;
		this.#polling = true;
		try {
			await this.#pollOnce(cluster);
		} catch (err) {
			// A disposed cluster's runtime rejects; the next connect starts afresh.
			if (this.#cluster === cluster) console.warn('mesh feed: poll failed', err);
		} finally {
			this.#polling = false;
		}
		if (this.#cluster !== cluster) {
			// Connected to another cluster while this round ran: that connect's own first poll
			// returned at once (one round at a time), so this round starts its polling.
			if (this.#cluster && this.#timer === undefined) void this.poll();
			return;
		}
		const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
		this.#timer = hidden
			? undefined
			: setTimeout(() => {
					this.#timer = undefined;
					void this.poll();
				}, this.#intervalMs);
	}

	async #pollOnce(cluster: Cluster): Promise<void> {
		let changed = false;
		const [capture, traffic] = await Promise.all([
			cluster.runtime.capture(this.#captureNext),
			cluster.runtime.traffic(this.#trafficNext)
		]);
		if (this.#cluster !== cluster) return;
		// An external host first reached now is drawn before its edges are folded in.
		for (const e of capture.entries) {
			const host = externalHostAt(e.dst.ip);
			if (host && this.#external[host.name] === undefined) {
				this.#external[host.name] = host.ip;
				this.#stale = true;
			}
		}
		if (this.#stale) {
			this.#stale = false;
			this.#inventory = readInventory(
				cluster.api,
				Object.entries(this.#external).map(([name, ip]) => ({ name, ip }))
			);
			this.#ledger.prune(this.#inventory);
			changed = true;
		}
		if (this.#policiesStale) {
			this.#policiesStale = false;
			this.#explain = readExplainContext(cluster.api);
		}
		const now = this.#now();
		// A runtime restarted under us (fresh journal) reports a smaller total: start over.
		if (capture.next < this.#captureNext) this.#captureNext = 0;
		if (traffic.next < this.#trafficNext) this.#trafficNext = 0;
		this.#captureNext = capture.next;
		this.#trafficNext = traffic.next;
		if (capture.entries.length > 0) {
			this.#ledger.addCapture(capture.entries, this.#inventory, now);
			// Numbered from 1 by journal index, as Wireshark numbers frames.
			const base = capture.next - capture.entries.length;
			const keep = capture.entries.slice(-this.#maxSegments);
			const skipped = capture.entries.length - keep.length;
			const fresh = keep.map((e, i) => segmentRow(base + skipped + i + 1, e));
			this.#segments = [...this.#segments, ...fresh].slice(-this.#maxSegments);
			changed = true;
		}
		if (traffic.events.length > 0) {
			this.#ledger.addTraffic(traffic.events, this.#inventory, now);
			this.#events = [...this.#events, ...traffic.events].slice(-this.#maxEvents);
			changed = true;
		}
		// Liveness fades with time alone: keep rebuilding while any edge is still drawn live.
		if (changed || this.#topology.edges.some((e) => e.live)) {
			this.#topology = buildTopology(this.#inventory, this.#ledger, now);
		}
	}
}
