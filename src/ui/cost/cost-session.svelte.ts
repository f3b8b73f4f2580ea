/**
 * The cost view's inputs: the cluster's nodes, pods, Services and Gateways, re-read from the API
 * server at most every `intervalMs` after a change, and the assumptions the learner edits.
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import type { KubeObject, NodeObject, Pod, Service } from '../../mesh/api/objects.ts';
import {
	PUBLISHED_ASSUMPTIONS,
	defaultScope,
	type ClusterObjects,
	type WaypointScope
} from './model.ts';

const KINDS = new Set(['Pod', 'Node', 'Service', 'Gateway']);
const EMPTY: ClusterObjects = { nodes: [], pods: [], services: [], gateways: [] };

/** A kind the API server does not serve yet (Gateway before Istio's CRDs) reads as empty. */
function readObjects(api: ApiServer): ClusterObjects {
	const list = (typed: string): KubeObject[] => {
		const type = api.resolve(typed);
		if (!type) return [];
		const items = api.list(type);
		return Array.isArray(items) ? items : [];
	};
	return {
		nodes: list('nodes') as NodeObject[],
		pods: list('pods') as Pod[],
		services: list('services') as Service[],
		gateways: list('gateways')
	};
}

export class CostSession {
	#objects = $state.raw<ClusterObjects>(EMPTY);
	#timer: ReturnType<typeof setTimeout> | undefined;
	cpuMillis = $state(PUBLISHED_ASSUMPTIONS.cpuMillis);
	memoryMi = $state(PUBLISHED_ASSUMPTIONS.memoryMi);
	/** Undefined until the learner picks one: then it follows the cluster (`defaultScope`). */
	chosenScope = $state<WaypointScope | undefined>(undefined);

	readonly #intervalMs: number;

	constructor(intervalMs = 200) {
		this.#intervalMs = intervalMs;
	}

	get objects(): ClusterObjects {
		return this.#objects;
	}

	get scope(): WaypointScope {
		return this.chosenScope ?? defaultScope(this.#objects);
	}

	/** Starts following `api`; returns the cleanup. */
	connect(api: ApiServer): () => void {
		this.#objects = readObjects(api);
		const unwatch = api.watch((event) => {
			if (!KINDS.has(event.object.kind) || this.#timer !== undefined) return;
			this.#timer = setTimeout(() => {
				this.#timer = undefined;
				this.#objects = readObjects(api);
			}, this.#intervalMs);
		});
		return () => {
			unwatch();
			if (this.#timer !== undefined) clearTimeout(this.#timer);
			this.#timer = undefined;
		};
	}

	resetAssumptions(): void {
		this.cpuMillis = PUBLISHED_ASSUMPTIONS.cpuMillis;
		this.memoryMi = PUBLISHED_ASSUMPTIONS.memoryMi;
		this.chosenScope = undefined;
	}
}
