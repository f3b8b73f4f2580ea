/**
 * Envoy's admin `/stats` (text format, source/server/admin/stats_render.cc): one `name: value`
 * line per stat, sorted by name. Only each cluster's `upstream_rq_total` is kept, the counter
 * Istio's docs read (`pilot-agent request GET stats | grep upstream_rq_total`); Envoy's
 * thousands of other stats are left out (README, Simplified).
 */
import { bootstrapResources } from './config-dump.ts';

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
export function renderStats(clusters: readonly Json[], stats: ClusterStats): string {
	const names = new Set<string>(stats.used());
	for (const c of [...bootstrapResources().clusters, ...clusters]) {
		if (typeof c['name'] === 'string') names.add(c['name']);
	}
	const lines = [...names].map(
		(n) => `cluster.${n}.upstream_rq_total: ${stats.upstreamRqTotal(n)}`
	);
	return `${lines.sort().join('\n')}\n`;
}
