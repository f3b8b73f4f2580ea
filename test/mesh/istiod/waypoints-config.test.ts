import { describe, expect, it } from 'vitest';
import { computeMeshState } from '../../../src/mesh/istiod/push.ts';
import { authorizationPolicy, namespace, pod, service, snapshot } from './fixtures.ts';
import { httpRoute, istioObject, waypointGateway } from './waypoint-fixtures.ts';

const ambient = { 'istio.io/dataplane-mode': 'ambient' };
const base = {
	pods: [
		pod('reviews-v1-a', { labels: { app: 'reviews', version: 'v1' }, ip: '10.244.1.10' }),
		pod('reviews-v2-b', { labels: { app: 'reviews', version: 'v2' }, ip: '10.244.1.11' }),
		pod('productpage-v1-c', { labels: { app: 'productpage' }, ip: '10.244.1.12' }),
		pod('waypoint-d', {
			labels: {
				'gateway.networking.k8s.io/gateway-name': 'waypoint',
				'gateway.istio.io/managed': 'istio.io-mesh-controller'
			},
			ip: '10.244.1.13',
			sa: 'waypoint'
		})
	],
	services: [
		service('reviews', { app: 'reviews' }, [{ port: 9080 }], { clusterIP: '10.96.1.1' }),
		service('reviews-v1', { app: 'reviews', version: 'v1' }, [{ port: 9080 }], {
			clusterIP: '10.96.1.2'
		}),
		service('reviews-v2', { app: 'reviews', version: 'v2' }, [{ port: 9080 }], {
			clusterIP: '10.96.1.3'
		}),
		service('productpage', { app: 'productpage' }, [{ port: 9080 }], { clusterIP: '10.96.1.4' }),
		service(
			'waypoint',
			{ 'gateway.networking.k8s.io/gateway-name': 'waypoint' },
			[{ port: 15021 }, { port: 15008 }],
			{ clusterIP: '10.96.50.1' }
		)
	],
	gateways: [waypointGateway('waypoint')]
};
base.services[4]!.metadata.labels = {
	'gateway.networking.k8s.io/gateway-class-name': 'istio-waypoint'
};

const reviews9010 = httpRoute('reviews', {
	parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
	rules: [
		{
			backendRefs: [
				{ name: 'reviews-v1', port: 9080, weight: 90 },
				{ name: 'reviews-v2', port: 9080, weight: 10 }
			]
		}
	]
});

