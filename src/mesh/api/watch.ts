/**
 * Delivers watch events in the order writes happened. A listener that writes (a controller)
 * does not see its own event before the other listeners have seen the one being delivered:
 * events raised during delivery are queued and delivered after it, run to completion. A write
 * made of several steps (deleting a namespace and everything in it) runs inside `atomically`,
 * so listeners only see it once it is complete.
 */
import type { WatchEvent } from './api-server.ts';

export class WatchHub {
	readonly #listeners = new Set<(e: WatchEvent) => void>();
	readonly #queue: WatchEvent[] = [];
	#delivering = false;
	/** Errors listeners threw; a broken listener must not undo or hide a stored write. */
	readonly errors: unknown[] = [];

	subscribe(listener: (e: WatchEvent) => void): () => void {
		// Wrap so the same function may subscribe twice and unsubscribe once.
		const entry = (e: WatchEvent): void => listener(e);
		this.#listeners.add(entry);
		return () => {
			this.#listeners.delete(entry);
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
		for (let e = this.#queue.shift(); e; e = this.#queue.shift())
			for (const l of [...this.#listeners]) {
				try {
					l(e);
				} catch (err) {
					if (this.errors.length < 100) this.errors.push(err);
				}
			}
	}
}
