import { describe, expect, it } from 'vitest';
import type { KubeObject, NodeObject, Pod, Service } from '../../../src/mesh/api/objects.ts';
import {
	PUBLISHED,
	PUBLISHED_ASSUMPTIONS,
	assumptionLines,
	costColumns,
	costCounts,
	defaultScope,
	formatCpu,
	formatMemory,
	runningProxies,
	waypointCounts,
	type ClusterObjects
} from '../../../src/ui/cost/model.ts';

const node = (name: string): NodeObject =>
	({ apiVersion: 'v1', kind: 'Node', metadata: { name } }) as NodeObject;

function pod(
	namespace: string,
	name: string,
	labels: Record<string, string> = {},
	containers = ['main'],
	phase = 'Running'
): Pod {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: { name, namespace, labels },
		spec: { containers: containers.map((c) => ({ name: c, image: c })) },
		status: { phase }
	} as Pod;
}

const service = (namespace: string, name: string, selector: Record<string, string>): Service =>
	({
		apiVersion: 'v1',
		kind: 'Service',
		metadata: { name, namespace },
		spec: { selector }
	}) as Service;

const waypoint = (namespace: string, name: string, gatewayClassName = 'istio-waypoint') =>
	({
		apiVersion: 'gateway.networking.k8s.io/v1',
		kind: 'Gateway',
		metadata: { name, namespace },
		spec: { gatewayClassName }
	}) as unknown as KubeObject;

const WAYPOINT_LABELS = { 'gateway.istio.io/managed': 'istio.io-mesh-controller' };

/** Bookinfo and curl on three nodes, ambient installed, one waypoint in default. */
const cluster: ClusterObjects = {
	nodes: [node('ambient-control-plane'), node('ambient-worker'), node('ambient-worker2')],
	pods: [
		pod('default', 'productpage-v1-a', { app: 'productpage' }),
		pod('default', 'details-v1-a', { app: 'details' }),
		pod('default', 'ratings-v1-a', { app: 'ratings' }),
		pod('default', 'reviews-v1-a', { app: 'reviews' }),
		pod('default', 'reviews-v2-a', { app: 'reviews' }),
		pod('default', 'reviews-v3-a', { app: 'reviews' }),
		pod('default', 'curl-a', { app: 'curl' }),
		pod('default', 'migrate-a', { app: 'job' }, ['main'], 'Succeeded'),
		pod('default', 'waypoint-a', WAYPOINT_LABELS, ['istio-proxy']),
		pod('istio-system', 'istiod-a', { app: 'istiod' }),
		pod('istio-system', 'ztunnel-a', { app: 'ztunnel' }, ['istio-proxy']),
		pod('istio-system', 'ztunnel-b', { app: 'ztunnel' }, ['istio-proxy']),
		pod('istio-system', 'ztunnel-c', { app: 'ztunnel' }, ['istio-proxy']),
		pod('kube-system', 'coredns-a', { k8s: 'dns' })
	],
	services: [
		service('default', 'productpage', { app: 'productpage' }),
		service('default', 'details', { app: 'details' }),
		service('default', 'ratings', { app: 'ratings' }),
		service('default', 'reviews', { app: 'reviews' }),
		service('default', 'curl', { app: 'curl' }),
		service('default', 'orphan', { app: 'nothing' }),
		service('istio-system', 'istiod', { app: 'istiod' })
	],
	gateways: [waypoint('default', 'waypoint'), waypoint('default', 'ingress', 'istio')]
};

