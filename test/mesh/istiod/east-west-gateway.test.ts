/**
 * The ambient east-west gateway istiod deploys for a Gateway of class `istio-east-west`, written
 * from istio/istio 1.30.3: pilot/pkg/config/kube/gatewaycommon/classinfo.go (the class exists
 * only with AMBIENT_ENABLE_MULTI_NETWORK; the waypoint template, no name suffix, a LoadBalancer,
 * controller label `istio.io-eastwest-controller`) and istio-discovery/files/waypoint.yaml (the
 * network from the Gateway's label as ISTIO_META_NETWORK and, for east-west,
 * ISTIO_META_REQUESTED_NETWORK_VIEW; ISTIO_META_CLUSTER_ID and ISTIO_META_MESH_ID from the values).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { renderGateway } from '../../../src/mesh/istiod/gateway-deployment.ts';
import { builtinGatewayClasses } from '../../../src/mesh/istiod/gateway-status.ts';

const gateway = (className: string, labels: Record<string, string> = {}): KubeObject =>
	({
		apiVersion: 'gateway.networking.k8s.io/v1',
		kind: 'Gateway',
		metadata: { name: 'istio-eastwestgateway', namespace: 'istio-system', uid: 'u1', labels },
		spec: {
			gatewayClassName: className,
			listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }]
		}
	}) as unknown as KubeObject;

const SETTINGS = { ambientMultiNetwork: true, clusterId: 'cluster1', meshId: 'mesh1' };
type Env = { name: string; value?: string };
const env = (d: KubeObject | undefined): Env[] =>
	(d?.['spec'] as { template: { spec: { containers: { env: Env[]; args: string[] }[] } } }).template
		.spec.containers[0]?.env ?? [];

describe('istio-east-west', () => {
	it('is a built-in class only with AMBIENT_ENABLE_MULTI_NETWORK', () => {
		const names = (on: boolean) => builtinGatewayClasses(on).map((c) => c.metadata.name);
		expect(names(false)).not.toContain('istio-east-west');
		const ew = builtinGatewayClasses(true).find((c) => c.metadata.name === 'istio-east-west');
		expect(ew?.['spec']).toEqual({
			controllerName: 'istio.io/eastwest-controller',
			description: 'The default GatewayClass for Istio East West Gateways'
		});
	});

	it('renders the waypoint template under the Gateway name, as a LoadBalancer on 15008', () => {
		const objs = renderGateway(
			gateway('istio-east-west', { 'topology.istio.io/network': 'network1' }),
			SETTINGS
		);
		expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
			'ServiceAccount/istio-eastwestgateway',
			'Deployment/istio-eastwestgateway',
			'Service/istio-eastwestgateway'
		]);
		const [, deploy, svc] = objs;
		expect(deploy?.metadata.labels?.['gateway.istio.io/managed']).toBe(
			'istio.io-eastwest-controller'
		);
		const spec = svc?.['spec'] as { type: string; ports: { name: string; port: number }[] };
		expect(spec.type).toBe('LoadBalancer');
		expect(spec.ports.map((p) => `${p.name}:${p.port}`)).toEqual([
			'status-port:15021',
			'mesh:15008'
		]);
		expect(svc?.metadata.annotations?.['networking.istio.io/traffic-distribution']).toBe(
			'PreferClose'
		);
		const args = (deploy?.['spec'] as { template: { spec: { containers: { args: string[] }[] } } })
			.template.spec.containers[0]?.args;
		expect(args?.slice(0, 2)).toEqual(['proxy', 'waypoint']);
		const e = Object.fromEntries(env(deploy).map((x) => [x.name, x.value]));
		expect(e).toMatchObject({
			ISTIO_META_CLUSTER_ID: 'cluster1',
			ISTIO_META_NETWORK: 'network1',
			ISTIO_META_REQUESTED_NETWORK_VIEW: 'network1',
			ISTIO_META_MESH_ID: 'mesh1'
		});
	});

	it('a waypoint on a network gets ISTIO_META_NETWORK but no requested view; defaults stay', () => {
		const wp = env(
			renderGateway(gateway('istio-waypoint', { 'topology.istio.io/network': 'n1' }), SETTINGS)[1]
		);
		expect(wp.map((x) => x.name)).toContain('ISTIO_META_NETWORK');
		expect(wp.map((x) => x.name)).not.toContain('ISTIO_META_REQUESTED_NETWORK_VIEW');
		const plain = Object.fromEntries(
			env(renderGateway(gateway('istio'))[1]).map((x) => [x.name, x.value])
		);
		expect(plain['ISTIO_META_CLUSTER_ID']).toBe('Kubernetes');
		expect(plain['ISTIO_META_MESH_ID']).toBe('cluster.local');
		expect(plain['ISTIO_META_NETWORK']).toBeUndefined();
	});
});
