/**
 * The nodes-and-pods picture the visual pane renders. The API server emits one watch event per
 * change (a Bookinfo deploy is dozens), so events only mark the picture stale and it is rebuilt
 * at most every `intervalMs`, replaced whole in `$state.raw` (STYLE.md principle 12).
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import {
	affectsSnapshot,
	emptySnapshot,
	readSnapshot,
	type ClusterSnapshot,
	type PodView
} from './cluster-snapshot.ts';

export interface ClusterViewOptions {
	/** Minimum time between rebuilds; the default is about six frames. */
	readonly intervalMs?: number;
}

/** One cluster of several: its API server and the kubeconfig context it is shown under. */
export interface NamedApi {
	readonly context: string;
	readonly api: ApiServer;
}

export class ClusterView {
	#snapshot = $state.raw<ClusterSnapshot>(emptySnapshot);
	#apis: readonly NamedApi[] = [];
	#unwatch: (() => void) | undefined;
	#timer: ReturnType<typeof setTimeout> | undefined;
	readonly #intervalMs: number;

	constructor(options: ClusterViewOptions = {}) {
		this.#intervalMs = options.intervalMs ?? 100;
	}

	get snapshot(): ClusterSnapshot {
		return this.#snapshot;
	}

	get nodes(): ClusterSnapshot['nodes'] {
		return this.#snapshot.nodes;
	}

	/** Every pod, in node order then the unscheduled ones. */
	get pods(): PodView[] {
		return [...this.#snapshot.nodes.flatMap((n) => n.pods), ...this.#snapshot.unscheduled];
	}

	/** Starts following `api`; returns the cleanup (also reachable as `disconnect`). */
	connect(api: ApiServer): () => void {
		return this.connectClusters([{ context: '', api }]);
	}

	/**
	 * Follows several clusters (`?clusters=2`): their nodes in the order given, each tagged with
	 * its context so the Nodes tab groups them.
	 */
	connectClusters(apis: readonly NamedApi[]): () => void {
		this.disconnect();
		this.#apis = apis;
		const offs = apis.map(({ api }) =>
			api.watch((event) => {
				if (affectsSnapshot(event.object.kind)) this.#schedule();
			})
		);
		this.#unwatch = () => offs.forEach((off) => off());
		this.#rebuild();
		return () => this.disconnect();
	}

	disconnect(): void {
		this.#unwatch?.();
		this.#unwatch = undefined;
		this.#apis = [];
		if (this.#timer !== undefined) clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	#schedule(): void {
		if (this.#timer !== undefined) return;
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			this.#rebuild();
		}, this.#intervalMs);
	}

	#rebuild(): void {
		if (this.#apis.length === 0) return;
		if (this.#apis.length === 1 && this.#apis[0]) {
			this.#snapshot = readSnapshot(this.#apis[0].api);
			return;
		}
		const each = this.#apis.map(({ context, api }) => ({ context, snap: readSnapshot(api) }));
		this.#snapshot = {
			nodes: each.flatMap(({ context, snap }) =>
				snap.nodes.map((n) => ({ ...n, cluster: context }))
			),
			unscheduled: each.flatMap(({ snap }) => snap.unscheduled)
		};
	}
}
