/**
 * Envoy's tcp_proxy cluster choice as the proxy core runs it for TCPRoutes (Envoy docs,
 * `envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy.weighted_clusters`: "the connection
 * is routed to one of the upstream clusters based on weights assigned to each cluster"; istio
 * conversion.go `buildTCPDestination` gives one destination per weighted backendRef).
 */
import { describe, expect, it } from 'vitest';
import { tcpCluster } from '../../../src/mesh/proxy/l7/tcp-proxy.ts';
import { createRng } from '../../../src/mesh/random.ts';
import type { TcpRoute } from '../../../src/mesh/xds/waypoint-config.ts';

const route = (weights: [string, number][]): TcpRoute => ({
	source: 'default/r',
	backends: weights.map(([hostname, weight]) => ({ hostname, port: 9000, weight }))
});

describe('tcp_proxy cluster choice', () => {
	it('no route: the addressed Service itself', () => {
		expect(tcpCluster([], { hostname: 'a', port: 9000 }, createRng(1))).toEqual({
			hostname: 'a',
			port: 9000
		});
	});

	it('a route with no backends (zero weights): the connection is closed', () => {
		expect(tcpCluster([route([])], { hostname: 'a', port: 9000 }, createRng(1))).toBeUndefined();
	});

	it('the first route wins; picks follow the weights over many connections', () => {
		const rng = createRng(7);
		const routes = [
			route([
				['v1', 80],
				['v2', 20]
			]),
			route([['other', 1]])
		];
		const counts = new Map<string, number>();
		for (let i = 0; i < 1000; i++) {
			const c = tcpCluster(routes, undefined, rng);
			counts.set(c?.hostname ?? '', (counts.get(c?.hostname ?? '') ?? 0) + 1);
		}
		expect(counts.get('other')).toBeUndefined();
		expect(counts.get('v1')).toBeGreaterThan(740);
		expect(counts.get('v1')).toBeLessThan(860);
	});

	it('a backend without a port takes the addressed port', () => {
		const r: TcpRoute = { source: 's', backends: [{ hostname: 'b', port: 0, weight: 1 }] };
		expect(tcpCluster([r], { hostname: 'a', port: 31400 }, createRng(1))).toEqual({
			hostname: 'b',
			port: 31400
		});
	});
});
