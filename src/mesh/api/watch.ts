/**
 * Delivers watch events in the order writes happened. A listener that writes (a controller)
 * does not see its own event before the other listeners have seen the one being delivered:
 * events raised during delivery are queued and delivered after it, run to completion. A write
 * made of several steps (deleting a namespace and everything in it) runs inside `atomically`,
 * so listeners only see it once it is complete. Once the queue is empty, `idle` callbacks run
 * (controllers reconcile there); what they write is delivered in turn, until nothing is left.
 */
import type { WatchEvent } from './api-server.ts';

export class WatchHub {
	readonly #listeners = new Set<(e: WatchEvent) => void>();
	readonly #idle = new Set<() => void>();
	readonly #queue: WatchEvent[] = [];
	#delivering = false;
	/** Errors listeners threw; a broken listener must not undo or hide a stored write. */
	readonly errors: unknown[] = [];

	subscribe(listener: (e: WatchEvent) => void, idle?: () => void): () => void {
		// Wrap so the same function may subscribe twice and unsubscribe once.
		const entry = (e: WatchEvent): void => listener(e);
		const idleEntry = idle && ((): void => idle());
		this.#listeners.add(entry);
		if (idleEntry) this.#idle.add(idleEntry);
		return () => {
			this.#listeners.delete(entry);
			if (idleEntry) this.#idle.delete(idleEntry);
		};
	}

	emit(event: WatchEvent): void {
		this.atomically(() => this.#queue.push(event));
	}

	/** Runs `fn`; the events it raises are delivered after it returns. */
	atomically<T>(fn: () => T): T {
		if (this.#delivering) return fn();
		this.#delivering = true;
		try {
			return fn();
		} finally {
			this.#flush();
			this.#delivering = false;
		}
	}

	#flush(): void {
		do {
			// By index, not shift(): a batch may hold thousands of events.
			for (let i = 0; i < this.#queue.length; i++) {
				const e = this.#queue[i] as WatchEvent;
				for (const l of [...this.#listeners]) this.#call(() => l(e));
			}
			this.#queue.length = 0;
			for (const idle of [...this.#idle]) this.#call(idle);
		} while (this.#queue.length > 0);
	}

	#call(fn: () => void): void {
		try {
			fn();
		} catch (err) {
			if (this.errors.length < 100) this.errors.push(err);
		}
	}
}
