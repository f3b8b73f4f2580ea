/**
 * The kube-controller-manager role: controllers are level-triggered (each `sync` reconciles
 * everything it owns from the store), marked dirty by the watch events they care about, and run
 * until nothing is dirty. Writes made during a sync raise events that mark controllers dirty
 * again, so one user command settles the whole cascade before the store write returns.
 */
import type { ApiServer, WatchEvent } from '../api/api-server.ts';

export interface Controller {
	readonly name: string;
	/** Does this event change what the controller would do? */
	wants(event: WatchEvent): boolean;
	/** Reconciles; must write nothing once converged (so the loop ends). */
	sync(): void;
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
	#syncs = 0;
	#unsubscribe: (() => void) | undefined;
	/** Errors thrown by syncs, for tests and the invariant checker. */
	readonly errors: string[] = [];

	constructor(
		readonly api: ApiServer,
		readonly controllers: readonly Controller[]
	) {}

	start(): void {
		this.#unsubscribe = this.api.watch((event) => {
			for (const c of this.controllers) if (c.wants(event)) this.#dirty.add(c);
			this.drain();
		});
		for (const c of this.controllers) this.#dirty.add(c);
		this.drain();
	}

	stop(): void {
		this.#unsubscribe?.();
		this.#unsubscribe = undefined;
	}

	/** Marks one controller dirty from outside a watch event (e.g. the kubelet after a host starts). */
	poke(controller: Controller): void {
		this.#dirty.add(controller);
		this.drain();
	}

	drain(): void {
		if (this.#draining) return;
		this.#draining = true;
		try {
			while (this.#dirty.size > 0) {
				for (const c of this.controllers) {
					if (!this.#dirty.delete(c)) continue;
					// A cascade is synchronous, so a microtask marks its end.
					if (this.#syncs === 0) queueMicrotask(() => (this.#syncs = 0));
					if (++this.#syncs > MAX_SYNCS_PER_CASCADE) {
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
	}
}