describe('waypoint config istiod pushes', () => {
	it('fills waypoint on the services of an enrolled namespace, not on the waypoint itself', () => {
		const mesh = computeMeshState(
			snapshot({
				...base,
				namespaces: [namespace('default', { ...ambient, 'istio.io/use-waypoint': 'waypoint' })]
			})
		);
		const wp = (name: string) => mesh.services.find((s) => s.name === name)?.waypoint?.address;
		expect(wp('reviews')).toBe('10.96.50.1');
		expect(wp('productpage')).toBe('10.96.50.1');
		expect(wp('waypoint')).toBeUndefined();
		// A service waypoint: workloads keep no waypoint.
		expect(mesh.workloads.every((w) => w.waypoint === undefined)).toBe(true);
	});

	it('builds the HTTPRoute 90/10 split for reviews, with backends reachable', () => {
		const mesh = computeMeshState(
			snapshot({
				...base,
				namespaces: [namespace('default', { ...ambient, 'istio.io/use-waypoint': 'waypoint' })],
				httpRoutes: [reviews9010]
			})
		);
		const config = mesh.waypoints.find((c) => c.gateway.name === 'waypoint');
		expect(config?.gatewayClassName).toBe('istio-waypoint');
		expect(config?.routes).toEqual([
			{
				hostname: 'reviews.default.svc.cluster.local',
				port: 9080,
				source: 'default/reviews',
				kind: 'HTTPRoute',
				rules: [
					{
						matches: [{ path: { type: 'PathPrefix', value: '/' } }],
						backends: [
							{ hostname: 'reviews-v1.default.svc.cluster.local', port: 9080, weight: 90 },
							{ hostname: 'reviews-v2.default.svc.cluster.local', port: 9080, weight: 10 }
						]
					}
				]
			}
		]);
		expect(config?.services.map((s) => s.name).sort()).toEqual([
			'productpage',
			'reviews',
			'reviews-v1',
			'reviews-v2'
		]);
		expect(config?.workloads.map((w) => w.name).sort()).toEqual([
			'productpage-v1-c',
			'reviews-v1-a',
			'reviews-v2-b'
		]);
		const status = mesh.routeStatuses.find((r) => r.name === 'reviews');
		expect(status?.parents[0]?.conditions.map((c) => `${c.type}=${c.status} ${c.message}`)).toEqual(
			[
				'Accepted=True Route was valid',
				'ResolvedRefs=True All references resolved',
				'ResolvedWaypoints=True All waypoints resolved'
			]
		);
	});

	it('says a route without a waypoint will not be respected, and names a missing backend', () => {
		const bad = httpRoute('reviews', {
			parentRefs: [{ kind: 'Service', name: 'reviews', port: 9080 }],
			rules: [{ backendRefs: [{ name: 'reviews-v9', port: 9080 }] }]
		});
		const mesh = computeMeshState(
			snapshot({ ...base, namespaces: [namespace('default', ambient)], httpRoutes: [bad] })
		);
		expect(mesh.routeStatuses[0]?.parents[0]?.conditions.slice(1)).toEqual([
			{
				type: 'ResolvedRefs',
				status: 'False',
				reason: 'BackendNotFound',
				message: 'backend(reviews-v9.default.svc.cluster.local) not found'
			},
			{
				type: 'ResolvedWaypoints',
				status: 'True',
				reason: 'ResolvedWaypoints',
				message:
					'istio.io/use-waypoint label missing from parent and parent namespace; in ambient mode, route will not be respected'
			}
		]);
		expect(mesh.waypoints[0]?.routes).toEqual([]);
	});

	it('uses a VirtualService with DestinationRule subsets, fault and retries when no HTTPRoute', () => {
		const vs = istioObject('VirtualService', 'reviews', {
			hosts: ['reviews'],
			http: [
				{
					fault: { abort: { httpStatus: 500, percentage: { value: 50 } } },
					retries: { attempts: 3, perTryTimeout: '2s' },
					timeout: '10s',
					route: [{ destination: { host: 'reviews', subset: 'v2' } }]
				}
			]
		});
		const dr = istioObject('DestinationRule', 'reviews', {
			host: 'reviews',
			subsets: [{ name: 'v2', labels: { version: 'v2' } }]
		});
		const mesh = computeMeshState(
			snapshot({
				...base,
				namespaces: [namespace('default', { ...ambient, 'istio.io/use-waypoint': 'waypoint' })],
				virtualServices: [vs],
				destinationRules: [dr]
			})
		);
		const routes = mesh.waypoints[0]?.routes ?? [];
		expect(routes).toHaveLength(1);
		expect(routes[0]?.kind).toBe('VirtualService');
		expect(routes[0]?.rules[0]).toEqual({
			matches: [],
			backends: [
				{
					hostname: 'reviews.default.svc.cluster.local',
					// No port in the destination: reviews has one, so it is that one.
					port: 9080,
					weight: 100,
					subsetLabels: { version: 'v2' }
				}
			],
			timeoutMs: 10000,
			retries: {
				attempts: 3,
				perTryTimeoutMs: 2000,
				retryOn: [
					'connect-failure',
					'refused-stream',
					'unavailable',
					'cancelled',
					'retriable-status-codes'
				]
			},
			fault: { abort: { httpStatus: 500, percentage: 50 } }
		});
		// An HTTPRoute for the same Service wins over the VirtualService.
		const both = computeMeshState(
			snapshot({
				...base,
				namespaces: [namespace('default', { ...ambient, 'istio.io/use-waypoint': 'waypoint' })],
				virtualServices: [vs],
				destinationRules: [dr],
				httpRoutes: [reviews9010]
			})
		);
		expect(both.waypoints[0]?.routes.map((r) => r.kind)).toEqual(['HTTPRoute']);
	});

	const l7 = {
		action: 'ALLOW',
		rules: [
			{
				from: [{ source: { principals: ['cluster.local/ns/default/sa/curl'] } }],
				to: [{ operation: { methods: ['GET'] } }]
			}
		]
	};
	const policyCases = [
		{
			name: 'Service target bound to the waypoint',
			labels: { ...ambient, 'istio.io/use-waypoint': 'waypoint' },
			targetRefs: [{ kind: 'Service', group: '', name: 'productpage' }],
			condition: { status: 'True', reason: 'Accepted', message: 'bound to default/waypoint' },
			enforced: true
		},
		{
			name: 'Service target without a waypoint: nothing enforces it',
			labels: ambient,
			targetRefs: [{ kind: 'Service', group: '', name: 'productpage' }],
			condition: {
				status: 'False',
				reason: 'AncestorNotBound',
				message: 'Service default/productpage is not bound to a waypoint'
			},
			enforced: false
		},
		{
			name: 'Gateway target',
			labels: { ...ambient, 'istio.io/use-waypoint': 'waypoint' },
			targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' }],
			condition: { status: 'True', reason: 'Accepted', message: 'bound to default/waypoint' },
			enforced: true
		},
		{
			name: 'unknown Service target',
			labels: ambient,
			targetRefs: [{ kind: 'Service', group: '', name: 'nope' }],
			condition: {
				status: 'False',
				reason: 'TargetNotFound',
				message: 'Service default/nope was not found'
			},
			enforced: false
		}
	];
	it.each(policyCases)('targetRefs policy: $name', (c) => {
		const ap = authorizationPolicy('productpage-waypoint', { targetRefs: c.targetRefs, ...l7 });
		const mesh = computeMeshState(
			snapshot({
				...base,
				namespaces: [namespace('default', c.labels)],
				authorizationPolicies: [ap]
			})
		);
		expect(mesh.policyStatuses).toEqual([
			['default/productpage-waypoint', { type: 'WaypointAccepted', ...c.condition }]
		]);
		// Never sent to ztunnel, and no ZtunnelAccepted condition.
		expect(mesh.policies).toEqual([]);
		expect(mesh.statuses.size).toBe(0);
		const policies = mesh.waypoints.flatMap((w) => w.policies);
		expect(policies.length > 0).toBe(c.enforced);
		if (c.enforced)
			expect(policies[0]?.rules).toEqual([
				{
					from: [{ principals: [{ exact: 'cluster.local/ns/default/sa/curl' }] }],
					to: [{ methods: ['GET'] }],
					when: []
				}
			]);
	});

	it('a selector L7 policy on an ambient workload keeps ztunnel behaviour', () => {
		const ap = authorizationPolicy('productpage-viewer', {
			selector: { matchLabels: { app: 'productpage' } },
			...l7
		});
		const mesh = computeMeshState(
			snapshot({
				...base,
				namespaces: [namespace('default', { ...ambient, 'istio.io/use-waypoint': 'waypoint' })],
				authorizationPolicies: [ap]
			})
		);
		expect(mesh.policies.map((p) => p.name)).toEqual(['productpage-viewer']);
		expect(mesh.statuses.get('default/productpage-viewer')?.reason).toBe('UnsupportedValue');
		expect(mesh.waypoints[0]?.policies).toEqual([]);
		expect(mesh.policyStatuses).toEqual([]);
	});
});