describe('cost model', () => {
	it('reproduces the published comparison exactly for its topology (31 pods, 3 nodes, 3 waypoints)', () => {
		const columns = costColumns(PUBLISHED.counts, PUBLISHED_ASSUMPTIONS);
		for (const c of columns) {
			expect({ proxies: c.proxies, cpuMillis: c.cpuMillis, memoryMi: c.memoryMi }).toEqual(
				PUBLISHED.columns[c.id]
			);
		}
		expect(columns.map((c) => `${formatCpu(c.cpuMillis)} ${formatMemory(c.memoryMi)}`)).toEqual([
			'3.1 vCPU 3968 Mi',
			'0.3 vCPU 384 Mi',
			'0.6 vCPU 768 Mi'
		]);
	});

	it('scales with the per-proxy assumptions a learner sets', () => {
		const [sidecar, l4, l7] = costColumns(PUBLISHED.counts, { cpuMillis: 250, memoryMi: 40 });
		expect([sidecar?.cpuMillis, l4?.cpuMillis, l7?.cpuMillis]).toEqual([7750, 750, 1500]);
		expect([sidecar?.memoryMi, l4?.memoryMi, l7?.memoryMi]).toEqual([1240, 120, 240]);
	});

	it.each([
		{ scope: 'deployed', waypoints: 1, l7: 4 },
		{ scope: 'namespace', waypoints: 1, l7: 4 },
		{ scope: 'service', waypoints: 5, l7: 8 }
	] as const)(
		'counts the booted cluster: 7 workload pods, 3 nodes, waypoints per $scope = $waypoints',
		({ scope, waypoints, l7 }) => {
			const counts = costCounts(cluster, scope);
			expect(counts).toEqual({ pods: 7, nodes: 3, waypoints });
			expect(costColumns(counts, PUBLISHED_ASSUMPTIONS).map((c) => c.proxies)).toEqual([7, 3, l7]);
		}
	);

	it('counts services only when they select workloads, and namespaces only with workloads', () => {
		const counts = waypointCounts({
			...cluster,
			pods: [...cluster.pods, pod('shop', 'cart-a', { app: 'cart' })],
			services: [...cluster.services, service('shop', 'cart', { app: 'cart' })]
		});
		expect(counts).toEqual({ deployed: 1, namespace: 2, service: 6 });
	});

	it.each([
		{ name: 'a waypoint is deployed', gateways: cluster.gateways, scope: 'deployed' },
		{ name: 'none is deployed', gateways: [], scope: 'namespace' }
	])('assumes waypoints per namespace unless one is deployed: $name', ({ gateways, scope }) => {
		expect(defaultScope({ ...cluster, gateways })).toBe(scope);
	});

	it('counts the proxies running now: injected sidecars, ztunnels, waypoint pods', () => {
		const injected = (p: Pod): Pod => ({
			...p,
			metadata: { ...p.metadata, annotations: { 'sidecar.istio.io/status': '{}' } }
		});
		const withSidecar = [
			...cluster.pods,
			injected(pod('shop', 'cart-a', {}, ['cart', 'istio-proxy'])),
			injected(pod('shop', 'done-a', {}, ['cart', 'istio-proxy'], 'Succeeded')),
			// An ingress gateway's one container is istio-proxy too, but it is not a sidecar.
			pod('default', 'bookinfo-gateway-istio-a', {}, ['istio-proxy'])
		];
		// ztunnel and waypoint pods run an istio-proxy container and are not sidecars either.
		expect(runningProxies(cluster.pods)).toEqual({ sidecars: 0, ztunnels: 3, waypoints: 1 });
		expect(runningProxies(withSidecar)).toEqual({ sidecars: 1, ztunnels: 3, waypoints: 1 });
		const [sidecar, l4, l7] = costColumns(costCounts(cluster, 'deployed'), PUBLISHED_ASSUMPTIONS, {
			sidecars: 1,
			ztunnels: 3,
			waypoints: 1
		});
		expect([sidecar?.running, l4?.running, l7?.running]).toEqual([1, 3, 4]);
	});

	it('explains how each count was reached', () => {
		const columns = costColumns({ pods: 1, nodes: 3, waypoints: 1 }, PUBLISHED_ASSUMPTIONS);
		expect(columns.map((c) => c.breakdown)).toEqual([
			'1 sidecar (one per pod)',
			'3 ztunnels (one per node)',
			'3 ztunnels + 1 waypoint'
		]);
	});

	it('states its assumptions in plain words, with the figures in use', () => {
		const lines = assumptionLines(
			{ cpuMillis: 100, memoryMi: 128, waypoints: 'service' },
			{ pods: 7, nodes: 3, waypoints: 5 }
		);
		expect(lines[0]).toContain('0.1 vCPU and 128 Mi');
		expect(lines.join('\n')).toContain('7 workload pods');
		expect(lines.join('\n')).toContain(
			'one waypoint per Service that selects workloads: 5 waypoints'
		);
	});
});
