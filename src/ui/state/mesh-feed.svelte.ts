/**
 * What the Topology, Traces and Capture tabs read: the runtime's capture journal and proxies'
 * TrafficEvents, plus the API objects the topology draws (rebuilt when a watch event says they
 * changed, like ClusterView). They are gathered every ~250 ms only while one of those views is
 * on screen (`view()`) and the page is visible: with none open, nothing is asked of the runtime
 * (in the browser that is every pod worker), and the journals' bounded rings keep the recent
 * history a view shows when it opens. Each round's new rows go into ring buffers; the arrays the
 * views read are built from them when read, at most once per round (STYLE.md principle 12).
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import type { KubeObject, NodeObject, Pod, Service } from '../../mesh/api/objects.ts';
import type { Cluster } from '../../mesh/cluster.ts';
import type { TrafficEvent } from '../../mesh/telemetry/traffic.ts';
import type { CaptureEntry } from '../../mesh/net/capture.ts';
import { RingBuffer } from '../../mesh/runtime/ring-buffer.ts';
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

/** The runtime's display read (only hosts with news are asked), or both journals in full. */
async function recentJournals(
	cluster: Cluster,
	captureSince: number,
	trafficSince: number
): Promise<{
	capture: { entries: CaptureEntry[]; next: number };
	traffic: { events: TrafficEvent[]; next: number };
}> {
	const runtime = cluster.runtime;
	if (runtime.recent) return runtime.recent(captureSince, trafficSince);
	const [capture, traffic] = await Promise.all([
		runtime.capture(captureSince),
		runtime.traffic(trafficSince)
	]);
	return { capture, traffic };
}

const emptyInventory = buildInventory({ nodes: [], pods: [], services: [], namespaces: [] });

/** A ring read as an array: built on the first read after a change, then shared. */
class RingView<T> {
	readonly ring: RingBuffer<T>;
	/** The `$state` a reader depends on: set, never read, by a change (an effect may change it). */
	#version = $state(0);
	#changes = 0;
	#built: { version: number; items: readonly T[] } = { version: 0, items: [] };

	constructor(capacity: number) {
		this.ring = new RingBuffer<T>(capacity);
	}

	add(items: readonly T[]): void {
		this.ring.pushAll(items);
		this.#version = ++this.#changes;
	}

	clear(): void {
		this.ring.clear();
		this.#version = ++this.#changes;
	}

	get items(): readonly T[] {
		const version = this.#version;
		if (this.#built.version !== version) this.#built = { version, items: this.ring.toArray() };
		return this.#built.items;
	}
}

export class MeshFeed {
	readonly #segments: RingView<SegmentRow>;
	readonly #events: RingView<TrafficEvent>;
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
	/** Views on screen that read capture or traffic (`view()`). */
	#viewers = 0;

	constructor(options: MeshFeedOptions = {}) {
		this.#intervalMs = options.intervalMs ?? 250;
		this.#maxSegments = options.maxSegments ?? 3000;
		this.#maxEvents = options.maxEvents ?? 3000;
		this.#now = options.now ?? (() => performance.now());
		this.#segments = new RingView(this.#maxSegments);
		this.#events = new RingView(this.#maxEvents);
	}

	get segments(): readonly SegmentRow[] {
		return this.#segments.items;
	}

	get events(): readonly TrafficEvent[] {
		return this.#events.items;
	}

	/** True while a view that shows capture or traffic is on screen. */
	get viewed(): boolean {
		return this.#viewers > 0;
	}

	/**
	 * A view that shows capture or traffic came on screen: the feed gathers at once and every
	 * interval until the returned function says the last such view left.
	 */
	view(): () => void {
		this.#viewers++;
		if (this.#viewers === 1 && this.#cluster && this.#timer === undefined && !this.#polling)
			void this.poll();
		let left = false;
		return () => {
			if (left) return;
			left = true;
			this.#viewers--;
			if (this.#viewers === 0 && this.#timer !== undefined) {
				clearTimeout(this.#timer);
				this.#timer = undefined;
			}
		};
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
		if (this.viewed) void this.poll();
		return () => this.disconnect();
	}

	/**
	 * A new cluster (Restart mesh, Reset lesson, another lesson): its journals start at 0 and its
	 * requests may reuse nothing of the old one's, so every view starts empty with it.
	 */
	#forget(): void {
		this.#captureNext = 0;
		this.#trafficNext = 0;
		this.#segments.clear();
		this.#events.clear();
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
		if (document.visibilityState === 'visible' && this.viewed && this.#timer === undefined)
			void this.poll();
	};

	/**
	 * One round: new API objects, capture entries and events; then the next round is timed, while
	 * a view is on screen.
	 */
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
			if (this.#cluster && this.viewed && this.#timer === undefined) void this.poll();
			return;
		}
		const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
		if (this.#timer !== undefined) return;
		this.#timer =
			hidden || !this.viewed
				? undefined
				: setTimeout(() => {
						this.#timer = undefined;
						void this.poll();
					}, this.#intervalMs);
	}

	async #pollOnce(cluster: Cluster): Promise<void> {
		let changed = false;
		const { capture, traffic } = await recentJournals(
			cluster,
			this.#captureNext,
			this.#trafficNext
		);
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
			this.#segments.add(keep.map((e, i) => segmentRow(base + skipped + i + 1, e)));
			changed = true;
		}
		if (traffic.events.length > 0) {
			this.#ledger.addTraffic(traffic.events, this.#inventory, now);
			this.#events.add(traffic.events);
			changed = true;
		}
		// Liveness fades with time alone: keep rebuilding while any edge is still drawn live.
		if (changed || this.#topology.edges.some((e) => e.live)) {
			this.#topology = buildTopology(this.#inventory, this.#ledger, now);
		}
	}
}
