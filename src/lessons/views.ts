/**
 * What the learner had on screen, for `looked` conditions: the page's view on show now, how far
 * the journals had grown each time the engine saw a view on show this step, and which views the
 * page has at all (an embed's author picks a few).
 */
import type { Cluster } from '../mesh/cluster.ts';
import type { ViewMark } from './checks/context.ts';

export class ViewsSeen {
	/** The view on show now (a tab id), if any. */
	current: string | undefined;
	#marks = new Map<string, ViewMark>();
	#offered: ReadonlySet<string> | undefined;

	/** The views this page has; undefined: all of them. */
	offer(views: readonly string[] | undefined): void {
		this.#offered = views && new Set(views);
	}

	/** The view on show was seen with everything the journals hold now. */
	async mark(cluster: Cluster): Promise<void> {
		const view = this.current;
		if (view === undefined) return;
		const runtime = cluster.runtime;
		this.#marks.set(view, {
			capture: (await runtime.capture(Number.MAX_SAFE_INTEGER)).next,
			traffic: (await runtime.traffic(Number.MAX_SAFE_INTEGER)).next
		});
	}

	/** A new step: nothing seen in it yet (what stays on show is marked again on evaluation). */
	reset(): void {
		this.#marks = new Map();
	}

	/** The CheckContext fields `looked` reads. */
	context(): { views: ReadonlyMap<string, ViewMark>; offered?: ReadonlySet<string> } {
		return { views: this.#marks, ...(this.#offered ? { offered: this.#offered } : {}) };
	}
}
