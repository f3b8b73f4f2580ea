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
