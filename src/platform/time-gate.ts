/**
 * The worker runtime's cluster clock and the gate hosts' long timers pass. The in-process
 * runtime's clock moves only on demand (a command in a pod, `sleep`, a pod starting;
 * event-loop.ts), to the next event once everything before it has run: an idle cluster's time
 * stands still while wall time passes. Here the same rules, paced by wall time:
 * - `now` is the cluster's sim time: moved by results the hosts return (`observe`), by
 *   `advance` (to its target, never past it), and by the cluster's own timers as they fire;
 * - the cluster's timers (`after`: kubelet's back-off, probes) fire in deadline order once wall
 *   time has run on that far from `now` while someone waits (`begin`), or `now` passes them;
 * - a host's long timer whose wall time came asks for its `grant`: it fires once someone waits
 *   (up to an `advance`'s target), wall time has run that far, and the hosts are quiet (nothing
 *   in flight, no work, `poll`) with no earlier timer anywhere, the in-process order. Without a wait it stays put, so a
 *   background timer (an unused timeout, a retry) cannot jump its host's clock ahead of the
 *   cluster's between commands. Traffic that never quiets gives way after a slack of wall time.
 */
import type { Cancel } from '../mesh/clock.ts';
import { HORIZON } from '../mesh/runtime/event-loop.ts';
import type { HostActivity } from '../mesh/runtime/remote-host.ts';

export interface TimeGateOptions {
	/** Wall milliseconds per sim millisecond (1 in a browser). */
	readonly scale: number;
	/** Wall time now, in milliseconds. */
	readonly wallNow: () => number;
	/** Resolves after `wallMs` (it keeps a Node process alive: the gate waits at most a second). */
	readonly wait: (wallMs: number) => Promise<void>;
	/** Every worker's activity, summed (quiet: nothing in flight, nothing busy). */
	readonly poll: () => Promise<HostActivity>;
}

interface Waiter {
	readonly due: number;
	readonly seq: number;
	/** Wall time it was made. */
	readonly since: number;
	readonly fire: () => void;
	done: boolean;
}

/** The longest single wall wait: a stale one (demand ended) lapses within it. */
const MAX_WAIT_MS = 1000;
/** Wall time between the two polls that must agree for the hosts to count as quiet. */
const QUIET_WALL_MS = 2;
/** Posted-but-undelivered counts that hold this long are lost segments (a host stopped). */
const LOST_WALL_MS = 100;
/**
 * Traffic that never quiets (a load loop in the background) must not hold a grant for ever: past
 * its deadline by SLACK of wall-paced time, and asked SLACK_WALL_MS of wall time ago, a grant no
 * longer waits for quiet. (A cold first request under load can take seconds of wall time.)
 */
const SLACK = 1000;
const SLACK_WALL_MS = 3000;
/** The longest wall wait between two rounds of polls while a grant waits. */
const MAX_BACKOFF_MS = 32;

export class TimeGate {
	#now = 0;
	#seq = 0;
	/** The cluster's own timers. */
	readonly #waiters = new Set<Waiter>();
	/** Hosts' long timers asking for their grant. */
	readonly #asks = new Set<Waiter>();
	/** Waits in progress: `Infinity` for a command, an advance's target for an advance. */
	readonly #demands = new Map<number, number>();
	#demandSeq = 0;
	/** Where wall-paced time ran from when the first wait began (sim, wall). */
	#anchor = { sim: 0, wall: 0 };
	#firing = false;
	#polling = false;
	#granting = false;
	/** Wall ms before polling again after a refusal: doubles to MAX_BACKOFF_MS, reset by a grant. */
	#backoff = QUIET_WALL_MS;
	/** Segments counted lost (posted, never delivered: their host stopped), and since when. */
	#lost = { count: 0, since: 0, at: -1 };
	#disposed = false;

	constructor(private readonly options: TimeGateOptions) {}

	now(): number {
		return this.#now;
	}

