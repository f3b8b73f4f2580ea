/**
 * The pod workers of the worker runtime: spawned as placement asks (worker-packing.ts), watched
 * by one heartbeat each (worker-liveness.ts), retired once their last host stopped. A worker
 * that dies takes every host in it down: `onDied` hears of it once, with the worker's hosts.
 */
import { releaseProxy, wrap, type Endpoint, type Remote } from 'comlink';
import type { HostSpec } from '../mesh/runtime/host.ts';
import type { HostId, NodeName } from '../mesh/types.ts';
import { placeHost, type PackingOptions, type Pool } from './worker-packing.ts';
import {
	DEFAULT_HEARTBEAT,
	watchWorker,
	type HeartbeatOptions,
	type Liveness
} from './worker-liveness.ts';
import type { PodWorkerApi } from '../../workers/host-api.ts';

export interface SpawnedWorker {
	readonly endpoint: Endpoint;
	terminate(): void | Promise<unknown>;
	/** Hears of the worker ending on its own (Node's `exit`, a browser Worker's `error`). */
	onExit?(listener: (reason: string) => void): void;
}

export interface PodWorker {
	readonly spawned: SpawnedWorker;
	readonly api: Remote<PodWorkerApi>;
	readonly liveness: Liveness;
	/**
	 * Resolves once the worker died or was retired (terminated with its last host): a call in
	 * flight to it then never returns, so callers race it (worker-runtime.ts `alive`).
	 */
	readonly gone: Promise<void>;
	/** The node whose hosts it packs; undefined for a worker of one pod. */
	readonly node: NodeName | undefined;
	/** Which of the node's hosts it packs (worker-packing.ts); absent: any. */
	readonly pool: Pool | undefined;
	readonly hosts: Set<HostId>;
}

export interface PodWorkersOptions {
	readonly spawn: () => SpawnedWorker;
	readonly wait: (wallMs: number) => Promise<void>;
	readonly heartbeat?: HeartbeatOptions;
	readonly packing?: PackingOptions;
	/** Called on each new worker before any host: it gets the runtime's tables, faults, pause. */
	readonly prepare: (worker: PodWorker) => void;
	/** A worker died (terminated, crashed, stopped answering) with these hosts in it. */
	readonly onDied: (worker: PodWorker, reason: string) => void;
}

export class PodWorkers {
	/** Live workers that may take hosts, oldest first. */
	#workers: PodWorker[] = [];
	readonly #all = new Set<PodWorker>();
	readonly #end = new WeakMap<PodWorker, () => void>();

	constructor(private readonly options: PodWorkersOptions) {}

	/** Live workers (dead ones answer nothing: their calls are skipped). */
	get live(): readonly PodWorker[] {
		return this.#workers;
	}

	/** The worker `spec` runs in: a sibling's (packed) or a new one. `running` counts live hosts. */
	place(spec: HostSpec, running: number): PodWorker {
		const slots = this.#workers.map((w) => ({
			node: w.node,
			...(w.pool ? { pool: w.pool } : {}),
			hosts: w.hosts.size
		}));
		const placed = placeHost(spec, slots, running, this.options.packing);
		const worker =
			typeof placed === 'number'
				? (this.#workers[placed] as PodWorker)
				: this.#spawn(placed.new, placed.pool);
		worker.hosts.add(spec.id);
		return worker;
	}

	/** Host `id` left `worker`; a worker left empty is terminated (its memory goes). */
	async release(worker: PodWorker, id: HostId): Promise<void> {
		worker.hosts.delete(id);
		if (worker.hosts.size > 0) return;
		this.#retire(worker);
		worker.api[releaseProxy]();
		await worker.spawned.terminate();
	}

	async dispose(): Promise<void> {
		const all = [...this.#all];
		for (const w of all) this.#retire(w);
		await Promise.all(all.map((w) => w.spawned.terminate()));
	}

	#spawn(node: NodeName | undefined, pool: Pool | undefined): PodWorker {
		const spawned = this.options.spawn();
		const api = wrap<PodWorkerApi>(spawned.endpoint);
		const liveness = watchWorker(
			// A read without side effects: a ping must not move a host's clock.
			() => api.protocolErrors(),
			this.options.wait,
			this.options.heartbeat ?? DEFAULT_HEARTBEAT
		);
		let end = (): void => {};
		const gone = new Promise<void>((resolve) => (end = resolve));
		const worker: PodWorker = { spawned, api, liveness, node, pool, hosts: new Set(), gone };
		this.#end.set(worker, end);
		void liveness.died.then(end);
		this.#workers.push(worker);
		this.#all.add(worker);
		spawned.onExit?.((reason) => liveness.kill(reason));
		void liveness.died.then((reason) => {
			this.#workers = this.#workers.filter((w) => w !== worker);
			this.options.onDied(worker, reason);
		});
		this.options.prepare(worker);
		return worker;
	}

	#retire(worker: PodWorker): void {
		worker.liveness.stop();
		this.#end.get(worker)?.();
		this.#workers = this.#workers.filter((w) => w !== worker);
		this.#all.delete(worker);
	}
}
