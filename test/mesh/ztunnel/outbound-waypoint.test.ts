import { describe, expect, it } from 'vitest';
import { ip } from '../../../src/mesh/types.ts';
import { buildRequest } from '../../../src/mesh/proxy/l4/outbound.ts';
import { ProxyState } from '../../../src/mesh/proxy/l4/state/proxy-state.ts';
import type { GatewayAddress, Workload } from '../../../src/mesh/xds/workload-api.ts';
import { config, service, workload } from './fixtures.ts';

const gw: GatewayAddress = {
	hostname: 'waypoint.default.svc.cluster.local',
	namespace: 'default',
	address: ip('10.96.50.1'),
	hboneMtlsPort: 15008
};
const curl = workload('curl', '10.244.1.5');
const wpPod = workload('waypoint', '10.244.2.9', { protocol: 'TCP', serviceAccount: 'waypoint' });
const reviews = workload('reviews-v1', '10.244.2.4');
const direct = workload('ratings-v1', '10.244.2.6', { waypoint: gw });
const wpSvc = service('waypoint', '10.96.50.1', { 15021: 15021, 15008: 15008 }, [wpPod]);

function state(withWaypoint: boolean, workloads: Workload[] = []) {
	const reviewsSvc = {
		...service('reviews', '10.96.1.1', { 9080: 9080 }, [reviews]),
		...(withWaypoint ? { waypoint: gw } : {})
	};
	return new ProxyState(config([curl, wpPod, reviews, direct, ...workloads], [reviewsSvc, wpSvc]));
}

describe('buildRequest with waypoints', () => {
	const cases = [
		{
			name: 'service with a waypoint: HBONE to the waypoint, CONNECT to the VIP',
			withWaypoint: true,
			source: curl,
			target: '10.96.1.1',
			expected: {
				protocol: 'HBONE',
				actualDestination: '10.244.2.9:15008',
				hbone: '10.96.1.1:9080',
				san: 'spiffe://cluster.local/ns/default/sa/waypoint'
			}
		},
		{
			name: 'service without a waypoint: straight to the endpoint',
			withWaypoint: false,
			source: curl,
			target: '10.96.1.1',
			expected: {
				protocol: 'HBONE',
				actualDestination: '10.244.2.4:15008',
				hbone: '10.244.2.4:9080',
				san: 'spiffe://cluster.local/ns/default/sa/reviews'
			}
		},
		{
			name: 'the waypoint itself is never sent to its own waypoint',
			withWaypoint: true,
			source: wpPod,
			target: '10.96.1.1',
			expected: {
				protocol: 'HBONE',
				actualDestination: '10.244.2.4:15008',
				hbone: '10.244.2.4:9080',
				san: 'spiffe://cluster.local/ns/default/sa/reviews'
			}
		},
		{
			name: 'workload with a waypoint addressed by pod IP: via the waypoint',
			withWaypoint: false,
			source: curl,
			target: '10.244.2.6',
			expected: {
				protocol: 'HBONE',
				actualDestination: '10.244.2.9:15008',
				hbone: '10.244.2.6:9080',
				san: 'spiffe://cluster.local/ns/default/sa/waypoint'
			}
		}
	];
	it.each(cases)('$name', (c) => {
		const req = buildRequest(state(c.withWaypoint), c.source, { ip: ip(c.target), port: 9080 });
		if ('kind' in req) throw new Error(req.message);
		if (req.protocol === 'DOUBLEHBONE') throw new Error('unexpected double HBONE');
		const addr = (a: { ip: string; port: number } | undefined) => (a ? `${a.ip}:${a.port}` : '');
		expect({
			protocol: req.protocol,
			actualDestination: addr(req.actualDestination),
			hbone: addr(req.hboneTargetDestination),
			san: req.upstreamSans[0]
		}).toEqual(c.expected);
	});

	it('a waypoint with no healthy endpoint fails instead of bypassing it', () => {
		const s = new ProxyState(
			config(
				[curl, reviews],
				[
					{ ...service('reviews', '10.96.1.1', { 9080: 9080 }, [reviews]), waypoint: gw },
					service('waypoint', '10.96.50.1', { 15008: 15008 }, [])
				]
			)
		);
		const req = buildRequest(s, curl, { ip: ip('10.96.1.1'), port: 9080 });
		expect('kind' in req && req.kind).toBe('NoHealthyUpstream');
	});
});
