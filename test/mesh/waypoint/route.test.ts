/** Routing decisions: rule precedence, matches, weighted backends, header filters, faults, retries. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/mesh/random.ts';
import type { RouteRule, ServiceRoutes } from '../../../src/mesh/xds/waypoint-config.ts';
import { planFault } from '../../../src/mesh/proxy/l7/filters/fault.ts';
import {
	type AttemptOutcome,
	ISTIO_DEFAULT_RETRY,
	MAX_ATTEMPTS,
	backoffMs,
	isRetriable,
	retryPolicy
} from '../../../src/mesh/proxy/l7/filters/retry.ts';
import {
	type RouteRequest,
	applyHeaderModifier,
	pickBackend,
	selectRule
} from '../../../src/mesh/proxy/l7/route.ts';

const req = (over: Partial<RouteRequest> = {}): RouteRequest => ({
	method: 'GET',
	path: '/',
	query: '',
	headers: [],
	...over
});
const backend = (hostname: string, weight = 1) => ({ hostname, port: 9080, weight });
const ruleTo = (name: string, matches: RouteRule['matches'] = []): RouteRule => ({
	matches,
	backends: [backend(name)]
});
const routes = (
	rules: RouteRule[],
	kind: ServiceRoutes['kind'] = 'HTTPRoute',
	source = 'default/reviews'
): ServiceRoutes => ({ hostname: 'reviews.default.svc.cluster.local', source, kind, rules });

const table = routes([
	ruleTo('catch-all'),
	ruleTo('prefix-api', [{ path: { type: 'PathPrefix', value: '/api' } }]),
	ruleTo('prefix-api-v1', [{ path: { type: 'PathPrefix', value: '/api/v1' } }]),
	ruleTo('exact-login', [{ path: { type: 'Exact', value: '/login' } }]),
	ruleTo('jason', [{ headers: [{ type: 'Exact', name: 'end-user', value: 'jason' }] }]),
	ruleTo('post', [{ method: 'POST' }]),
	ruleTo('query', [{ queryParams: [{ type: 'Exact', name: 'u', value: 'test' }] }]),
	ruleTo('regex', [{ path: { type: 'RegularExpression', value: '/reviews/[0-9]+' } }])
]);

describe('HTTPRoute rule selection (Gateway API precedence)', () => {
	it.each([
		{ name: 'no match condition: catch-all', r: req({ path: '/other' }), want: 'catch-all' },
		{ name: 'exact path first', r: req({ path: '/login' }), want: 'exact-login' },
		{ name: 'longest prefix', r: req({ path: '/api/v1/products' }), want: 'prefix-api-v1' },
		{ name: 'prefix is per path element', r: req({ path: '/apix' }), want: 'catch-all' },
		{ name: 'prefix matches itself', r: req({ path: '/api' }), want: 'prefix-api' },
		{
			name: 'header match beats catch-all (header name case-insensitive)',
			r: req({ headers: [['End-User', 'jason']] }),
			want: 'jason'
		},
		{
			name: 'header value is case-sensitive',
			r: req({ headers: [['end-user', 'Jason']] }),
			want: 'catch-all'
		},
		{ name: 'method match', r: req({ method: 'POST' }), want: 'post' },
		{ name: 'query param match', r: req({ query: 'u=test' }), want: 'query' },
		{ name: 'regular expression is a full match', r: req({ path: '/reviews/12' }), want: 'regex' }
	])('$name', ({ r, want }) => {
		expect(selectRule([table], r)?.rule.backends[0]?.hostname).toBe(want);
	});

	it('names the route namespace.name.index', () => {
		expect(selectRule([table], req({ path: '/login' }))?.name).toBe('default.reviews.3');
	});

	it('no rule matching: undefined (404 NR)', () => {
		const only = routes([ruleTo('x', [{ path: { type: 'Exact', value: '/a' } }])]);
		expect(selectRule([only], req({ path: '/b' }))).toBeUndefined();
	});

	it('VirtualService rules keep their written order', () => {
		const vs = routes(
			[ruleTo('first'), ruleTo('exact', [{ path: { type: 'Exact', value: '/x' } }])],
			'VirtualService'
		);
		expect(selectRule([vs], req({ path: '/x' }))?.rule.backends[0]?.hostname).toBe('first');
	});
});

describe('weighted backends', () => {
	it('splits 90/10 over 100 requests with a fixed seed', () => {
		const rng = createRng(42);
		const backends = [backend('reviews-v1', 90), backend('reviews-v2', 10)];
		const counts = new Map<string, number>();
		for (let i = 0; i < 100; i++) {
			const b = pickBackend(backends, rng)?.hostname ?? 'none';
			counts.set(b, (counts.get(b) ?? 0) + 1);
		}
		expect(counts.get('reviews-v1')).toBe(92);
		expect(counts.get('reviews-v2')).toBe(8);
	});

	it('never picks a zero weight; all zero: none', () => {
		const rng = createRng(1);
		for (let i = 0; i < 50; i++) {
			expect(pickBackend([backend('a', 0), backend('b', 1)], rng)?.hostname).toBe('b');
		}
		expect(pickBackend([backend('a', 0)], rng)).toBeUndefined();
	});
});

describe('header modifier', () => {
	it('sets, adds and removes (names case-insensitive)', () => {
		const out = applyHeaderModifier(
			[
				['Host', 'reviews'],
				['X-Old', '1'],
				['x-env', 'prod'],
				['Accept', '*/*']
			],
			{
				set: [{ name: 'x-env', value: 'canary' }],
				add: [{ name: 'x-added', value: 'yes' }],
				remove: ['x-old']
			}
		);
		expect(out).toEqual([
			['Host', 'reviews'],
			['Accept', '*/*'],
			['x-env', 'canary'],
			['x-added', 'yes']
		]);
	});
});

