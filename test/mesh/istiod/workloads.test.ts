import { describe, expect, it } from 'vitest';
import { buildPolicyIndex } from '../../../src/mesh/istiod/policies.ts';
import { buildServices } from '../../../src/mesh/istiod/services.ts';
import type { ClusterSnapshot } from '../../../src/mesh/istiod/snapshot.ts';
import {
	buildWorkloads,
	canonicalService,
	workloadName
} from '../../../src/mesh/istiod/workloads.ts';
import { authorizationPolicy, namespace, pod, service, snapshot } from './fixtures.ts';

const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };

function workloads(s: ClusterSnapshot) {
	return buildWorkloads(
		s,
		buildPolicyIndex(s.authorizationPolicies, s.peerAuthentications, 'istio-system')
	);
}

describe('buildWorkloads (podWorkloadBuilder)', () => {
	it('builds the productpage workload as ztunnel-config shows it', () => {
		const s = snapshot({
			namespaces: [namespace('default', AMBIENT)],
			pods: [
				pod('productpage-v1-87d54dd59-wl7qf', {
					labels: { app: 'productpage', version: 'v1' },
					replicaSet: 'productpage-v1-87d54dd59',
					sa: 'bookinfo-productpage',
					ip: '10.244.1.10',
					ports: [{ containerPort: 9080 }]
				})
			],
			services: [
				service('productpage', { app: 'productpage' }, [
					{ port: 9080, targetPort: 9080, name: 'http' }
				])
			],
			authorizationPolicies: [
				authorizationPolicy('productpage-ztunnel', {
					selector: { matchLabels: { app: 'productpage' } },
					rules: [
						{
							from: [
								{ source: { principals: ['cluster.local/ns/default/sa/bookinfo-gateway-istio'] } }
							]
						}
					]
				})
			]
		});
		expect(workloads(s)).toEqual([
			{
				uid: 'Kubernetes//Pod/default/productpage-v1-87d54dd59-wl7qf',
				name: 'productpage-v1-87d54dd59-wl7qf',
				namespace: 'default',
				address: '10.244.1.10',
				node: 'ambient-worker',
				serviceAccount: 'bookinfo-productpage',
				trustDomain: 'cluster.local',
				protocol: 'HBONE',
				workloadName: 'productpage-v1',
				canonicalName: 'productpage',
				canonicalRevision: 'v1',
				status: 'Healthy',
				authorizationPolicies: ['default/productpage-ztunnel'],
				services: { 'default/productpage.default.svc.cluster.local': { 9080: 9080 } }
			}
		]);
	});

	const protocolCases: { name: string; parts: Partial<ClusterSnapshot>; expected: string }[] = [
		{
			name: 'namespace not labelled → TCP',
			parts: { namespaces: [namespace('default')] },
			expected: 'TCP'
		},
		{
			name: 'namespace labelled → HBONE',
			parts: { namespaces: [namespace('default', AMBIENT)] },
			expected: 'HBONE'
		},
		{
			name: 'labelled, but istio-cni not running on the node → TCP',
			parts: { namespaces: [namespace('default', AMBIENT)], cniNodes: ['ambient-worker2'] },
			expected: 'TCP'
		}
	];
	for (const c of protocolCases) {
		it(c.name, () => {
			const s = snapshot({ pods: [pod('p')], ...c.parts });
			expect(workloads(s)[0]?.protocol).toBe(c.expected);
		});
	}

	it('the CNI annotation alone means HBONE (setTunnelProtocol)', () => {
		const s = snapshot({
			namespaces: [namespace('default')],
			pods: [pod('p', { annotations: { 'ambient.istio.io/redirection': 'enabled' } })]
		});
		expect(workloads(s)[0]?.protocol).toBe('HBONE');
	});

	it('defaults: service account `default`, revision `latest`, name from the pod; unready is Unhealthy', () => {
		const [w] = workloads(snapshot({ pods: [pod('lonely', { ready: false })] }));
		expect(w).toMatchObject({
			serviceAccount: 'default',
			workloadName: 'lonely',
			canonicalName: 'lonely',
			canonicalRevision: 'latest',
			status: 'Unhealthy',
			authorizationPolicies: [],
			services: {}
		});
	});

	it('skips pods without an IP and finished pods; sorts by namespace then name', () => {
		const s = snapshot({
			pods: [
				pod('b', { namespace: 'x' }),
				pod('a', { namespace: 'x' }),
				pod('z', { namespace: 'default' }),
				pod('pending', { ip: '' }),
				pod('done', { phase: 'Succeeded' })
			]
		});
		expect(workloads(s).map((w) => `${w.namespace}/${w.name}`)).toEqual([
			'default/z',
			'x/a',
			'x/b'
		]);
	});

	it('resolves a named targetPort per pod and drops the port where the name is missing', () => {
		const svc = service('web', { app: 'web' }, [
			{ port: 80, targetPort: 'http' },
			{ port: 443, targetPort: 8443 }
		]);
		const s = snapshot({
			pods: [
				pod('named', { labels: { app: 'web' }, ports: [{ name: 'http', containerPort: 8080 }] }),
				pod('unnamed', { labels: { app: 'web' }, ip: '10.244.1.6' })
			],
			services: [svc]
		});
		const [named, unnamed] = workloads(s);
		expect(named?.services).toEqual({
			'default/web.default.svc.cluster.local': { 80: 8080, 443: 8443 }
		});
		expect(unnamed?.services).toEqual({ 'default/web.default.svc.cluster.local': { 443: 8443 } });
	});
});

