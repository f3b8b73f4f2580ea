/**
 * istiod's view of remote clusters on other networks, written from istio/istio 1.30.3
 * pilot/pkg/serviceregistry/ambient: services.go (a remote cluster's Service is read only when
 * GLOBAL; `matchServiceScope` over meshConfig.serviceScopeConfigs, the ambient profile's
 * `istio.io/global In [true]`), multicluster.go (`mergeServiceInfosWithCluster`: VIPs of every
 * cluster sorted by `network/ip`, the local Service as base; `coalescedWorkloads` and
 * `createSplitHorizonWorkload`: one workload per remote network and global Service, capacity the
 * number of remote endpoints, behind the network's gateway on 15008, no pod of another network
 * pushed), networks.go (`remoteK8sGatewayToNetworkGateways`: an istio-east-west Gateway with the
 * network label, a status address and an HBONE listener with TLS terminate) and helpers.go
 * (`generateSplitHorizonWorkloadUID`).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, Service as KubeService } from '../../../src/mesh/api/objects.ts';
import { computeMeshState } from '../../../src/mesh/istiod/push.ts';
import { remoteNetworkGateways, serviceScope } from '../../../src/mesh/istiod/multicluster.ts';
import type { RemoteClusterSnapshot } from '../../../src/mesh/istiod/snapshot.ts';
import { namespace, pod, service, snapshot } from './fixtures.ts';

/** The ambient profile's serviceScopeConfigs (manifests/helm-profiles/ambient.yaml). */
const AMBIENT_SCOPES = [
	{
		servicesSelector: {
			matchExpressions: [{ key: 'istio.io/global', operator: 'In', values: ['true'] }]
		},
		scope: 'GLOBAL'
	}
];

const global = (s: KubeService): KubeService => ({
	...s,
	metadata: { ...s.metadata, labels: { ...s.metadata.labels, 'istio.io/global': 'true' } }
});

const hello = (clusterIP: string) =>
	service('helloworld', { app: 'helloworld' }, [{ port: 5000, name: 'http' }], {
		namespace: 'sample',
		clusterIP
	});

const eastWest = (network: string, address?: string): KubeObject => ({
	apiVersion: 'gateway.networking.k8s.io/v1',
	kind: 'Gateway',
	metadata: {
		name: 'istio-eastwestgateway',
		namespace: 'istio-system',
		uid: 'gw',
		resourceVersion: '1',
		creationTimestamp: '2026-01-01T00:00:00Z',
		labels: { 'topology.istio.io/network': network }
	},
	spec: {
		gatewayClassName: 'istio-east-west',
		listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE', tls: { mode: 'Terminate' } }]
	},
	...(address ? { status: { addresses: [{ type: 'IPAddress', value: address }] } } : {})
});

function cluster2(
	o: { gatewayAddress?: string; globalHello?: boolean } = {}
): RemoteClusterSnapshot {
	const svc = hello('10.96.14.85');
	return {
		id: 'cluster2',
		namespaces: [
			namespace('istio-system', { 'topology.istio.io/network': 'network2' }),
			namespace('sample')
		],
		pods: [
			pod('helloworld-v2-a', {
				namespace: 'sample',
				labels: { app: 'helloworld' },
				ip: '10.244.4.5'
			}),
			pod('helloworld-v2-b', {
				namespace: 'sample',
				labels: { app: 'helloworld' },
				ip: '10.244.5.5'
			})
		],
		services: [
			o.globalHello === false ? svc : global(svc),
			global(
				service('only-remote', { app: 'x' }, [{ port: 80 }], {
					namespace: 'sample',
					clusterIP: '10.96.1.1'
				})
			),
			service('local-only', { app: 'y' }, [{ port: 80 }], {
				namespace: 'sample',
				clusterIP: '10.96.2.2'
			})
		],
		gateways: [eastWest('network2', o.gatewayAddress)]
	};
}

function cluster1(remote: RemoteClusterSnapshot, o: { multiNetwork?: boolean } = {}) {
	return snapshot({
		namespaces: [
			namespace('istio-system', { 'topology.istio.io/network': 'network1' }),
			namespace('sample', { 'istio.io/dataplane-mode': 'ambient' })
		],
		pods: [
			pod('helloworld-v1-a', {
				namespace: 'sample',
				labels: { app: 'helloworld' },
				node: 'cluster1-worker',
				ip: '10.244.1.5'
			})
		],
		services: [global(hello('10.96.238.191'))],
		serviceScopeConfigs: AMBIENT_SCOPES,
		remoteClusters: [remote],
		...(o.multiNetwork === false ? {} : { multiNetwork: true })
	});
}