describe('fault injection plan', () => {
	it('100%: always; 0%: never', () => {
		const rng = createRng(3);
		expect(
			planFault(
				{
					abort: { httpStatus: 503, percentage: 100 },
					delay: { fixedDelayMs: 5, percentage: 100 }
				},
				rng
			)
		).toEqual({ abortStatus: 503, delayMs: 5 });
		expect(planFault({ abort: { httpStatus: 503, percentage: 0 } }, rng)).toEqual({});
	});

	it('50% aborts about half of 1000 requests', () => {
		const rng = createRng(9);
		let n = 0;
		for (let i = 0; i < 1000; i++) {
			if (planFault({ abort: { httpStatus: 500, percentage: 50 } }, rng).abortStatus) n++;
		}
		expect(n).toBeGreaterThan(450);
		expect(n).toBeLessThan(550);
	});
});

describe('retry_on', () => {
	const policy = (retryOn: string[]) =>
		retryPolicy({ matches: [], backends: [], retries: { attempts: 2, retryOn } });
	const resp = (status: number): AttemptOutcome => ({ type: 'response', status });
	it.each([
		{ on: ['5xx'], outcome: resp(500), retried: true },
		{ on: ['5xx'], outcome: { type: 'reset' } as const, retried: true },
		{ on: ['5xx'], outcome: resp(404), retried: false },
		{ on: ['gateway-error'], outcome: resp(500), retried: false },
		{ on: ['gateway-error'], outcome: resp(503), retried: true },
		{ on: ['connect-failure'], outcome: { type: 'connect-failure' } as const, retried: true },
		{ on: ['connect-failure'], outcome: resp(503), retried: false },
		{ on: ['retriable-4xx'], outcome: resp(409), retried: true },
		{ on: ['503'], outcome: resp(503), retried: true },
		{ on: ['5xx'], outcome: { type: 'per-try-timeout' } as const, retried: true },
		{ on: ['reset'], outcome: { type: 'per-try-timeout' } as const, retried: false }
	])('$on on $outcome.type $outcome.status: $retried', ({ on, outcome, retried }) => {
		expect(isRetriable(policy(on), outcome)).toBe(retried);
	});

	it('caps attempts and ignores a zero per-try timeout, as Envoy does', () => {
		const p = retryPolicy({
			matches: [],
			backends: [],
			retries: { attempts: 1e9, perTryTimeoutMs: 0, retryOn: ['5xx'] }
		});
		expect(p.attempts).toBe(MAX_ATTEMPTS);
		expect(p.perTryTimeoutMs).toBeUndefined();
		const rng = createRng(1);
		for (let n = 1; n < 20; n++) expect(backoffMs(n, rng)).toBeLessThan(250);
	});

	it("Istio's default: 2 retries on connect failures and 503", () => {
		const p = retryPolicy(undefined);
		expect(p).toBe(ISTIO_DEFAULT_RETRY);
		expect(isRetriable(p, resp(503))).toBe(true);
		expect(isRetriable(p, resp(500))).toBe(false);
		expect(isRetriable(p, { type: 'connect-failure' })).toBe(true);
	});
});
