/**
 * Retries and timeouts as Envoy's router applies them (router/retry_state_impl.cc): which
 * outcomes a `retry_on` list retries, how long to back off, and Istio's default policy for
 * routes that set none (pilot/pkg/networking/core/route/retry: 2 attempts on
 * `connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes`, code 503).
 */
import type { Rng } from '../../../random.ts';
import type { RouteRule } from '../../../xds/waypoint-config.ts';

/** How one upstream attempt ended. */
export type AttemptOutcome =
	| { readonly type: 'response'; readonly status: number }
	/** TCP connect, mTLS handshake or CONNECT refused: nothing was sent. */
	| { readonly type: 'connect-failure' }
	/** The upstream reset or closed before a full response. */
	| { readonly type: 'reset' }
	/** The per-try timeout fired. */
	| { readonly type: 'per-try-timeout' };

export interface RetryPolicy {
	/** Retries after the first try (Envoy's num_retries). */
	readonly attempts: number;
	readonly perTryTimeoutMs?: number;
	readonly retryOn: ReadonlySet<string>;
	readonly retriableStatusCodes: ReadonlySet<number>;
}

export const ISTIO_DEFAULT_RETRY: RetryPolicy = {
	attempts: 2,
	retryOn: new Set([
		'connect-failure',
		'refused-stream',
		'unavailable',
		'cancelled',
		'retriable-status-codes'
	]),
	retriableStatusCodes: new Set([503])
};

/** Envoy's default base interval between retries. */
const BASE_INTERVAL_MS = 25;

/**
 * The rule's policy, or Istio's default. Numeric entries in `retryOn` are status codes, as in a
 * VirtualService (`retryOn: 5xx,503`): they enable `retriable-status-codes`.
 */
/** Retries one request may make at most, whatever the route says. */
export const MAX_ATTEMPTS = 100;

export function retryPolicy(rule: RouteRule | undefined): RetryPolicy {
	const r = rule?.retries;
	if (!r) return ISTIO_DEFAULT_RETRY;
	const codes = r.retryOn.filter((c) => /^\d{3}$/.test(c)).map(Number);
	const on = new Set(r.retryOn.filter((c) => !/^\d{3}$/.test(c)));
	if (codes.length > 0) on.add('retriable-status-codes');
	return {
		// A config may say a billion; one request must not spin the tab for that long.
		attempts: Math.min(MAX_ATTEMPTS, Math.max(0, Math.floor(r.attempts))),
		// Envoy: a per-try timeout of 0 means none.
		...(r.perTryTimeoutMs !== undefined && r.perTryTimeoutMs > 0
			? { perTryTimeoutMs: r.perTryTimeoutMs }
			: {}),
		retryOn: on,
		retriableStatusCodes: new Set(codes)
	};
}

/** Whether `outcome` is retried under `policy` (attempt budget aside). */
export function isRetriable(policy: RetryPolicy, outcome: AttemptOutcome): boolean {
	const on = policy.retryOn;
	switch (outcome.type) {
		case 'connect-failure':
			return (
				on.has('5xx') || on.has('gateway-error') || on.has('reset') || on.has('connect-failure')
			);
		case 'reset':
			return on.has('5xx') || on.has('gateway-error') || on.has('reset');
		case 'per-try-timeout':
			return on.has('5xx') || on.has('gateway-error');
		case 'response': {
			const s = outcome.status;
			if (on.has('5xx') && s >= 500) return true;
			if (on.has('gateway-error') && (s === 502 || s === 503 || s === 504)) return true;
			if (on.has('retriable-4xx') && s === 409) return true;
			return on.has('retriable-status-codes') && policy.retriableStatusCodes.has(s);
		}
	}
}

/**
 * Full-jitter exponential back-off before retry `n` (1-based): [0, (2^n − 1) × 25ms), capped at
 * Envoy's default max_interval (10 × the base interval).
 */
export function backoffMs(n: number, rng: Rng): number {
	const ceiling = Math.min((2 ** Math.min(n, 10) - 1) * BASE_INTERVAL_MS, 10 * BASE_INTERVAL_MS);
	return rng.int(ceiling);
}
