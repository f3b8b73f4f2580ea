/**
 * A worker host's arriving segments, in arrival order, each delivered once the timers due
 * before it have had their turn: a timer due before a segment (curl's --max-time against a late
 * reply) fires first, one at a time, and its continuations run at its time, as in the in-process
 * runtime's event order. Paused (an embed out of view), segments wait.
 */
import type { Segment } from '../net/protocol.ts';
import type { LamportClock, WallTimer } from './lamport-clock.ts';

export class Inbox {
	readonly #segments: Segment[] = [];
	#draining = false;
	#paused = false;

	constructor(
		private readonly clock: LamportClock,
		private readonly wallTimer: WallTimer,
		private readonly deliver: (segment: Segment) => void
	) {}

	get paused(): boolean {
		return this.#paused;
	}

	/** Segments received and not yet delivered. */
	get backlog(): number {
		return this.#segments.length;
	}

	receive(segment: Segment): void {
		this.#segments.push(segment);
		if (!this.#draining && !this.#paused) this.#drain();
	}

	pause(): void {
		this.#paused = true;
	}

	resume(): void {
		this.#paused = false;
		if (!this.#draining) this.#drain();
	}

	#drain(): void {
		this.#draining = true;
		for (let segment = this.#segments[0]; segment; segment = this.#segments[0]) {
			if (this.#paused) break;
			if (this.clock.fireNext(segment.at)) return void this.wallTimer(0, () => this.#drain());
			this.#segments.shift();
			this.clock.observe(segment.at);
			this.deliver(segment);
		}
		this.#draining = false;
	}
}