describe('workloadName and canonicalService', () => {
	it.each([
		[pod('reviews-v2-6f9b55c5db-6ts96', { replicaSet: 'reviews-v2-6f9b55c5db' }), 'reviews-v2'],
		[pod('standalone'), 'standalone'],
		[pod('x', { labels: { 'service.istio.io/workload-name': 'override' } }), 'override']
	])('%#', (p, name) => expect(workloadName(p)).toBe(name));

	it.each([
		[
			{ 'service.istio.io/canonical-name': 'c', app: 'a' },
			{ name: 'c', revision: 'latest' }
		],
		[
			{ 'app.kubernetes.io/name': 'k', app: 'a', version: 'v1' },
			{ name: 'k', revision: 'v1' }
		],
		[
			{ app: 'a', 'app.kubernetes.io/version': '2', version: 'v1' },
			{ name: 'a', revision: '2' }
		],
		[{}, { name: 'wl', revision: 'latest' }]
	])('%j', (labels, expected) => expect(canonicalService(labels, 'wl')).toEqual(expected));
});

describe('buildServices', () => {
	it('hostname, VIPs, port map and endpoints from selected pods', () => {
		const s = buildServices(
			[
				service('reviews', { app: 'reviews' }, [{ port: 9080, targetPort: 'http' }], {
					clusterIP: '10.96.68.3'
				}),
				service('headless', { app: 'reviews' }, [{ port: 9080 }], { clusterIP: 'None' }),
				service('other-ns', { app: 'reviews' }, [{ port: 80 }], { namespace: 'x' })
			],
			[
				pod('reviews-v1', {
					labels: { app: 'reviews' },
					ports: [{ name: 'http', containerPort: 9080 }]
				}),
				pod('reviews-v2', {
					labels: { app: 'reviews' },
					ready: false,
					ip: '10.244.1.7',
					ports: [{ name: 'http', containerPort: 9080 }]
				}),
				pod('ratings', { labels: { app: 'ratings' } })
			]
		);
		expect(s.map((x) => x.hostname)).toEqual([
			'headless.default.svc.cluster.local',
			'reviews.default.svc.cluster.local',
			'other-ns.x.svc.cluster.local'
		]);
		const reviews = s[1];
		expect(reviews).toEqual({
			name: 'reviews',
			namespace: 'default',
			hostname: 'reviews.default.svc.cluster.local',
			vips: ['10.96.68.3'],
			ports: { 9080: 0 },
			endpoints: [
				{
					workloadUid: 'Kubernetes//Pod/default/reviews-v1',
					ports: { 9080: 9080 },
					status: 'Healthy'
				},
				{
					workloadUid: 'Kubernetes//Pod/default/reviews-v2',
					ports: { 9080: 9080 },
					status: 'Unhealthy'
				}
			]
		});
		expect(s[0]?.vips).toEqual([]);
		expect(s[0]?.ports).toEqual({ 9080: 9080 });
		expect(s[2]?.endpoints).toEqual([]);
	});
});
