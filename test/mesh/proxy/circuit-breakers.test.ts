/**
 * A DestinationRule's connectionPool and outlierDetection as Envoy enforces them, table by table,
 * each from the source:
 * - envoy docs, arch_overview/upstream/circuit_breaking: "Cluster maximum pending requests: The
 *   maximum number of requests that will be queued while waiting for a ready connection pool
 *   connection … When this circuit breaker overflows the upstream_rq_pending_overflow counter
 *   for the cluster will increment"; "Cluster maximum connections … upstream_cx_overflow";
 *   "Cluster maximum requests … upstream_rq_pending_overflow"; and conn_pool_base.cc
 *   (`newStreamImpl`: an idle ready client first, then the pending limit, then a new connection
 *   if `max_connections` allows; `onStreamClosed`: close at `max_requests_per_connection`);
 * - envoy docs, arch_overview/upstream/outlier: "Consecutive 5xx … it will be ejected", "the host
 *   is ejected for a period of time equal to base_ejection_time multiplied by the number of times
 *   the host has been ejected", max_ejection_percent "will eject at least one host regardless";
 * - istio pilot cluster_traffic_policy.go (`applyConnectionPool`, `applyOutlierDetection`) for
 *   which DestinationRule field sets which threshold, and Envoy's defaults for the unset ones.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { trafficPolicyOf } from '../../../src/mesh/istiod/traffic-policy.ts';
import { ClusterStats, renderStats } from '../../../src/mesh/proxy/envoy/stats.ts';
import { ConnectionPool, type PoolGrant } from '../../../src/mesh/proxy/l7/circuit-breakers.ts';
import { OutlierDetector } from '../../../src/mesh/proxy/l7/outlier-detection.ts';

const lease = (g: PoolGrant) => {
	if ('overflow' in g) throw new Error('overflowed');
	return g.lease;
};
const flush = () => new Promise<void>((r) => setImmediate(r));

describe('DestinationRule → Envoy cluster thresholds (cluster_traffic_policy.go)', () => {
	const dr = (trafficPolicy: unknown): KubeObject =>
		({
			apiVersion: 'networking.istio.io/v1',
			kind: 'DestinationRule',
			metadata: {
				name: 'httpbin',
				namespace: 'default',
				uid: 'u1',
				resourceVersion: '1',
				creationTimestamp: '2026-01-01T00:00:00Z'
			},
			spec: { host: 'httpbin', trafficPolicy }
		}) as KubeObject;

	it.each([
		[
			'the circuit-breaking page',
			{
				connectionPool: {
					tcp: { maxConnections: 1 },
					http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 }
				},
				outlierDetection: {
					consecutive5xxErrors: 1,
					interval: '1s',
					baseEjectionTime: '3m',
					maxEjectionPercent: 100
				}
			},
			{
				connectionPool: { maxConnections: 1, maxPendingRequests: 1, maxRequestsPerConnection: 1 },
				outlierDetection: {
					consecutive5xx: 1,
					intervalMs: 1000,
					baseEjectionTimeMs: 180_000,
					maxEjectionPercent: 100
				}
			}
		],
		[
			"Envoy's defaults for an empty outlierDetection; zero limits stay unlimited",
			{ connectionPool: { http: { http2MaxRequests: 0 } }, outlierDetection: {} },
			{
				connectionPool: {},
				outlierDetection: {
					consecutive5xx: 5,
					intervalMs: 10_000,
					baseEjectionTimeMs: 30_000,
					maxEjectionPercent: 10
				}
			}
		],
		['a TLS-only policy has no circuit', { tls: { mode: 'ISTIO_MUTUAL' } }, undefined]
	])('%s', (_name, policy, want) => {
		expect(trafficPolicyOf(dr(policy))).toEqual(want);
	});
});

describe('connection pool (max_connections 1, max_pending_requests 1)', () => {
	it('queues one request while the connection is taken and overflows the next', async () => {
		const pool = new ConnectionPool({
			maxConnections: 1,
			maxPendingRequests: 1,
			maxRequestsPerConnection: 1
		});
		// A opens the one connection and is pending until it is connected.
		const a = lease(await pool.acquire());
		expect(pool.stats).toMatchObject({
			upstream_rq_pending_total: 1,
			upstream_rq_pending_active: 1
		});
		// B arrives while A is still connecting: the pending queue is full.
		expect(await pool.acquire()).toEqual({ overflow: true });
		a.connected();
		expect(pool.stats.upstream_rq_pending_active).toBe(0);
		// C waits for a connection (max_connections), D overflows.
		let c: ReturnType<typeof lease> | undefined;
		void pool.acquire().then((g) => (c = lease(g)));
		await flush();
		expect(c).toBeUndefined();
		expect(pool.stats).toMatchObject({ upstream_rq_pending_active: 1, upstream_cx_overflow: 1 });
		expect(await pool.acquire()).toEqual({ overflow: true });
		expect(pool.remainingPending()).toBe(0);
		expect(pool.pendingOpen()).toBe(1);
		// A done: its connection served max_requests_per_connection and closes; C gets a new one.
		a.release(false);
		await flush();
		expect(c).toBeDefined();
		expect(pool.stats.upstream_rq_pending_active).toBe(1);
		c?.connected();
		c?.release(false);
		expect(pool.stats).toMatchObject({
			upstream_rq_pending_total: 2,
			upstream_rq_pending_overflow: 2,
			upstream_rq_pending_active: 0,
			upstream_rq_active: 0,
			upstream_cx_active: 0
		});
	});

	it('reuses an idle ready connection without queueing when requests per connection allow', async () => {
		const pool = new ConnectionPool({ maxConnections: 1, maxPendingRequests: 1 });
		const a = lease(await pool.acquire());
		a.connected();
		a.release(false);
		const b = lease(await pool.acquire());
		expect(pool.stats).toMatchObject({ upstream_rq_pending_total: 1, upstream_cx_active: 1 });
		b.release(false);
	});

	it('overflows past max_requests (http2MaxRequests) whatever the connections', async () => {
		const pool = new ConnectionPool({ maxRequests: 1 });
		lease(await pool.acquire());
		expect(await pool.acquire()).toEqual({ overflow: true });
		expect(pool.stats.upstream_rq_pending_overflow).toBe(1);
	});

	it('a pending request whose connection fails counts as upstream_rq_pending_failure_eject', async () => {
		const pool = new ConnectionPool({ maxConnections: 1 });
		lease(await pool.acquire()).release(true);
		expect(pool.stats).toMatchObject({
			upstream_rq_pending_failure_eject: 1,
			upstream_cx_active: 0
		});
	});
});

describe('outlier detection', () => {
	const policy = {
		consecutive5xx: 2,
		intervalMs: 1000,
		baseEjectionTimeMs: 30_000,
		maxEjectionPercent: 100
	};

	it('ejects after consecutive 5xx; a success in between resets the count', () => {
		const o = new OutlierDetector(policy, 0);
		o.record('a', { status: 503 }, 0, 2);
		o.record('a', { status: 200 }, 1, 2);
		o.record('a', { status: 500 }, 2, 2);
		expect(o.isEjected('a', 3)).toBe(false);
		o.record('a', { localFailure: true }, 4, 2);
		expect(o.isEjected('a', 5)).toBe(true);
		expect(o.stats.ejections_enforced_total).toBe(1);
	});

	it('brings a host back at the interval tick after base_ejection_time × times ejected', () => {
		const o = new OutlierDetector(policy, 0);
		o.record('a', { status: 503 }, 500, 1);
		o.record('a', { status: 503 }, 500, 1);
		// Ejected at 500 ms for 30 s: back at the first tick (every 1 s from 0) at or after 30.5 s.
		expect(o.isEjected('a', 30_900)).toBe(true);
		expect(o.isEjected('a', 31_000)).toBe(false);
		// The second ejection lasts twice as long.
		o.record('a', { status: 503 }, 40_000, 1);
		o.record('a', { status: 503 }, 40_000, 1);
		expect(o.isEjected('a', 99_000)).toBe(true);
		expect(o.isEjected('a', 100_000)).toBe(false);
	});

	it('max_ejection_percent: at least one host, then no more than the percentage', () => {
		const o = new OutlierDetector({ ...policy, consecutive5xx: 1, maxEjectionPercent: 10 }, 0);
		o.record('a', { status: 503 }, 0, 2);
		o.record('b', { status: 503 }, 0, 2);
		expect([o.isEjected('a', 1), o.isEjected('b', 1)]).toEqual([true, false]);
		expect(o.stats.ejections_overflow).toBe(1);
	});
});

describe("the pool's /stats (envoy docs: cluster manager and circuit breaker statistics)", () => {
	it('prints the pending family under the cluster, with the remaining_* gauges Istio tracks', async () => {
		const pool = new ConnectionPool({ maxConnections: 1, maxPendingRequests: 1 });
		lease(await pool.acquire());
		await pool.acquire();
		const cluster = 'outbound|8000||httpbin.default.svc.cluster.local';
		const lines = renderStats(
			[{ name: cluster }],
			new ClusterStats(),
			new Map([[cluster, { pool }]])
		)
			.split('\n')
			.filter((l) => l.includes('httpbin') && l.includes('pending'));
		expect(lines).toEqual([
			`cluster.${cluster}.circuit_breakers.default.remaining_pending: 0`,
			`cluster.${cluster}.circuit_breakers.default.rq_pending_open: 1`,
			`cluster.${cluster}.circuit_breakers.high.rq_pending_open: 0`,
			`cluster.${cluster}.upstream_rq_pending_active: 1`,
			`cluster.${cluster}.upstream_rq_pending_failure_eject: 0`,
			`cluster.${cluster}.upstream_rq_pending_overflow: 1`,
			`cluster.${cluster}.upstream_rq_pending_total: 1`
		]);
	});
});
