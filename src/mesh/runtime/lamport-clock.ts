/**
 * Sim time inside a worker: no global clock exists, so each host keeps its own and advances it
 * from the timestamps segments carry (a Lamport clock). Modelled work (`sleep`) advances it at
 * once; timers (`after`) race real events, so they wait on wall time — and any timer whose
 * deadline an arriving segment has passed fires first, which keeps the order the in-process
 * runtime would give (a --max-time of 1 s beats a reply stamped 3 s).
 */
import type { Cancel, Clock } from '../clock.ts';
import { ms, type SimMillis } from '../types.ts';

/** A wall-time timer, injected by the worker adapter (mesh never touches setTimeout). */
export type WallTimer = (delayMs: number, fn: () => void) => () => void;

interface Timer {
	readonly deadline: number;
	readonly seq: number;
	readonly fn: () => void;
	cancelWall: () => void;
	done: boolean;
}

export class LamportClock implements Clock {
	#now = 0;
	#seq = 0;
	readonly #timers = new Set<Timer>();
	readonly #wall: WallTimer;
	/** Wall milliseconds per sim millisecond for timers (1 in a browser; small in tests). */
	readonly #scale: number;
	/** Held (the host is paused): timers whose wall time came wait here, fired on release. */
	#held: Timer[] | undefined;

	constructor(wall: WallTimer, scale: number) {
		this.#wall = wall;
		this.#scale = scale;
	}

	now(): SimMillis {
		return ms(this.#now);
	}

	/** Catches up to `at`, first firing every timer due by then, in deadline order. */
	observe(at: SimMillis): void {
		this.fireDue(at);
		if (at > this.#now) this.#now = at;
	}

	/**
	 * Fires every timer due by `at`, in deadline order, without moving past the last deadline;
	 * true when any fired. A caller about to deliver something stamped `at` should let the timers'
	 * continuations run first (they read the clock), then observe `at`.
	 */
	fireDue(at: SimMillis): boolean {
		let fired = false;
		for (;;) {
			let next: Timer | undefined;
			for (const t of this.#timers) {
				if (
					t.deadline <= at &&
					(!next ||
						t.deadline < next.deadline ||
						(t.deadline === next.deadline && t.seq < next.seq))
				)
					next = t;
			}
			if (!next) break;
			this.#fire(next);
			fired = true;
		}
		return fired;
	}

	after(delay: SimMillis, fn: () => void): Cancel {
		const timer: Timer = {
			deadline: this.#now + delay,
			seq: this.#seq++,
			fn,
			cancelWall: () => {},
			done: false
		};
		this.#timers.add(timer);
		timer.cancelWall = this.#wall(Math.max(0, delay * this.#scale), () =>
			this.#held ? this.#held.push(timer) : this.#fire(timer)
		);
		return () => {
			timer.done = true;
			timer.cancelWall();
			this.#timers.delete(timer);
		};
	}

	/** Stops firing timers on wall time: sim time stands still until `release`. */
	hold(): void {
		this.#held ??= [];
	}

	/** Fires the timers that came due while held, in deadline order, and runs on. */
	release(): void {
		const late = this.#held ?? [];
		this.#held = undefined;
		late.sort((a, b) => a.deadline - b.deadline || a.seq - b.seq);
		for (const t of late) this.#fire(t);
	}

	sleep(delay: SimMillis): Promise<void> {
		// Modelled work: sim time passes, no wall time does.
		this.observe(ms(this.#now + delay));
		return Promise.resolve();
	}

	#fire(timer: Timer): void {
		if (timer.done) return;
		timer.done = true;
		timer.cancelWall();
		this.#timers.delete(timer);
		if (timer.deadline > this.#now) this.#now = timer.deadline;
		timer.fn();
	}
}
