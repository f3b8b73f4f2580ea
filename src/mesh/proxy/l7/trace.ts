/**
 * Request ids and W3C trace context. Envoy generates `x-request-id` (a UUID v4) for requests
 * without one; the trace id comes from the request's `traceparent`, else from the HBONE
 * CONNECT's, else is generated, so every hop of one request reports the same trace id.
 * Randomness comes from the host's seeded rng: same seed, same ids.
 */
import type { Rng } from '../../random.ts';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export interface TraceContext {
	readonly traceId: string;
	readonly spanId: string;
	readonly flags: string;
}

/** A valid `traceparent` (version 00, ids not all zero), else undefined. */
export function parseTraceparent(value: string | undefined): TraceContext | undefined {
	const m = TRACEPARENT.exec(value?.trim().toLowerCase() ?? '');
	if (!m || m[1] === 'ff') return undefined;
	const [, , traceId = '', spanId = '', flags = '00'] = m;
	if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
	return { traceId, spanId, flags };
}

export function formatTraceparent(t: TraceContext): string {
	return `00-${t.traceId}-${t.spanId}-${t.flags}`;
}

export function randomHex(rng: Rng, digits: number): string {
	let s = '';
	for (let i = 0; i < digits; i++) s += rng.int(16).toString(16);
	return /^0+$/.test(s) ? `${s.slice(0, -1)}1` : s;
}

/** A fresh context (not sampled), for requests that arrive without one. */
export function newTrace(rng: Rng): TraceContext {
	return { traceId: randomHex(rng, 32), spanId: randomHex(rng, 16), flags: '00' };
}

/** UUID v4 text, as Envoy's request id generator produces. */
export function requestId(rng: Rng): string {
	const h = randomHex(rng, 32).split('');
	h[12] = '4';
	h[16] = ((rng.int(4) + 8) as number).toString(16);
	const s = h.join('');
	return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
