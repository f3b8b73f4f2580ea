/**
 * Sim time inside a worker: no global clock exists, so each host keeps its own and advances it
 * from the timestamps segments carry (a Lamport clock). Modelled work (`sleep`) advances it at
 * once; timers (`after`) race real events, so they wait on wall time. The rules that keep the
 * order the in-process runtime gives (README "Clock rules"):
 * - timers fire in deadline order, one at a time, each one's continuations running before the
 *   next fires or the clock moves past it (`fireNext`, and a wall-expired timer first fires every
 *   earlier one);
 * - a timer longer than the in-process horizon fires on wall time only once the cluster's time
 *   has reached its deadline (`grant`, the main thread's answer): sim time stands still between
 *   commands, so a host's background timer (a retry, an unused timeout) must not jump its clock
 *   ahead of the cluster's while wall time passes.
 */
import type { Cancel, Clock } from '../clock.ts';
import { ms, type SimMillis } from '../types.ts';
import { HORIZON } from './event-loop.ts';

/** A wall-time timer, injected by the worker adapter (mesh never touches setTimeout). */
export type WallTimer = (delayMs: number, fn: () => void) => () => void;

/**
 * Resolves once the cluster's sim time has reached `deadline` (the main thread's time gate).
 * Absent (unit tests of a lone host): wall time alone decides.
 */
export type TimerGrant = (deadline: SimMillis) => Promise<void>;

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
	readonly #grant: TimerGrant | undefined;
	/** Held (the host is paused): timers whose wall time came wait here, fired on release. */
	#held: Timer[] | undefined;

	constructor(wall: WallTimer, scale: number, grant?: TimerGrant) {
		this.#wall = wall;
		this.#scale = scale;
		this.#grant = grant;
	}

	now(): SimMillis {
		return ms(this.#now);
	}

	/** Whether a timer is due within `within` of now (the in-process settle would run it). */
	dueWithin(within: number): boolean {
		for (const t of this.#timers) if (t.deadline <= this.#now + within) return true;
		return false;
	}

	/** The earliest pending timer's deadline (Infinity: none). */
	earliest(): number {
		return this.#earliest()?.deadline ?? Infinity;
	}

	/** Catches up to `at`, first firing every timer due by then, in deadline order. */
	observe(at: SimMillis): void {
		this.fireDue(at);
		if (at > this.#now) this.#now = at;
	}

	/**
	 * Fires every timer due by `at`, in deadline order, without moving past the last deadline;
	 * true when any fired. Their continuations run after the last: a caller that can wait a
	 * task between timers uses `fireNext` (or `catchUp`) instead.
	 */
	fireDue(at: SimMillis): boolean {
		let fired = false;
		while (this.fireNext(at)) fired = true;
		return fired;
	}

	/**
	 * Fires the earliest timer due by `at`, without moving past its deadline; true when one
	 * fired. A caller about to deliver something stamped `at` lets its continuations run (they
	 * read the clock) and asks again, then observes `at`.
	 */
	fireNext(at: SimMillis): boolean {
		const next = this.#earliest();
		if (!next || next.deadline > at) return false;
		this.#fire(next);
		return true;
	}

	/** `observe(at)`, each due timer's continuations running (a wall task) before the next. */
	catchUp(at: SimMillis): Promise<void> {
		if (!this.fireNext(at)) {
			this.observe(at);
			return Promise.resolve();
		}
		return new Promise<void>((resolve) => {
			const step = (): void => {
				if (this.fireNext(at)) return void this.#wall(0, step);
				this.observe(at);
				resolve();
			};
			this.#wall(0, step);
		});
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
		timer.cancelWall = this.#wall(Math.max(0, delay * this.#scale), () => this.#expired(timer));
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
		for (const t of late) this.#expired(t);
	}

	sleep(delay: SimMillis): Promise<void> {
		// Modelled work: sim time passes, no wall time does.
		this.observe(ms(this.#now + delay));
		return Promise.resolve();
	}

	/** A timer's wall time came: past the horizon it waits for the cluster's time first. */
	#expired(timer: Timer): void {
		if (timer.done) return;
		if (this.#held) return void this.#held.push(timer);
		if (!this.#grant || timer.deadline - this.#now <= HORIZON) return this.#inOrder(timer);
		void this.#grant(ms(timer.deadline)).then(() => this.#inOrder(timer));
	}

	/** Fires `timer` after every timer due before it, each one's continuations first. */
	#inOrder(timer: Timer): void {
		if (timer.done) return;
		if (this.#held) return void this.#held.push(timer);
		const first = this.#earliest();
		if (!first || first === timer) return this.#fire(timer);
		this.#fire(first);
		this.#wall(0, () => this.#inOrder(timer));
	}

	#earliest(): Timer | undefined {
		let next: Timer | undefined;
		for (const t of this.#timers) {
			if (!next || t.deadline < next.deadline || (t.deadline === next.deadline && t.seq < next.seq))
				next = t;
		}
		return next;
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
