/**
 * lessons:record's pure half (issue 14): command lines classified as a change, a request or a
 * read, and two API snapshots turned into the `resource` conditions a step's check proposes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { invocations } from '../../src/lessons/checks/invocation.ts';
import { classify, targetOf } from '../../src/lessons/record/classify.ts';
import {
	proposeResourceChecks,
	type Snapshot,
	type SnapshotEntry
} from '../../src/lessons/record/diff.ts';
import type { KubeObject } from '../../src/mesh/api/objects.ts';
import type { Cluster } from '../../src/mesh/cluster.ts';
import { createCluster } from '../../src/mesh/cluster/create.ts';
import { createFakeRuntime } from '../support/fake-runtime.ts';

let cluster: Cluster;
beforeAll(async () => {
	cluster = await createCluster({
		crypto: globalThis.crypto,
		seed: 1,
		runtime: createFakeRuntime()
	});
});

describe('classify', () => {
	it.each([
		['istioctl install --set profile=ambient --skip-confirmation', { type: 'change' }],
		['kubectl -n other label ns default istio.io/dataplane-mode=ambient', { type: 'change' }],
		[
			'kubectl apply -f -<<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\nEOF',
			{ type: 'change' }
		],
		['kubectl scale deploy/reviews-v1 --replicas=2', { type: 'change' }],
		['kubectl rollout restart deploy/reviews-v1', { type: 'change' }],
		['istioctl waypoint apply --enroll-namespace', { type: 'change' }],
		['istioctl x waypoint delete waypoint', { type: 'change' }],
		['istioctl waypoint list', { type: 'read' }],
		['kubectl get pods -o wide | grep productpage', { type: 'read' }],
		['kubectl rollout status deploy/reviews-v1', { type: 'read' }],
		['istioctl ztunnel-config workloads', { type: 'read' }],
		[
			'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"',
			{ type: 'traffic', from: 'curl', to: 'productpage' }
		],
		[
			'kubectl exec -n foo deploy/curl -- curl -sS -H "x-user: jason" --max-time 3 reviews:9080/reviews/1',
			{ type: 'traffic', from: 'foo/curl', to: 'foo/reviews' }
		],
		[
			'kubectl exec deploy/curl -- curl -s http://httpbin.other.svc.cluster.local:8000/get',
			{ type: 'traffic', from: 'curl', to: 'other/httpbin' }
		],
		['kubectl exec deploy/curl -- ls /', { type: 'read' }]
	])('%s', async (line, kind) => {
		expect(classify(await invocations(line, cluster.api))).toEqual(kind);
	});

	it('an IP address names no workload', () => {
		expect(targetOf(['curl', '-s', 'http://10.96.0.12:9080/'], 'default')).toBeUndefined();
	});
});

const meta = (name: string, namespace?: string, extra: Partial<KubeObject['metadata']> = {}) => ({
	name,
	...(namespace ? { namespace } : {}),
	uid: `uid-${name}`,
	resourceVersion: '1',
	creationTimestamp: '2026-01-01T00:00:00Z',
	...extra
});

function entry(
	plural: string,
	kind: string,
	object: Omit<KubeObject, 'apiVersion' | 'kind'> & { kind?: string }
): [string, SnapshotEntry] {
	const o = { apiVersion: 'v1', kind, ...object } as KubeObject;
	return [
		`${plural}/${o.metadata.namespace ?? ''}/${o.metadata.name}`,
		{
			kind: kind.toLowerCase(),
			plural,
			namespaced: o.metadata.namespace !== undefined,
			object: o
		}
	];
}

const snap = (...entries: [string, SnapshotEntry][]): Snapshot => new Map(entries);

const ns = (labels?: Record<string, string>) =>
	entry('namespaces', 'Namespace', {
		metadata: meta('default', undefined, labels ? { labels } : {})
	});
const pod = (name: string, annotations?: Record<string, string>) =>
	entry('pods', 'Pod', {
		metadata: meta(name, 'default', annotations ? { annotations } : {}),
		spec: { nodeName: 'worker' }
	});
const policy = (action: string) =>
	entry('authorizationpolicies', 'AuthorizationPolicy', {
		metadata: meta('deny-all', 'default'),
		spec: { action, rules: [{ from: [] }], selector: { matchLabels: { app: 'productpage' } } }
	});

describe('proposeResourceChecks', () => {
	it('a label now present: the namespace with that label; pods istio-cni annotated are side effects', () => {
		const before = snap(ns(), pod('productpage-1'));
		const after = snap(
			ns({ 'istio.io/dataplane-mode': 'ambient' }),
			pod('productpage-1', { 'ambient.istio.io/redirection': 'enabled' })
		);
		expect(
			proposeResourceChecks(
				before,
				after,
				'kubectl label namespace default istio.io/dataplane-mode=ambient'
			)
		).toEqual([
			{
				name: 'namespace default has istio.io/dataplane-mode=ambient',
				resource: {
					kind: 'namespace',
					name: 'default',
					labels: { 'istio.io/dataplane-mode': 'ambient' }
				}
			}
		]);
	});

	it('a label removed: exists false', () => {
		expect(
			proposeResourceChecks(
				snap(ns({ team: 'a', keep: 'x' })),
				snap(ns({ keep: 'x' })),
				'kubectl label ns default team-'
			)
		).toEqual([
			{
				name: 'namespace default has team removed',
				resource: { kind: 'namespace', name: 'default', labels: { team: { exists: false } } }
			}
		]);
	});

	it('an object created: kind, name, namespace and a scalar field or two, never a list index', () => {
		expect(
			proposeResourceChecks(snap(), snap(policy('DENY')), 'kubectl apply -f deny.yaml')
		).toEqual([
			{
				name: 'authorizationpolicy deny-all in default exists',
				resource: {
					kind: 'authorizationpolicy',
					name: 'deny-all',
					namespace: 'default',
					fields: { 'spec.action': 'DENY', 'spec.selector.matchLabels.app': 'productpage' }
				}
			}
		]);
	});

	it('a field changed, an annotation added (dots escaped), an object deleted', () => {
		const svc = (annotations?: Record<string, string>) =>
			entry('services', 'Service', {
				metadata: meta('ratings', 'default', annotations ? { annotations } : {}),
				spec: { ports: [{ port: 9080 }] }
			});
		expect(
			proposeResourceChecks(
				snap(svc()),
				snap(svc({ 'example.com/owner': 'a' })),
				'kubectl annotate svc ratings example.com/owner=a'
			)
		).toEqual([
			{
				name: 'service ratings in default has annotation example.com/owner=a',
				resource: {
					kind: 'service',
					name: 'ratings',
					namespace: 'default',
					fields: { 'metadata.annotations.example\\.com/owner': 'a' }
				}
			}
		]);
		expect(
			proposeResourceChecks(snap(policy('DENY')), snap(policy('ALLOW')), 'kubectl apply -f p.yaml')
		).toEqual([
			{
				name: 'authorizationpolicy deny-all in default has spec.action=ALLOW',
				resource: {
					kind: 'authorizationpolicy',
					name: 'deny-all',
					namespace: 'default',
					fields: { 'spec.action': 'ALLOW' }
				}
			}
		]);
		expect(
			proposeResourceChecks(
				snap(policy('DENY')),
				snap(),
				'kubectl delete authorizationpolicy deny-all'
			)
		).toEqual([
			{
				name: 'authorizationpolicy deny-all in default is gone',
				resource: {
					kind: 'authorizationpolicy',
					name: 'deny-all',
					namespace: 'default',
					exists: false
				}
			}
		]);
	});

	it('a pod the command names is proposed; one it does not name is not; nothing changed, nothing proposed', () => {
		const before = snap(pod('curl-1'), pod('other-1'));
		const after = snap(pod('curl-1', { a: 'b' }), pod('other-1', { a: 'b' }));
		expect(
			proposeResourceChecks(before, after, 'kubectl annotate pod curl-1 a=b').map((c) => c.name)
		).toEqual(['pod curl-1 in default has annotation a=b']);
		expect(proposeResourceChecks(before, before, 'kubectl label ns default x=y')).toEqual([]);
	});

	it("istioctl waypoint apply: the Gateway and the namespace's label, not what the controller made for them", () => {
		const owned = {
			ownerReferences: [{ apiVersion: 'v1', kind: 'Gateway', name: 'waypoint', uid: 'g' }]
		};
		const after = snap(
			ns({ 'istio.io/use-waypoint': 'waypoint' }),
			entry('serviceaccounts', 'ServiceAccount', { metadata: meta('waypoint', 'default') }),
			entry('deployments', 'Deployment', {
				metadata: meta('waypoint', 'default', owned),
				spec: { replicas: 1 }
			}),
			entry('gateways', 'Gateway', {
				metadata: meta('waypoint', 'default'),
				spec: { gatewayClassName: 'istio-waypoint', listeners: [{ port: 15008 }] }
			})
		);
		expect(
			proposeResourceChecks(
				snap(ns()),
				after,
				'istioctl waypoint apply --enroll-namespace --wait'
			).map((c) => c.name)
		).toEqual([
			'gateway waypoint in default exists',
			'namespace default has istio.io/use-waypoint=waypoint'
		]);
	});

	it('at most two objects, what the command names first', () => {
		const created = ['a', 'b', 'c'].map((n) =>
			entry('services', 'Service', { metadata: meta(n, 'default'), spec: { type: 'ClusterIP' } })
		);
		expect(
			proposeResourceChecks(
				snap(),
				snap(...created),
				'kubectl create service clusterip c --tcp=80'
			).map((c) => c.name)
		).toEqual(['service c in default exists', 'service a in default exists']);
	});
});
