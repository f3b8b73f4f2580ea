import { describe, expect, it } from 'vitest';
import type { ResourceType } from '../../../src/mesh/api/api-server.ts';
import {
	byteCount,
	changedConfigs,
	computeMeshState,
	debounceLine,
	pushLine,
	ztunnelConfigFor
} from '../../../src/mesh/istiod/push.ts';
import { readClusterSnapshot } from '../../../src/mesh/istiod/snapshot.ts';
import { FakeReadApi } from '../../support/fake-api.ts';
import {
	authorizationPolicy,
	namespace,
	peerAuthentication,
	pod,
	service,
	snapshot
} from './fixtures.ts';

const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };

const cluster = snapshot({
	namespaces: [namespace('default', AMBIENT), namespace('istio-system')],
	pods: [
		pod('productpage', {
			labels: { app: 'productpage' },
			node: 'ambient-worker',
			ip: '10.244.1.10'
		}),
		pod('ratings', { labels: { app: 'ratings' }, node: 'ambient-worker2', ip: '10.244.2.10' })
	],
	services: [service('productpage', { app: 'productpage' }, [{ port: 9080 }])],
	authorizationPolicies: [
		authorizationPolicy('pp', { selector: { matchLabels: { app: 'productpage' } }, rules: [{}] }),
		authorizationPolicy('ratings', { selector: { matchLabels: { app: 'ratings' } }, rules: [{}] }),
		authorizationPolicy('ns-wide', {
			action: 'DENY',
			rules: [{ to: [{ operation: { ports: ['22'] } }] }]
		}),
		authorizationPolicy('mesh', { rules: [{}] }, { namespace: 'istio-system' })
	],
	peerAuthentications: [peerAuthentication('strict', { mtls: { mode: 'STRICT' } })]
});

describe('ztunnelConfigFor', () => {
	const mesh = computeMeshState(cluster);

	it('sends every workload, service and policy, as WorkloadRBACGenerator does', () => {
		const c = ztunnelConfigFor('ambient-worker', mesh, 7);
		expect(c.version).toBe(7);
		expect(c.workloads.map((w) => w.name)).toEqual(['productpage', 'ratings']);
		expect(c.services.map((s) => s.name)).toEqual(['productpage']);
		expect(c.policies.map((p) => `${p.namespace}/${p.name} ${p.scope}`)).toEqual([
			'default/ns-wide Namespace',
			'default/pp WorkloadSelector',
			'default/ratings WorkloadSelector',
			'istio-system/istio_converted_static_strict WorkloadSelector',
			'istio-system/mesh Global'
		]);
		const other = ztunnelConfigFor('ambient-worker2', mesh, 7);
		expect(other.policies).toEqual(c.policies);
	});

	it('records the ZtunnelAccepted status per AuthorizationPolicy', () => {
		expect([...mesh.statuses.keys()]).toEqual([
			'default/ns-wide',
			'default/pp',
			'default/ratings',
			'istio-system/mesh'
		]);
	});

	it('a node with no workloads still gets routing state and every policy', () => {
		const c = ztunnelConfigFor('empty-node', mesh, 1);
		expect(c.workloads).toHaveLength(2);
		expect(c.policies).toHaveLength(mesh.policies.length);
	});
});

describe('push diff and log lines', () => {
	it('lists what changed as Kind/namespace/name', () => {
		const before = computeMeshState(cluster);
		const after = computeMeshState({
			...cluster,
			namespaces: [namespace('default'), namespace('istio-system')]
		});
		expect(changedConfigs(before, after)).toEqual([
			'Pod/default/productpage',
			'Pod/default/ratings'
		]);
		expect(changedConfigs(after, after)).toEqual([]);
		expect(changedConfigs(undefined, after).length).toBeGreaterThan(0);
	});

	it('formats the debounce and WDS lines like istiod', () => {
		expect(debounceLine(3, ['Pod/default/a', 'Pod/default/b', 'Service/default/c'], 100.2)).toBe(
			'Push debounce stable[3] 3 for config Pod/default/a and 2 more configs: 100.2ms since last change, 100.2ms since last push, forced=false'
		);
		const config = ztunnelConfigFor('ambient-worker', computeMeshState(cluster), 2);
		expect(pushLine('ztunnel-abcde.istio-system', config, 'PUSH')).toMatch(
			/^WDS: PUSH for node:ztunnel-abcde\.istio-system resources:3 removed:0 size:\d+(\.\d)?k?B$/
		);
	});

	it.each([
		[999, '999B'],
		[4100, '4.1kB'],
		[1_250_000, '1.3MB']
	])('byteCount(%i) = %s', (n, s) => expect(byteCount(n)).toBe(s));
});

describe('readClusterSnapshot', () => {
	it('reads pods, policies, the CNI nodes and EXCLUDE_NAMESPACES from the API server', () => {
		const security = (kind: string, plural: string): ResourceType => ({
			plural,
			singular: kind.toLowerCase(),
			kind,
			group: 'security.istio.io',
			version: 'v1',
			shortNames: [],
			namespaced: true
		});
		const api = new FakeReadApi()
			.serve(security('AuthorizationPolicy', 'authorizationpolicies'))
			.add(
				namespace('default', AMBIENT),
				pod('istio-cni-node-x', {
					namespace: 'istio-system',
					labels: { 'k8s-app': 'istio-cni-node' },
					node: 'ambient-worker2'
				}),
				pod('istio-cni-node-y', {
					namespace: 'istio-system',
					labels: { 'k8s-app': 'istio-cni-node' },
					node: 'ambient-worker',
					ready: false
				}),
				authorizationPolicy('p', { rules: [{}] }),
				{
					apiVersion: 'v1',
					kind: 'ConfigMap',
					metadata: {
						name: 'istio-cni-config',
						namespace: 'istio-system',
						uid: 'cm',
						resourceVersion: '1',
						creationTimestamp: '2026-01-01T00:00:00Z'
					},
					data: { EXCLUDE_NAMESPACES: 'kube-system, legacy' }
				}
			);
		const s = readClusterSnapshot(api);
		expect(s.cniNodes).toEqual(['ambient-worker2']);
		expect(s.excludeNamespaces).toEqual(['kube-system', 'legacy']);
		expect(s.authorizationPolicies.map((p) => p.metadata.name)).toEqual(['p']);
		expect(s.peerAuthentications).toEqual([]);
		expect(s.pods).toHaveLength(2);
	});
});
