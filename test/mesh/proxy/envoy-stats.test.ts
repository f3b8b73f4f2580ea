/**
 * Envoy's admin `/stats` text (envoy source/server/admin/stats_render.cc: `name: value`, sorted by
 * name) for the counter Istio's egress-gateway page reads, `cluster.<name>.upstream_rq_total`
 * (envoy docs, "Cluster manager statistics": total requests, each retry attempt included).
 */
import { describe, expect, it } from 'vitest';
import { ClusterStats, renderStats } from '../../../src/mesh/proxy/envoy/stats.ts';

describe('Envoy /stats', () => {
	it('lists every bootstrap and dynamic cluster, sorted, with its upstream requests', () => {
		const stats = new ClusterStats();
		stats.upstreamRequest('inbound-vip|80|http|httpbin.org');
		stats.upstreamRequest('inbound-vip|80|http|httpbin.org');
		const out = renderStats(
			[{ name: 'inbound-vip|80|http|httpbin.org' }, { name: 'encap' }],
			stats
		);
		// `| grep upstream_rq_total`, as the page reads it.
		expect(
			`${out
				.split('\n')
				.filter((l) => l.includes('upstream_rq_total'))
				.join('\n')}\n`
		).toBe(`cluster.agent.upstream_rq_total: 0
cluster.encap.upstream_rq_total: 0
cluster.inbound-vip|80|http|httpbin.org.upstream_rq_total: 2
cluster.prometheus_stats.upstream_rq_total: 0
cluster.sds-grpc.upstream_rq_total: 0
cluster.xds-grpc.upstream_rq_total: 0
`);
	});

	it('keeps the counter of a cluster no longer in config', () => {
		const stats = new ClusterStats();
		stats.upstreamRequest('outbound|9080||reviews.default.svc.cluster.local');
		expect(renderStats([], stats)).toContain(
			'cluster.outbound|9080||reviews.default.svc.cluster.local.upstream_rq_total: 1\n'
		);
	});
});