describe('istiod with a remote cluster on another network', () => {
	it('merges a global Service with the remote one: VIPs by network/ip, local endpoints only', () => {
		const mesh = computeMeshState(cluster1(cluster2()));
		const helloworld = mesh.services.find((s) => s.name === 'helloworld');
		expect(helloworld?.vips).toEqual(['10.96.238.191', '10.96.14.85']);
		expect(helloworld?.vipNetworks).toEqual(['network1', 'network2']);
		// No gateway address (kind's LoadBalancer <pending>): the remote pods are not reachable.
		expect(helloworld?.endpoints.map((e) => e.workloadUid)).toEqual([
			'Kubernetes//Pod/sample/helloworld-v1-a'
		]);
		expect(mesh.workloads.map((w) => w.name)).toEqual(['helloworld-v1-a']);
		expect(mesh.warnings).toEqual(['No network gateway found for network network2']);
	});

	it('adds a remote-only global Service and never a remote local one', () => {
		const names = computeMeshState(cluster1(cluster2())).services.map((s) => s.name);
		expect(names).toContain('only-remote');
		expect(names).not.toContain('local-only');
	});

	it('leaves a Service the remote cluster does not mark global unmerged', () => {
		const mesh = computeMeshState(cluster1(cluster2({ globalHello: false })));
		expect(mesh.services.find((s) => s.name === 'helloworld')?.vips).toEqual(['10.96.238.191']);
	});

	it('reads nothing remote without AMBIENT_ENABLE_MULTI_NETWORK', () => {
		const mesh = computeMeshState(cluster1(cluster2(), { multiNetwork: false }));
		expect(mesh.services.map((s) => s.name)).toEqual(['helloworld']);
		expect(mesh.services[0]?.vips).toEqual(['10.96.238.191']);
	});

	it("coalesces the remote network's endpoints into one split-horizon workload behind its gateway", () => {
		const mesh = computeMeshState(cluster1(cluster2({ gatewayAddress: '172.18.0.200' })));
		const uid =
			'network2/SplitHorizonWorkload/istio-system/istio-eastwestgateway/172.18.0.200/sample/helloworld.sample.svc.cluster.local';
		const split = mesh.workloads.find((w) => w.uid === uid);
		expect(split).toMatchObject({
			name: uid,
			namespace: 'sample',
			network: 'network2',
			clusterId: 'cluster2',
			capacity: 2,
			protocol: 'HBONE',
			networkGateway: { network: 'network2', address: '172.18.0.200', hboneMtlsPort: 15008 },
			services: { 'sample/helloworld.sample.svc.cluster.local': { 5000: 5000 } }
		});
		expect(mesh.warnings).toBeUndefined();
		// Pods of another network never reach a ztunnel one by one.
		expect(mesh.workloads.some((w) => w.name.startsWith('helloworld-v2'))).toBe(false);
		const endpoints = mesh.services.find((s) => s.name === 'helloworld')?.endpoints;
		expect(endpoints?.map((e) => e.workloadUid)).toEqual([
			'Kubernetes//Pod/sample/helloworld-v1-a',
			uid
		]);
	});

	// workloads.go convertGateway + gatewayUID (a remote gateway's HBONEPort is unset: `/0`).
	it('pushes the remote network gateway as a workload of its own: address, network, identity', () => {
		const mesh = computeMeshState(cluster1(cluster2({ gatewayAddress: '172.18.0.200' })));
		const gw = mesh.workloads.filter((w) => w.uid.startsWith('NetworkGateway/'));
		expect(gw).toEqual([
			expect.objectContaining({
				uid: 'NetworkGateway/network2/172.18.0.200/0',
				name: 'NetworkGateway/network2/172.18.0.200/0',
				namespace: 'istio-system',
				serviceAccount: 'istio-eastwestgateway',
				address: '172.18.0.200',
				network: 'network2',
				protocol: 'TCP',
				trustDomain: 'cluster.local'
			})
		]);
		expect(
			computeMeshState(cluster1(cluster2())).workloads.some((w) =>
				w.uid.startsWith('NetworkGateway/')
			)
		).toBe(false);
	});

	// multicluster.go SplitHorizonServices: the remote network's workloads' identities.
	it("gives a global Service the SANs of its other network's workloads, none without them", () => {
		const mesh = computeMeshState(cluster1(cluster2({ gatewayAddress: '172.18.0.200' })));
		expect(mesh.services.find((s) => s.name === 'helloworld')?.subjectAltNames).toEqual([
			'spiffe://cluster.local/ns/sample/sa/default'
		]);
		expect(mesh.services.find((s) => s.name === 'only-remote')?.subjectAltNames).toBeUndefined();
	});
});

describe('serviceScope and network gateways', () => {
	const ns = [namespace('sample', { team: 'a' })];
	it.each([
		{ name: 'labelled global', labels: { 'istio.io/global': 'true' }, want: 'GLOBAL' },
		{ name: 'label false', labels: { 'istio.io/global': 'false' }, want: 'LOCAL' },
		{ name: 'no label', labels: {} as Record<string, string>, want: 'LOCAL' }
	])('$name is $want under the ambient profile', ({ labels, want }) => {
		const s = hello('10.96.0.1');
		expect(serviceScope({ ...s, metadata: { ...s.metadata, labels } }, ns, AMBIENT_SCOPES)).toBe(
			want
		);
	});

	it('matches a namespace selector too, and no config means LOCAL', () => {
		const scopes = [{ namespaceSelector: { matchLabels: { team: 'a' } }, scope: 'GLOBAL' }];
		expect(serviceScope(hello('10.96.0.1'), ns, scopes)).toBe('GLOBAL');
		expect(serviceScope(hello('10.96.0.1'), ns, [])).toBe('LOCAL');
	});

	it('takes a gateway only with the network label, a status address and an HBONE terminate listener', () => {
		expect(remoteNetworkGateways('cluster2', [eastWest('network2')])).toEqual([]);
		expect(remoteNetworkGateways('cluster2', [eastWest('network2', '172.18.0.200')])).toEqual([
			{
				network: 'network2',
				cluster: 'cluster2',
				address: '172.18.0.200',
				hboneMtlsPort: 15008,
				source: 'istio-system/istio-eastwestgateway',
				// kube.GatewaySA: the Gateway's name (istio-east-west is not istio-remote).
				serviceAccount: { namespace: 'istio-system', name: 'istio-eastwestgateway' }
			}
		]);
		const unlabelled = eastWest('', '172.18.0.200');
		expect(remoteNetworkGateways('cluster2', [unlabelled])).toEqual([]);
	});
});
