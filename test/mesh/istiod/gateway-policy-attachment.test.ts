/**
 * Which AuthorizationPolicies a Gateway API proxy's config carries, as istio 1.30.3
 * pilot/pkg/model/policyattachment.go `ShouldAttachPolicy` decides: a Gateway of class `istio`
 * takes its targetRefs policies and, while ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY is on (its
 * default, pilot/pkg/features/pilot.go), the policies with no targetRefs whose selector matches
 * its pod's labels; a waypoint never takes selector policies. 1.30.3's kube-gateway.yaml labels
 * the pods `gateway.networking.k8s.io/gateway-name` only (`istio.io/gateway-name` was removed in
 * 1.24, release note 52049). A CUSTOM policy carries its ext_authz provider, and the proxy gets
 * the provider's Service (push_context.go extraServicesForProxy).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { computeMeshState } from '../../../src/mesh/istiod/push.ts';
import { authorizationPolicy, namespace, pod, service, snapshot } from './fixtures.ts';
import { httpRoute, waypointGateway } from './waypoint-fixtures.ts';

const ingressGateway: KubeObject = {
	apiVersion: 'gateway.networking.k8s.io/v1',
	kind: 'Gateway',
	metadata: {
		name: 'httpbin-gateway',
		namespace: 'default',
		uid: 'gw-httpbin',
		resourceVersion: '1',
		creationTimestamp: '2026-01-01T00:00:00Z'
	},
	spec: {
		gatewayClassName: 'istio',
		listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }]
	}
};

const base = {
	pods: [
		pod('httpbin-a', { labels: { app: 'httpbin' }, ip: '10.244.1.10' }),
		pod('ext-authz-b', { labels: { app: 'ext-authz' }, ip: '10.244.1.11' }),
		// The labels kube-gateway.yaml gives the gateway's pods.
		pod('httpbin-gateway-istio-c', {
			labels: {
				'gateway.networking.k8s.io/gateway-name': 'httpbin-gateway',
				'gateway.networking.k8s.io/gateway-class-name': 'istio',
				'gateway.istio.io/managed': 'istio.io-gateway-controller',
				'service.istio.io/canonical-name': 'httpbin-gateway-istio',
				'sidecar.istio.io/inject': 'false'
			},
			ip: '10.244.1.12'
		}),
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
		service('httpbin', { app: 'httpbin' }, [{ port: 8000, targetPort: 8080 }], {
			clusterIP: '10.96.1.1'
		}),
		service('ext-authz', { app: 'ext-authz' }, [{ port: 9000 }], { clusterIP: '10.96.1.2' }),
		service(
			'waypoint',
			{ 'gateway.networking.k8s.io/gateway-name': 'waypoint' },
			[{ port: 15021 }, { port: 15008 }],
			{ clusterIP: '10.96.50.1' }
		)
	],
	gateways: [ingressGateway, waypointGateway('waypoint')],
	httpRoutes: [
		httpRoute('httpbin', {
			parentRefs: [{ name: 'httpbin-gateway' }],
			rules: [{ backendRefs: [{ name: 'httpbin', port: 8000 }] }]
		})
	],
	namespaces: [
		namespace('default', {
			'istio.io/dataplane-mode': 'ambient',
			'istio.io/use-waypoint': 'waypoint'
		})
	]
};
base.services[2]!.metadata.labels = {
	'gateway.networking.k8s.io/gateway-class-name': 'istio-waypoint'
};

const allowNothingFrom = {
	action: 'ALLOW',
	rules: [{ from: [{ source: { ipBlocks: ['1.2.3.4'] } }] }]
};

function policiesOf(spec: Record<string, unknown>, gateway: string): string[] {
	const mesh = computeMeshState(
		snapshot({ ...base, authorizationPolicies: [authorizationPolicy('ingress-policy', spec)] })
	);
	const config = mesh.waypoints.find((c) => c.gateway.name === gateway);
	return (config?.policies ?? []).map((p) => `${p.namespace}/${p.name}:${p.target.kind}`);
}

describe('policies a Gateway API proxy takes (policyattachment.go ShouldAttachPolicy)', () => {
	const cases: {
		name: string;
		spec: Record<string, unknown>;
		ingress: string[];
		waypoint: string[];
	}[] = [
		{
			name: 'selector on the gateway-name label 1.30.3 sets: the ingress gateway',
			spec: {
				selector: {
					matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'httpbin-gateway' }
				},
				...allowNothingFrom
			},
			ingress: ['default/ingress-policy:Workload'],
			waypoint: []
		},
		{
			name: 'selector on the istio.io/gateway-name label 1.30.3 no longer sets: nothing',
			spec: {
				selector: { matchLabels: { 'istio.io/gateway-name': 'httpbin-gateway' } },
				...allowNothingFrom
			},
			ingress: [],
			waypoint: []
		},
		{
			name: 'no selector, no targetRefs: namespace-wide, the ingress gateway but not the waypoint',
			spec: allowNothingFrom,
			ingress: ['default/ingress-policy:Workload'],
			waypoint: []
		},
		{
			name: 'selector on the waypoint pod label: a waypoint never uses a selector',
			spec: {
				selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'waypoint' } },
				...allowNothingFrom
			},
			ingress: [],
			waypoint: []
		},
		{
			name: 'targetRefs to the ingress Gateway',
			spec: {
				targetRefs: [
					{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'httpbin-gateway' }
				],
				...allowNothingFrom
			},
			ingress: ['default/ingress-policy:Gateway'],
			waypoint: []
		},
		{
			name: 'targetRefs to the waypoint Gateway',
			spec: {
				targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' }],
				...allowNothingFrom
			},
			ingress: [],
			waypoint: ['default/ingress-policy:Gateway']
		}
	];
	it.each(cases)('$name', (c) => {
		expect(policiesOf(c.spec, 'httpbin-gateway')).toEqual(c.ingress);
		expect(policiesOf(c.spec, 'waypoint')).toEqual(c.waypoint);
	});
});

describe('CUSTOM policies on waypoints and gateways', () => {
	const providers = [
		{
			name: 'sample-ext-authz-grpc',
			envoyExtAuthzGrpc: { service: 'ext-authz.default.svc.cluster.local', port: '9000' }
		}
	];
	const custom = (targetRefs: unknown[], provider: string) =>
		authorizationPolicy('ext-authz', {
			targetRefs,
			action: 'CUSTOM',
			provider: { name: provider },
			rules: [{ to: [{ operation: { paths: ['/headers'] } }] }]
		});

	it.each([
		[
			'httpbin-gateway',
			[{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'httpbin-gateway' }]
		],
		['waypoint', [{ kind: 'Service', group: '', name: 'httpbin' }]]
	])('%s: the policy carries its provider and the proxy reaches its Service', (gw, refs) => {
		const mesh = computeMeshState(
			snapshot({
				...base,
				extensionProviders: providers,
				authorizationPolicies: [custom(refs, 'sample-ext-authz-grpc')]
			})
		);
		const config = mesh.waypoints.find((c) => c.gateway.name === gw);
		expect(config?.policies.map((p) => [p.action, p.provider?.cluster])).toEqual([
			['CUSTOM', 'outbound|9000||ext-authz.default.svc.cluster.local']
		]);
		expect(config?.services.map((s) => s.hostname)).toContain(
			'ext-authz.default.svc.cluster.local'
		);
	});

	it('a provider the mesh config does not define leaves the policy without one (its rules deny)', () => {
		const mesh = computeMeshState(
			snapshot({
				...base,
				extensionProviders: providers,
				authorizationPolicies: [
					custom([{ kind: 'Service', group: '', name: 'httpbin' }], 'no-such-provider')
				]
			})
		);
		const config = mesh.waypoints.find((c) => c.gateway.name === 'waypoint');
		expect(config?.policies.map((p) => [p.action, p.provider])).toEqual([['CUSTOM', undefined]]);
	});
});