	/** How far time may run: the largest wait's cap, or -Infinity when nobody waits. */
	#cap(): number {
		let cap = -Infinity;
		for (const c of this.#demands.values()) cap = Math.max(cap, c);
		return cap;
	}

	/** Wall-paced time: `now`, or while someone waits, as far as wall time has run on from it. */
	horizon(): number {
		if (this.#demands.size === 0) return this.#now;
		const ran =
			this.#anchor.sim + (this.options.wallNow() - this.#anchor.wall) / this.options.scale;
		return Math.max(this.#now, Math.min(ran, this.#cap()));
	}

	/** A result stamped `at`: the cluster's time is at least that. */
	observe(at: number): void {
		if (at <= this.#now) return;
		this.#now = at;
		this.#kick();
	}

	/**
	 * Someone waits for time to pass until `end` is called: a command (no cap) or an advance
	 * (`cap`: its target).
	 */
	begin(cap = Infinity): () => void {
		if (this.#demands.size === 0) this.#anchor = { sim: this.#now, wall: this.options.wallNow() };
		const id = this.#demandSeq++;
		this.#demands.set(id, cap);
		this.#kick();
		return () => {
			if (this.#demands.delete(id)) this.#kick();
		};
	}

	/** A host's long timer: resolves once it may fire (see the rules above). */
	grant(due: number): Promise<void> {
		return new Promise<void>((resolve) => {
			const since = this.options.wallNow();
			this.#asks.add({ due, seq: this.#seq++, since, fire: resolve, done: false });
			this.#kick();
		});
	}

	/** The cluster's own timer (kubelet's back-off, a probe): `now` moves to its deadline. */
	after(delay: number, fn: () => void): Cancel {
		const w: Waiter = {
			due: this.#now + delay,
			seq: this.#seq++,
			since: this.options.wallNow(),
			fire: fn,
			done: false
		};
		this.#waiters.add(w);
		this.#kick();
		// Within the horizon it runs on its wall time alone, as the in-process settle runs it.
		if (delay <= HORIZON)
			void this.options.wait(delay * this.options.scale).then(() => this.#fireUpTo(w));
		return () => {
			w.done = true;
			this.#waiters.delete(w);
		};
	}

	/**
	 * Lets what is in flight finish, as the in-process settle runs every event within its
	 * horizon: resolves once the hosts are quiet with no timer due within the horizon, or after
	 * the horizon's worth of wall time (traffic that never quiets).
	 */
	async settle(): Promise<void> {
		const until = this.options.wallNow() + HORIZON * this.options.scale;
		while (!this.#disposed && this.options.wallNow() < until) {
			const a = await this.options.poll();
			await this.options.wait(QUIET_WALL_MS);
			const b = await this.options.poll();
			if (this.#quiet(a, b) && a.soon === 0 && b.soon === 0) break;
		}
		// What the hosts told the main thread on other ports (a container's exit) lands first.
		await this.options.wait(0);
	}

	/**
	 * Moves `now` to `at` as the in-process clock would have got there: each cluster timer due
	 * by then fires at its own deadline first, one per task (an advance's end, a command's
	 * result); then hosts' grants due by `at` go out.
	 */
	async advanceTo(at: number): Promise<void> {
		for (;;) {
			const next = earliest(this.#waiters);
			if (!next || next.due > at || this.#disposed) break;
			this.#fire(next);
			await this.options.wait(0);
		}
		this.observe(at);
		const due = (): boolean => {
			const next = earliest(this.#asks);
			return next !== undefined && next.due <= this.#now;
		};
		while (due() && !this.#disposed) await this.options.wait(0);
	}

	dispose(): void {
		this.#disposed = true;
		this.#waiters.clear();
		this.#asks.clear();
	}

	#kick(): void {
		if (this.#disposed) return;
		this.#kickTimers();
		void this.#grantLoop();
	}

	/** Fires the cluster's timers that are due, one per task; waits on wall time for the next. */
	#kickTimers(): void {
		if (this.#firing) return;
		const next = earliest(this.#waiters);
		if (!next) return;
		if (next.due <= this.horizon()) {
			this.#firing = true;
			void this.options.wait(0).then(() => {
				this.#firing = false;
				const due = earliest(this.#waiters);
				if (due && due.due <= this.horizon() && !this.#disposed) this.#fire(due);
				this.#kick();
			});
			return;
		}
		if (this.#polling || this.#demands.size === 0) return;
		const wallMs = Math.min(MAX_WAIT_MS, (next.due - this.horizon()) * this.options.scale);
		this.#polling = true;
		void this.options.wait(Math.max(0, wallMs)).then(() => {
			this.#polling = false;
			this.#kick();
		});
	}

	/** A horizon timer's wall time came: it fires, after every cluster timer due before it. */
	#fireUpTo(w: Waiter): void {
		while (!w.done && !this.#disposed) {
			const next = earliest(this.#waiters);
			if (!next) return;
			this.#fire(next);
		}
	}

	#fire(w: Waiter): void {
		if (w.done) return;
		w.done = true;
		this.#waiters.delete(w);
		if (w.due > this.#now) this.#now = w.due;
		w.fire();
	}

	#grant(w: Waiter): void {
		w.done = true;
		this.#asks.delete(w);
		w.fire();
	}

	/** Grants hosts' asks in deadline order while the rules allow; one loop at a time. */
	async #grantLoop(): Promise<void> {
		if (this.#granting) return;
		this.#granting = true;
		try {
			for (;;) {
				const ask = earliest(this.#asks);
				if (!ask || this.#disposed) return;
				if (ask.due <= this.#now) {
					this.#grant(ask);
					await this.options.wait(0);
					continue;
				}
				if (ask.due > this.#cap()) return;
				if (await this.#mayGrant(ask)) {
					this.#backoff = QUIET_WALL_MS;
					this.#grant(ask);
					await this.options.wait(0);
				} else {
					await this.options.wait(this.#backoff);
					this.#backoff = Math.min(MAX_BACKOFF_MS, this.#backoff * 2);
				}
			}
		} finally {
			this.#granting = false;
		}
	}

	/** Quiet hosts and no earlier timer anywhere (or the slack ran out); else waits a little. */
	async #mayGrant(ask: Waiter): Promise<boolean> {
		const a = await this.options.poll();
		await this.options.wait(QUIET_WALL_MS);
		const b = await this.options.poll();
		if (ask.done || ask.due > this.#cap()) return false;
		// Paced: wall time has run that far since the wait began (a start waiting for its
		// config must not leap to its timeout while the main thread prepares the push).
		if (this.horizon() < ask.due) return false;
		if (this.horizon() >= ask.due + SLACK && this.options.wallNow() - ask.since >= SLACK_WALL_MS)
			return true;
		return this.#quiet(a, b) && ask.due <= b.earliest;
	}

	/** Nothing busy, nothing changed between the polls, nothing in flight but lost segments. */
	#quiet(a: HostActivity, b: HostActivity): boolean {
		if (b.busy > 0 || a.busy > 0 || a.posted !== b.posted || a.delivered !== b.delivered)
			return false;
		const missing = b.posted - b.delivered;
		if (missing <= this.#lost.count) return true;
		// Undelivered for a while with nothing moving: lost (their host stopped), not in flight.
		const wall = this.options.wallNow();
		if (this.#lost.at !== b.posted)
			this.#lost = { count: this.#lost.count, since: wall, at: b.posted };
		if (wall - this.#lost.since < LOST_WALL_MS) return false;
		this.#lost = { count: missing, since: wall, at: b.posted };
		return true;
	}
}

function earliest(set: Set<Waiter>): Waiter | undefined {
	let next: Waiter | undefined;
	for (const w of set)
		if (!next || w.due < next.due || (w.due === next.due && w.seq < next.seq)) next = w;
	return next;
}
