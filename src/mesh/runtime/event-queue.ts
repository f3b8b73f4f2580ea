/**
 * A deadline-ordered event queue (maelstrom's network is one): the in-process runtime's virtual
 * clock. Events at equal times run in the order they were scheduled, so runs repeat exactly.
 */
import type { Cancel, Clock } from '../clock.ts';
import { ms, type SimMillis } from '../types.ts';

interface Entry {
	readonly at: number;
	readonly seq: number;
	fn: (() => void) | undefined;
	/** What the event is, for whoever lists events in flight (step mode's segments). */
	readonly tag: unknown;
}

export class EventQueue {
	#heap: Entry[] = [];
	#seq = 0;
	#now = 0;
	#live = 0;
	/** Called whenever work is scheduled (the runtime wakes its loop). */
	onSchedule: () => void = () => {};

	get now(): SimMillis {
		return ms(this.#now);
	}

	/** Live (not cancelled) events waiting. */
	get size(): number {
		return this.#live;
	}

	schedule(at: SimMillis, fn: () => void): Cancel {
		const entry = this.#enqueue(at, fn, undefined);
		return () => {
			if (entry.fn) {
				entry.fn = undefined;
				this.#live--;
			}
		};
	}

	/**
	 * `schedule` for an event no one cancels (a segment's arrival, a sleep's end): no cancel
	 * closure to allocate, of which a request made one per event.
	 */
	post(at: SimMillis, fn: () => void, tag?: unknown): void {
		this.#enqueue(at, fn, tag);
	}

	#enqueue(at: SimMillis, fn: () => void, tag: unknown): Entry {
		const entry: Entry = { at: Math.max(at, this.#now), seq: this.#seq++, fn, tag };
		this.#push(entry);
		this.#live++;
		this.onSchedule();
		return entry;
	}

	/** Runs the earliest event, advancing the clock to it. False when nothing is left. */
	runNext(): boolean {
		for (;;) {
			const entry = this.#pop();
			if (!entry) return false;
			const fn = entry.fn;
			if (!fn) continue;
			entry.fn = undefined;
			this.#live--;
			this.#now = entry.at;
			fn();
			return true;
		}
	}

	/** The tags of the live events that have one, in no particular order. */
	tagged(): unknown[] {
		const tags: unknown[] = [];
		for (const entry of this.#heap) if (entry.fn && entry.tag !== undefined) tags.push(entry.tag);
		return tags;
	}

	/** Time of the earliest live event. */
	peek(): SimMillis | undefined {
		while (this.#heap[0] && !this.#heap[0].fn) this.#pop();
		const top = this.#heap[0];
		return top ? ms(top.at) : undefined;
	}

	/** Moves the clock forward with nothing scheduled in between (used by `advance`). */
	advanceTo(at: SimMillis): void {
		this.#now = Math.max(this.#now, at);
	}

	clock(): Clock {
		return {
			now: () => this.now,
			after: (delay, fn) => this.schedule(ms(this.#now + delay), fn),
			sleep: (delay) => new Promise<void>((resolve) => this.post(ms(this.#now + delay), resolve))
		};
	}

	#less(a: Entry, b: Entry): boolean {
		return a.at < b.at || (a.at === b.at && a.seq < b.seq);
	}

	#push(e: Entry): void {
		const h = this.#heap;
		h.push(e);
		let i = h.length - 1;
		while (i > 0) {
			const p = (i - 1) >> 1;
			const parent = h[p] as Entry;
			if (!this.#less(e, parent)) break;
			h[i] = parent;
			i = p;
		}
		h[i] = e;
	}

	#pop(): Entry | undefined {
		const h = this.#heap;
		const top = h[0];
		const last = h.pop();
		if (!top || !last || h.length === 0) return top;
		let i = 0;
		for (;;) {
			const l = 2 * i + 1;
			const r = l + 1;
			let m = i;
			let best = last;
			const left = h[l];
			const right = h[r];
			if (left && this.#less(left, best)) {
				m = l;
				best = left;
			}
			if (right && this.#less(right, best)) {
				m = r;
				best = right;
			}
			if (m === i) break;
			h[i] = best;
			i = m;
		}
		h[i] = last;
		return top;
	}
}
