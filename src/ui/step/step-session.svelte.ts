/**
 * Step mode's state for the Step tab: whether the runtime can step, whether it is paused, the
 * segments in flight (re-read at display rate) and what the last step did.
 */
import type { Runtime } from '../../mesh/runtime/runtime.ts';
import {
	isSteppable,
	type InFlightSegment,
	type SteppableRuntime,
	type StepResult
} from '../../mesh/runtime/stepping.ts';

/** How often the list is re-read: segments come and go between clicks while running. */
const REFRESH_MS = 200;

export class StepSession {
	#runtime = $state.raw<SteppableRuntime | undefined>(undefined);
	#paused = $state(false);
	#pending = $state.raw<readonly InFlightSegment[]>([]);
	#now = $state(0);
	#last = $state.raw<StepResult | undefined>(undefined);
	#stepping = $state(false);
	#steps = $state(0);

	/** False on the worker runtime: no one thread holds the network there. */
	get available(): boolean {
		return this.#runtime !== undefined;
	}

	get paused(): boolean {
		return this.#paused;
	}

	get pending(): readonly InFlightSegment[] {
		return this.#pending;
	}

	/** The cluster's sim time when the list was read. */
	get now(): number {
		return this.#now;
	}

	get last(): StepResult | undefined {
		return this.#last;
	}

	/** Steps taken since the last pause. */
	get steps(): number {
		return this.#steps;
	}

	/** True while a step runs (the hosts react to the delivered segment). */
	get stepping(): boolean {
		return this.#stepping;
	}

	/** Follows `runtime`; returns the cleanup. Leaves a paused runtime paused (a tab switch). */
	connect(runtime: Runtime | undefined): () => void {
		this.#runtime = runtime && isSteppable(runtime) ? runtime : undefined;
		this.#last = undefined;
		this.#refresh();
		// A runtime that cannot step has nothing to list: no timer waking the page (idle CPU).
		const timer = this.#runtime ? setInterval(() => this.#refresh(), REFRESH_MS) : undefined;
		return () => {
			if (timer !== undefined) clearInterval(timer);
			this.#runtime = undefined;
		};
	}

	pause(): void {
		this.#runtime?.pause();
		this.#steps = 0;
		this.#last = undefined;
		this.#refresh();
	}

	resume(): void {
		this.#runtime?.resume();
		this.#refresh();
	}

	async step(): Promise<void> {
		const runtime = this.#runtime;
		if (!runtime?.paused || this.#stepping) return;
		this.#stepping = true;
		try {
			this.#last = await runtime.step();
			this.#steps++;
		} finally {
			this.#stepping = false;
			this.#refresh();
		}
	}

	#refresh(): void {
		const runtime = this.#runtime;
		this.#paused = runtime?.paused ?? false;
		this.#pending = runtime ? runtime.pending() : [];
		this.#now = runtime ? runtime.now() : 0;
	}
}
