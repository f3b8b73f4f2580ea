/**
 * Step mode (stepping.ts) for the in-process runtime. While paused the event loop runs nothing
 * except what a `step()` grants: one segment delivery (and the timers due before it), or, when
 * the wire is empty, the timers until one sends a segment (a host's modelled processing time is
 * a timer). Every segment on the wire is remembered until it arrives, so the UI can list them.
 */
import type { Segment } from '../net/protocol.ts';
import { ms, type SimMillis } from '../types.ts';
import type { EventQueue } from './event-queue.ts';
import { HORIZON, type EventLoop, type LoopGate } from './event-loop.ts';
import type { HostSpec } from './host.ts';
import { byArrival, type InFlightSegment, type StepResult } from './stepping.ts';

/** A step over timers stops after this many even if none sent anything (a busy retry loop). */
const MAX_TIMERS_PER_STEP = 1000;

/** A segment put on the queue, as `schedule` saw it. */
interface Sent {
	readonly id: number;
	readonly segment: Segment;
	readonly sender: HostSpec;
	readonly to: string | undefined;
	readonly sentAt: SimMillis;
	readonly at: SimMillis;
}

function inFlightSegment({ id, segment, sender, to, sentAt, at }: Sent): InFlightSegment {
	return {
		id,
		type: segment.type,
		conn: segment.conn,
		src: segment.src,
		dst: segment.dst,
		...(segment.hop ? { hop: segment.hop } : {}),
		sentAt,
		at,
		from: `${sender.namespace}/${sender.name}`,
		...(to ? { to } : {}),
		bytes: segment.type === 'data' ? segment.bytes.length : 0,
		...(segment.type === 'reset' ? { reason: segment.reason } : {})
	};
}

export class StepMode implements LoopGate {
	paused = false;
	#grant: 'none' | 'segment' | 'send' = 'none';
	#timersRun = 0;
	#stepStart = 0;
	#sent = 0;
	/**
	 * Segments on the queue. Each is the tag of its queue event, kept raw: the UI's view of one is
	 * built only when someone asks (`pending`, a step); no map of them to keep per segment.
	 */
	#inFlight = 0;
	#delivered: Sent | undefined;
	#stepping: Promise<unknown> = Promise.resolve();

	halted(): boolean {
		return this.paused && this.#grant === 'none';
	}

	/**
	 * While a step waits for a send, the next timer still belongs to it if someone waits for
	 * time (a command in a pod) or it is due soon. An idle cluster's periodic timers end the step.
	 */
	admit(next: number, demand: number): boolean {
		if (this.#grant !== 'send') return true;
		const mayFollow =
			this.#timersRun < MAX_TIMERS_PER_STEP && (demand > 0 || next <= this.#stepStart + HORIZON);
		if (this.#timersRun > 0 && !mayFollow) {
			this.#grant = 'none';
			return false;
		}
		this.#timersRun++;
		return true;
	}

	/** Puts a segment on the queue, remembered as in flight until `deliver` runs on arrival. */
	schedule(
		queue: EventQueue,
		sender: HostSpec,
		segment: Segment,
		to: string | undefined,
		deliver: () => void
	): void {
		const sent: Sent = {
			id: this.#sent++,
			segment,
			sender,
			to,
			sentAt: queue.now,
			at: ms(Math.max(segment.at, queue.now))
		};
		this.#inFlight++;
		if (this.#grant === 'send') this.#grant = 'none';
		queue.post(
			segment.at,
			() => {
				this.#inFlight--;
				this.#delivered = sent;
				if (this.#grant === 'segment') this.#grant = 'none';
				deliver();
			},
			sent
		);
	}

	pending(queue: EventQueue): InFlightSegment[] {
		return (queue.tagged() as Sent[]).map(inFlightSegment).sort(byArrival);
	}

	/** One step, queued behind any step still running. */
	step(loop: EventLoop): Promise<StepResult> {
		const result = this.#stepping.then(() => this.#stepOnce(loop));
		this.#stepping = result.catch(() => undefined);
		return result;
	}

	async #stepOnce(loop: EventLoop): Promise<StepResult> {
		const { queue } = loop;
		if (!this.paused) return { type: 'running', now: queue.now };
		await loop.stopped();
		await loop.quiesce();
		if (queue.size === 0 && loop.work.pending === 0) return { type: 'idle', now: queue.now };
		this.#delivered = undefined;
		this.#timersRun = 0;
		this.#stepStart = queue.now;
		this.#grant = this.#inFlight > 0 ? 'segment' : 'send';
		await loop.run();
		this.#grant = 'none';
		const delivered = this.#delivered as Sent | undefined;
		return delivered
			? { type: 'segment', segment: inFlightSegment(delivered), now: queue.now }
			: { type: 'timers', count: this.#timersRun, sent: this.#inFlight > 0, now: queue.now };
	}
}
