/**
 * TCPRoutes as istiod 1.30.3 handles them, from pilot/pkg/config/kube/gateway/conversion.go
 * (`convertTCPRoute`, `buildTCPDestination`, `listenerProtocolToIstio`,
 * `generateSupportedKinds`) and pilot/pkg/features/experimental.go
 * (`PILOT_ENABLE_ALPHA_GATEWAY_API`, default false): only with the alpha API on does istiod read
 * TCPRoutes, program a Gateway's TCP listener and write the routes' status.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { gatewayStatus, TCP_NEEDS_ALPHA } from '../../../src/mesh/istiod/gateway-status.ts';
import { computeMeshState } from '../../../src/mesh/istiod/push.ts';
import { convertTcpRoute } from '../../../src/mesh/istiod/routes-tcp.ts';
import { namespace, pod, service, snapshot } from './fixtures.ts';
import { waypointGateway } from './waypoint-fixtures.ts';

const T = '2026-01-01T00:00:00Z';

function tcpRoute(name: string, spec: Record<string, unknown>): KubeObject {
	return {
		apiVersion: 'gateway.networking.k8s.io/v1alpha2',
		kind: 'TCPRoute',
		metadata: {
			name,
			namespace: 'default',
			uid: `tcp-${name}`,
			resourceVersion: '1',
			creationTimestamp: T
		},
		spec
	};
}

const ingress: KubeObject = {
	apiVersion: 'gateway.networking.k8s.io/v1',
	kind: 'Gateway',
	metadata: {
		name: 'tcp-echo-gateway',
		namespace: 'default',
		uid: 'gw-tcp',
		resourceVersion: '1',
		creationTimestamp: T
	},
	spec: {
		gatewayClassName: 'istio',
		listeners: [{ name: 'tcp-31400', port: 31400, protocol: 'TCP' }]
	}
};

const echo = (v: string) =>
	service(`tcp-echo-${v}`, { app: 'tcp-echo', version: v }, [{ name: 'tcp', port: 9000 }], {
		clusterIP: v === 'v1' ? '10.96.2.1' : '10.96.2.2'
	});

const split = tcpRoute('tcp-echo', {
	parentRefs: [{ name: 'tcp-echo-gateway', sectionName: 'tcp-31400' }],
	rules: [
		{
			backendRefs: [
				{ name: 'tcp-echo-v1', port: 9000, weight: 80 },
				{ name: 'tcp-echo-v2', port: 9000, weight: 20 }
			]
		}
	]
});

const base = {
	namespaces: [namespace('default', { 'istio.io/dataplane-mode': 'ambient' })],
	pods: [
		pod('tcp-echo-v1-a', { labels: { app: 'tcp-echo', version: 'v1' }, ip: '10.244.1.20' }),
		pod('tcp-echo-v2-b', { labels: { app: 'tcp-echo', version: 'v2' }, ip: '10.244.1.21' })
	],
	services: [echo('v1'), echo('v2')],
	gateways: [ingress],
	tcpRoutes: [split]
};

describe('TCPRoute conversion (convertTCPRoute / buildTCPDestination)', () => {
	const services = new Map(base.services.map((s) => [`default/${s.metadata.name}`, s]));
	const convert = (backendRefs: unknown[]) =>
		convertTcpRoute(tcpRoute('r', { parentRefs: [], rules: [{ backendRefs }] }), services);
	const host = (v: string) => `tcp-echo-${v}.default.svc.cluster.local`;

	it.each([
		['weight defaults to 1', [{ name: 'tcp-echo-v1', port: 9000 }], [[host('v1'), 1]]],
		[
			'a zero weight is dropped',
			[
				{ name: 'tcp-echo-v1', port: 9000, weight: 0 },
				{ name: 'tcp-echo-v2', port: 9000, weight: 5 }
			],
			[[host('v2'), 5]]
		],
		['all weights zero: no backend, connections rejected', [{ name: 'tcp-echo-v1', weight: 0 }], []]
	])('%s', (_name, refs, want) => {
		const c = convert(refs);
		expect(c.backends.map((b) => [b.hostname, b.weight])).toEqual(want);
		expect(c.error).toBeUndefined();
	});

	it('keeps an unknown backend (its share of connections fails) and reports BackendNotFound', () => {
		const c = convert([
			{ name: 'tcp-echo-v1', port: 9000, weight: 50 },
			{ name: 'tcp-echo-v9', port: 9000, weight: 50 }
		]);
		expect(c.backends.map((b) => b.hostname)).toEqual([host('v1'), host('v9')]);
		expect(c.error).toEqual({
			reason: 'BackendNotFound',
			message: `backend(${host('v9')}) not found`
		});
	});
});

describe('TCPRoutes in the push', () => {
	it('without PILOT_ENABLE_ALPHA_GATEWAY_API: no TCP listener and no route status', () => {
		const mesh = computeMeshState(snapshot(base));
		const gw = mesh.waypoints.find((c) => c.gateway.name === 'tcp-echo-gateway');
		expect(gw?.listeners).toEqual([]);
		expect(mesh.routeStatuses).toEqual([]);
	});

	it('with it: the listener proxies by the route weights, and the route is Accepted', () => {
		const mesh = computeMeshState(snapshot({ ...base, alphaGatewayApi: true }));
		const gw = mesh.waypoints.find((c) => c.gateway.name === 'tcp-echo-gateway');
		expect(gw?.listeners).toEqual([
			{
				name: 'tcp-31400',
				port: 31400,
				protocol: 'TCP',
				routes: [],
				tcpRoutes: [
					{
						source: 'default/tcp-echo',
						backends: [
							{ hostname: 'tcp-echo-v1.default.svc.cluster.local', port: 9000, weight: 80 },
							{ hostname: 'tcp-echo-v2.default.svc.cluster.local', port: 9000, weight: 20 }
						]
					}
				]
			}
		]);
		// Both backends' Services and pods are pushed: the gateway must reach them.
		expect(gw?.services.map((s) => s.name).sort()).toEqual(['tcp-echo-v1', 'tcp-echo-v2']);
		expect(mesh.routeStatuses).toEqual([
			{
				resource: 'tcproutes',
				namespace: 'default',
				name: 'tcp-echo',
				parents: [
					expect.objectContaining({
						controllerName: 'istio.io/gateway-controller',
						conditions: [
							expect.objectContaining({ type: 'Accepted', status: 'True' }),
							expect.objectContaining({ type: 'ResolvedRefs', status: 'True' }),
							expect.objectContaining({ type: 'ResolvedWaypoints', status: 'True' })
						]
					})
				]
			}
		]);
	});

	it('a waypoint applies a TCPRoute whose parent is a Service it serves (GAMMA)', () => {
		const waypointPod = pod('waypoint-d', {
			labels: {
				'gateway.networking.k8s.io/gateway-name': 'waypoint',
				'gateway.istio.io/managed': 'istio.io-mesh-controller'
			},
			ip: '10.244.1.13',
			sa: 'waypoint'
		});
		const waypointSvc = service(
			'waypoint',
			{ 'gateway.networking.k8s.io/gateway-name': 'waypoint' },
			[{ port: 15021 }, { port: 15008 }],
			{ clusterIP: '10.96.50.1' }
		);
		waypointSvc.metadata.labels = {
			'gateway.networking.k8s.io/gateway-class-name': 'istio-waypoint'
		};
		const echoSvc = service('tcp-echo', { app: 'tcp-echo' }, [{ name: 'tcp', port: 9000 }], {
			clusterIP: '10.96.2.3'
		});
		const route = tcpRoute('tcp-echo', {
			parentRefs: [{ group: '', kind: 'Service', name: 'tcp-echo', port: 9000 }],
			rules: [{ backendRefs: [{ name: 'tcp-echo-v2', port: 9000 }] }]
		});
		const mesh = computeMeshState(
			snapshot({
				namespaces: [
					namespace('default', {
						'istio.io/dataplane-mode': 'ambient',
						'istio.io/use-waypoint': 'waypoint'
					})
				],
				pods: [...base.pods, waypointPod],
				services: [...base.services, echoSvc, waypointSvc],
				gateways: [waypointGateway('waypoint')],
				tcpRoutes: [route],
				alphaGatewayApi: true
			})
		);
		const wp = mesh.waypoints.find((c) => c.gateway.name === 'waypoint');
		expect(wp?.tcpPorts?.['tcp-echo.default.svc.cluster.local']).toEqual([9000]);
		expect(wp?.tcpRoutes).toEqual([
			{
				hostname: 'tcp-echo.default.svc.cluster.local',
				port: 9000,
				source: 'default/tcp-echo',
				backends: [{ hostname: 'tcp-echo-v2.default.svc.cluster.local', port: 9000, weight: 1 }]
			}
		]);
	});
});

describe('a TCP listener in the Gateway status (generateSupportedKinds, listenerProtocolToIstio)', () => {
	const facts = { service: undefined, ready: false, attachedRoutes: new Map([['tcp-31400', 1]]) };
	const listener = (alphaGatewayApi: boolean) =>
		gatewayStatus(ingress, { ...facts, alphaGatewayApi }).listeners?.[0] as {
			supportedKinds: unknown;
			conditions: { type: string; status: string; reason: string; message: string }[];
		};

	it('supports TCPRoute and is Accepted with the alpha API', () => {
		const l = listener(true);
		expect(l.supportedKinds).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'TCPRoute' }]);
		expect(l.conditions[0]).toEqual({
			type: 'Accepted',
			status: 'True',
			reason: 'Accepted',
			message: 'No errors found'
		});
	});

	it('is refused as UnsupportedProtocol without it', () => {
		expect(listener(false).conditions[0]).toEqual({
			type: 'Accepted',
			status: 'False',
			reason: 'UnsupportedProtocol',
			message: TCP_NEEDS_ALPHA
		});
		expect(TCP_NEEDS_ALPHA).toBe(
			'protocol "TCP" is supported, but only when PILOT_ENABLE_ALPHA_GATEWAY_API=true is configured'
		);
	});
});
