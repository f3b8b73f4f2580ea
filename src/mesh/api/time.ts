/**
 * Sim time as Kubernetes timestamps. Sim time starts at 0; the cluster pretends it was born at
 * EPOCH so creationTimestamp and AGE columns look real and never depend on wall time.
 */
import { SIM_EPOCH_MS } from '../epoch.ts';
import type { SimMillis } from '../types.ts';

/** 2026-01-01T00:00:00Z in Unix milliseconds. */
export const EPOCH_MS = SIM_EPOCH_MS;

/** RFC 3339 with second precision, as the API server writes `creationTimestamp`. */
export function timestamp(now: SimMillis): string {
	return new Date(EPOCH_MS + Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The sim time a timestamp stands for (for AGE columns); NaN when it is not a timestamp. */
export function simTimeOf(ts: string): number {
	return Date.parse(ts) - EPOCH_MS;
}
