/**
 * Envoy's admin `/stats` (text format, source/server/admin/stats_render.cc): one `name: value`
 * line per stat, sorted by name. Per cluster only what Istio's docs read is kept:
 * `upstream_rq_total` (`pilot-agent request GET stats | grep upstream_rq_total`) and the
 * connection pool's circuit-breaker family (`… | grep pending`, the Circuit Breaking task:
 * docs "Cluster manager statistics" and "Circuit breakers statistics"); Envoy's thousands of
 * other stats are left out (README, Simplified).
 */
import type { ConnectionPool } from '../l7/circuit-breakers.ts';
import { bootstrapResources } from './config-dump.ts';

/** A cluster's circuit breakers, when its DestinationRule set a connectionPool. */
export type ClusterPools = ReadonlyMap<string, { readonly pool?: ConnectionPool }>;

/** `circuit_breakers.<priority>.*` gauges: open (1) when the resource is at its limit. */
const BREAKERS = ['cx_open', 'cx_pool_open', 'rq_open', 'rq_pending_open', 'rq_retry_open'];

function clusterLines(
	name: string,
	stats: ClusterStats,
	pool: ConnectionPool | undefined
): string[] {
	const p = pool?.stats;
	const open = (k: string): number =>
		!pool
			? 0
			: k === 'cx_open'
				? pool.remainingConnections() === 0
					? 1
					: 0
				: k === 'rq_pending_open'
					? pool.pendingOpen()
					: k === 'rq_open'
						? pool.remainingRequests() === 0
							? 1
							: 0
						: 0;
	const values: [string, number][] = [
		...BREAKERS.map((k): [string, number] => [`circuit_breakers.default.${k}`, open(k)]),
		...BREAKERS.map((k): [string, number] => [`circuit_breakers.high.${k}`, 0]),
		['upstream_cx_overflow', p?.upstream_cx_overflow ?? 0],
		['upstream_rq_pending_active', p?.upstream_rq_pending_active ?? 0],
		['upstream_rq_pending_failure_eject', p?.upstream_rq_pending_failure_eject ?? 0],
		['upstream_rq_pending_overflow', p?.upstream_rq_pending_overflow ?? 0],
		['upstream_rq_pending_total', p?.upstream_rq_pending_total ?? 0],
		['upstream_rq_total', stats.upstreamRqTotal(name)]
	];
	// Istio's thresholds set `track_remaining`: the remaining_* gauges of the default priority.
	if (pool)
		values.push(
			['circuit_breakers.default.remaining_cx', pool.remainingConnections()],
			['circuit_breakers.default.remaining_pending', pool.remainingPending()],
			['circuit_breakers.default.remaining_rq', pool.remainingRequests()]
		);
	return values.map(([k, v]) => `cluster.${name}.${k}: ${v}`);
}

type Json = Record<string, unknown>;

/** Requests each cluster sent upstream: every attempt counts, a retry too (Envoy's counter). */
export class ClusterStats {
	readonly #upstreamRq = new Map<string, number>();

	upstreamRequest(cluster: string): void {
		this.#upstreamRq.set(cluster, (this.#upstreamRq.get(cluster) ?? 0) + 1);
	}

	upstreamRqTotal(cluster: string): number {
		return this.#upstreamRq.get(cluster) ?? 0;
	}

	/** Clusters that sent a request, in first-use order. */
	used(): readonly string[] {
		return [...this.#upstreamRq.keys()];
	}
}

/**
 * `/stats` for a proxy whose dynamic clusters are `clusters` (from its config dump), beside the
 * bootstrap's static ones. A cluster gone from config but used before keeps its counter, as
 * Envoy keeps a removed cluster's stats until they are evicted.
 */
export function renderStats(
	clusters: readonly Json[],
	stats: ClusterStats,
	pools: ClusterPools = new Map()
): string {
	const names = new Set<string>(stats.used());
	for (const c of [...bootstrapResources().clusters, ...clusters]) {
		if (typeof c['name'] === 'string') names.add(c['name']);
	}
	for (const n of pools.keys()) names.add(n);
	const lines = [...names].flatMap((n) => clusterLines(n, stats, pools.get(n)?.pool));
	return `${lines.sort().join('\n')}\n`;
}
