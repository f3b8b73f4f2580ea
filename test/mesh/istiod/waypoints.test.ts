import { describe, expect, it } from 'vitest';
import {
	collectWaypoints,
	waypointForPod,
	waypointForService
} from '../../../src/mesh/istiod/waypoints.ts';
import { namespace, pod, service } from './fixtures.ts';
import { waypointGateway } from './waypoint-fixtures.ts';

const gateways = [
	waypointGateway('waypoint'),
	waypointGateway('svc-wp', { for: 'service', address: '10.96.50.2' }),
	waypointGateway('wl-wp', { for: 'workload', address: '10.96.50.3' }),
	waypointGateway('all-wp', { for: 'all', address: '10.96.50.4' }),
	waypointGateway('pending', { address: '' }),
	waypointGateway('shared', { namespace: 'infra', from: 'All', address: '10.96.50.5' }),
	waypointGateway('private', { namespace: 'infra', address: '10.96.50.6' })
];
const waypoints = collectWaypoints(gateways);

describe('waypoint resolution (istio.io/use-waypoint precedence)', () => {
	const cases: {
		name: string;
		ns?: Record<string, string>;
		svc?: Record<string, string>;
		pod?: Record<string, string>;
		service: string | undefined;
		workload: string | undefined;
		error?: string;
	}[] = [
		{ name: 'no labels anywhere', service: undefined, workload: undefined },
		{
			name: 'namespace label, default traffic type is service',
			ns: { 'istio.io/use-waypoint': 'waypoint' },
			service: 'default/waypoint',
			workload: undefined,
			error:
				'attempting to bind to traffic type "workload" which the waypoint "default/waypoint" does not support'
		},
		{
			name: 'service label wins over the namespace label',
			ns: { 'istio.io/use-waypoint': 'waypoint' },
			svc: { 'istio.io/use-waypoint': 'all-wp' },
			service: 'default/all-wp',
			workload: undefined
		},
		{
			name: 'service opts out with none',
			ns: { 'istio.io/use-waypoint': 'waypoint' },
			svc: { 'istio.io/use-waypoint': 'none' },
			service: undefined,
			workload: undefined
		},
		{
			name: 'service label naming a workload waypoint does not fall back to the namespace',
			ns: { 'istio.io/use-waypoint': 'waypoint' },
			svc: { 'istio.io/use-waypoint': 'wl-wp' },
			service: undefined,
			workload: undefined,
			error:
				'attempting to bind to traffic type "service" which the waypoint "default/wl-wp" does not support'
		},
		{
			name: 'pod label needs workload or all',
			pod: { 'istio.io/use-waypoint': 'wl-wp' },
			service: undefined,
			workload: 'default/wl-wp'
		},
		{
			name: 'pod label wins over namespace label',
			ns: { 'istio.io/use-waypoint': 'svc-wp' },
			pod: { 'istio.io/use-waypoint': 'all-wp' },
			service: 'default/svc-wp',
			workload: 'default/all-wp'
		},
		{
			name: 'waypoint without an address is not used',
			ns: { 'istio.io/use-waypoint': 'pending' },
			service: undefined,
			workload: undefined,
			error: 'waypoint "default/pending" is not ready'
		},
		{
			name: 'use-waypoint-namespace reaches another namespace that allows All',
			svc: {
				'istio.io/use-waypoint': 'shared',
				'istio.io/use-waypoint-namespace': 'infra'
			},
			service: 'infra/shared',
			workload: undefined
		},
		{
			name: 'a waypoint with allowedRoutes Same refuses other namespaces',
			svc: {
				'istio.io/use-waypoint': 'private',
				'istio.io/use-waypoint-namespace': 'infra'
			},
			service: undefined,
			workload: undefined,
			error: 'we are not permitted to attach to waypoint "infra/private" (missing allowedRoutes?)'
		}
	];
	it.each(cases)('$name', (c) => {
		const namespaces = new Map([['default', namespace('default', c.ns ?? {})]]);
		const svc = service('productpage', { app: 'productpage' }, [{ port: 9080 }]);
		svc.metadata.labels = c.svc ?? {};
		const p = pod('productpage-v1-abc', { labels: { app: 'productpage', ...c.pod } });
		const s = waypointForService(svc, waypoints, namespaces);
		const w = waypointForPod(p, waypoints, namespaces);
		const name = (x: { namespace: string; name: string } | undefined) =>
			x ? `${x.namespace}/${x.name}` : undefined;
		expect(name(s.waypoint)).toBe(c.service);
		expect(name(w.waypoint)).toBe(c.workload);
		if (c.error) expect([s.error?.message, w.error?.message]).toContain(c.error);
	});

	it('a waypoint never uses a waypoint', () => {
		const namespaces = new Map([
			['default', namespace('default', { 'istio.io/use-waypoint': 'all-wp' })]
		]);
		const wp = pod('waypoint-abc', {
			labels: { 'gateway.istio.io/managed': 'istio.io-mesh-controller' }
		});
		expect(waypointForPod(wp, waypoints, namespaces)).toEqual({});
	});

	it('the GatewayAddress names the waypoint Service', () => {
		expect(waypoints.get('default/waypoint')?.address).toEqual({
			hostname: 'waypoint.default.svc.cluster.local',
			namespace: 'default',
			address: '10.96.50.1',
			hboneMtlsPort: 15008
		});
	});
});
