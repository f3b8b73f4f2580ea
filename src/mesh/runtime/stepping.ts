/**
 * Step mode, like a network simulator's simulation mode: the in-process runtime holds its event
 * queue while paused, lists the segments on the wire, and delivers them one at a time on demand.
 * Only the in-process runtime can do this: in the worker runtime each link is its own
 * MessageChannel and no one thread holds the whole network.
 */
import type { ResetReason, SegmentType } from '../net/protocol.ts';
import type { ConnId, IpAddr, SimMillis, SocketAddr } from '../types.ts';
import type { Runtime } from './runtime.ts';

/** One segment the wire has accepted and not yet delivered. */
export interface InFlightSegment {
	/** Running count of segments sent: stable while the segment is in flight. */
	readonly id: number;
	readonly type: SegmentType;
	readonly conn: ConnId;
	readonly src: SocketAddr;
	readonly dst: SocketAddr;
	/** The host that receives it when not `dst`'s owner (a node's ztunnel). */
	readonly hop?: IpAddr;
	/** Sim time it was sent, and the time it arrives. */
	readonly sentAt: SimMillis;
	readonly at: SimMillis;
	/** `namespace/name` of the sending host and of the receiving one (absent: nobody there). */
	readonly from: string;
	readonly to?: string;
	/** Payload bytes (data segments), 0 otherwise. */
	readonly bytes: number;
	readonly reason?: ResetReason;
}

/** What one `step()` did. */
export type StepResult =
	/** A segment reached its receiver (timers due before it ran first). */
	| { readonly type: 'segment'; readonly segment: InFlightSegment; readonly now: SimMillis }
	/**
	 * Nothing was on the wire: timers ran (`count`) until one put a segment on it (`sent`), or
	 * until no one waited for time and the next was not due soon.
	 */
	| {
			readonly type: 'timers';
			readonly count: number;
			readonly sent: boolean;
			readonly now: SimMillis;
	  }
	/** Nothing was scheduled at all. */
	| { readonly type: 'idle'; readonly now: SimMillis }
	/** The runtime is not paused: stepping means nothing. */
	| { readonly type: 'running'; readonly now: SimMillis };

/** A runtime that can stop its clock and network and carry on later, losing nothing. */
export interface Pausing {
	readonly paused: boolean;
	/** Holds every event from now on; commands waiting on the network stay waiting. */
	pause(): void;
	/** Runs on as before; what waited for the network carries on. */
	resume(): void;
}

export function isPausable(runtime: Runtime): runtime is Runtime & Pausing {
	const r = runtime as Partial<Pausing>;
	return typeof r.pause === 'function' && typeof r.resume === 'function';
}

export interface Stepping extends Pausing {
	/**
	 * While paused: delivers the next segment in flight (running any timer due before it), or,
	 * with nothing on the wire, runs timers until one sends a segment. Resolves once the hosts
	 * have reacted, so `pending()` then lists what the step caused.
	 */
	step(): Promise<StepResult>;
	/** Segments in flight, the next to arrive first. */
	pending(): readonly InFlightSegment[];
}

export type SteppableRuntime = Runtime & Stepping;

export function isSteppable(runtime: Runtime): runtime is SteppableRuntime {
	const r = runtime as Partial<Stepping>;
	return (
		typeof r.pause === 'function' &&
		typeof r.resume === 'function' &&
		typeof r.step === 'function' &&
		typeof r.pending === 'function'
	);
}

/** Arrival order: the event queue runs equal times in the order they were scheduled. */
export function byArrival(a: InFlightSegment, b: InFlightSegment): number {
	return a.at - b.at || a.id - b.id;
}
