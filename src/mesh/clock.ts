import type { SimMillis } from './types.ts';

/** Cancels a scheduled callback; calling it after the callback ran is a no-op. */
export type Cancel = () => void;

/**
 * Sim time as a host sees it. Mesh code never reads wall time: the runtime injects a clock.
 * In-process it is one virtual clock for every host; in workers each host keeps a Lamport-style
 * clock advanced by the timestamps segments carry.
 */
export interface Clock {
	now(): SimMillis;
	/** Runs `fn` once `delay` sim-milliseconds have passed. */
	after(delay: SimMillis, fn: () => void): Cancel;
	/** Resolves once `delay` sim-milliseconds have passed (models work such as a proxy's CPU cost). */
	sleep(delay: SimMillis): Promise<void>;
}

/**
 * A wait a program asks for (a reconnect back-off, a requested delay), unlike `sleep`'s modelled
 * work: a timer, so on workers it takes wall time and never races sim time ahead of the events
 * it waits for; in-process it is the same event as `sleep`.
 */
export function wait(clock: Clock, delay: SimMillis): Promise<void> {
	return new Promise<void>((resolve) => void clock.after(delay, resolve));
}
