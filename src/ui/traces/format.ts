/** Small formatting shared by the Traces and Capture tabs. */
import { t } from '../i18n/i18n.svelte.ts';
import { SIM_EPOCH_MS } from '../../mesh/epoch.ts';

import type { Trace } from './grouping.ts';

export { peerName } from './grouping.ts';

/** Sim ms to at most three decimals: `12.5`, `7845.437`. */
export function formatSim(ms: number): string {
	return String(Math.round(ms * 1000) / 1000);
}

/** A sim instant as the date certificates and logs print (`2026-01-01T00:00:07Z`). */
export function simDate(ms: number): string {
	return new Date(SIM_EPOCH_MS + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The list line's tags: `1 hop · 0.62 ms · mTLS · waypoint`. */
export function traceTags(trace: Trace): string {
	const n = trace.hops.length;
	const tags = [t('traces.hops', { count: n }), `${formatSim(trace.end - trace.start)} ms`];
	if (trace.mtls) tags.push('mTLS');
	if (trace.viaWaypoint) tags.push(t('traces.waypoint'));
	return tags.join(' · ');
}
