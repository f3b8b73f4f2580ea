/** Small formatting shared by the Traces and Capture tabs. */
import { SIM_EPOCH_MS } from '../../mesh/epoch.ts';

export { peerName } from './grouping.ts';

/** Sim ms to at most three decimals: `12.5`, `7845.437`. */
export function formatSim(ms: number): string {
	return String(Math.round(ms * 1000) / 1000);
}

/** A sim instant as the date certificates and logs print (`2026-01-01T00:00:07Z`). */
export function simDate(ms: number): string {
	return new Date(SIM_EPOCH_MS + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
