/**
 * The kube-controller-manager role: controllers are level-triggered (each `sync` reconciles
 * everything it owns from the store), marked dirty by the watch events they care about, and run
 * until nothing is dirty. Writes made during a sync raise events that mark controllers dirty
 * again, so one user command settles the whole cascade before the store write returns.
 *
 * Except where a controller bounds its work per pass (the ReplicaSet controller's burst of 500
 * pods, kube's `burstReplicas`): what it holds back runs in later passes, each after the runtime
 * yields to the host (a macrotask), so scaling to 10,000 never holds the page thread and a
 * command typed meanwhile, or Ctrl-C, gets through.
 */
import type { ApiServer, WatchEvent } from '../api/api-server.ts';

export interface Controller {
	readonly name: string;
	/** Does this event change what the controller would do? */
	wants(event: WatchEvent): boolean;
	/** Reconciles; must write nothing once converged (so the loop ends). */
	sync(): void;
	/**
	 * True while the controller has spent its per-pass budget (work held back, or a budget to
	 * refill): the manager then runs it again in a later pass, after a yield to the host.
	 */
	held?(): boolean;
	/** A later pass begins: per-pass budgets refill. */
	resume?(): void;
	/**
	 * Given `wake` at start: a controller that gathers work outside a sync (the kubelet's status
	 * reports as hosts finish starting) calls it to have a later pass run.
	 */
	attach?(wake: () => void): void;
}

/**
 * Runs `reconcile` for each object so that one object that throws (a shape validation missed)
 * cannot stop the others; the failures are rethrown together for the manager to record.
 */
export function reconcileEach<T extends { metadata: { name: string; namespace?: string } }>(
	objects: readonly T[],
	reconcile: (obj: T) => void
): void {
	const failures: string[] = [];
	for (const obj of objects) {
		try {
			reconcile(obj);
		} catch (e) {
			const key = `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
			failures.push(`${key}: ${e instanceof Error ? e.message : String(e)}`);
		}
	}
	if (failures.length > 0) throw new Error(failures.join('; '));
}

/** A controller that loops more than this within one cascade has a bug: stop, don't hang the tab. */
const MAX_SYNCS_PER_CASCADE = 5000;

export class ControllerManager {
	readonly #dirty = new Set<Controller>();
	#draining = false;
	#unsubscribe: (() => void) | undefined;
	#stopped = false;
	/** The running series of later passes, while some controller holds work. */
	#later: Promise<void> | undefined;
	/** Errors thrown by syncs, for tests and the invariant checker. */
	readonly errors: string[] = [];

	/**
	 * `yieldToHost` is the runtime's macrotask boundary between passes; without one (test
	 * fakes) a pass waits for a microtask only.
	 */
	constructor(
		readonly api: ApiServer,
		readonly controllers: readonly Controller[],
		readonly yieldToHost: () => Promise<void> = () => Promise.resolve()
	) {}

	start(): void {
		for (const c of this.controllers) c.attach?.(() => this.#scheduleLater());
		// Events only mark controllers dirty; they sync once the write's events are all delivered.
		this.#unsubscribe = this.api.watch(
			(event) => {
				for (const c of this.controllers) if (c.wants(event)) this.#dirty.add(c);
			},
			() => this.drain()
		);
		for (const c of this.controllers) this.#dirty.add(c);
		this.drain();
	}

	stop(): void {
		this.#stopped = true;
		this.#unsubscribe?.();
		this.#unsubscribe = undefined;
	}

	get stopped(): boolean {
		return this.#stopped;
	}

	/** Resolves once no controller holds work for a later pass. */
	async idle(): Promise<void> {
		while (this.#later) await this.#later;
	}

	/** Starts the series of later passes if a controller holds work and none is running. */
	#scheduleLater(): void {
		if (this.#later || this.#stopped || !this.controllers.some((c) => c.held?.())) return;
		this.#later = (async () => {
			try {
				while (!this.#stopped) {
					await this.yieldToHost();
					const due = this.controllers.filter((c) => c.held?.());
					if (due.length === 0 || this.#stopped) return;
					for (const c of due) {
						c.resume?.();
						this.#dirty.add(c);
					}
					this.drain();
				}
			} catch (e) {
				this.errors.push(`controller-manager: ${e instanceof Error ? e.message : String(e)}`);
			} finally {
				this.#later = undefined;
			}
		})();
	}

	/** Marks one controller dirty from outside a watch event (e.g. the kubelet after a host starts). */
	poke(controller: Controller): void {
		this.#dirty.add(controller);
		this.drain();
	}

	drain(): void {
		if (this.#draining) return;
		this.#draining = true;
		// One drain is one cascade (it is synchronous and never re-entered), so count per drain.
		let syncs = 0;
		try {
			while (this.#dirty.size > 0) {
				for (const c of this.controllers) {
					if (!this.#dirty.delete(c)) continue;
					if (++syncs > MAX_SYNCS_PER_CASCADE) {
						this.errors.push(`${c.name}: sync loop did not converge`);
						this.#dirty.clear();
						return;
					}
					try {
						c.sync();
					} catch (e) {
						this.errors.push(`${c.name}: ${e instanceof Error ? e.message : String(e)}`);
					}
				}
			}
		} finally {
			this.#draining = false;
		}
		this.#scheduleLater();
	}
}
