import { describe, expect, it } from 'vitest';
import { DAEMON_SETS, NODES, PODS } from '../../../src/mesh/api/builtin-resources.ts';
import { formatApiError, isApiError } from '../../../src/mesh/api/errors.ts';
import type { KubeObject, NodeObject, Pod } from '../../../src/mesh/api/objects.ts';
import { createCluster } from '../../../src/mesh/cluster/create.ts';
import {
	CONTROLLER_REVISION_HASH,
	nodeShouldRunDaemon,
	type DaemonSet
} from '../../../src/mesh/cluster/daemonset-util.ts';
import { checkInvariants } from '../../../src/mesh/cluster/invariants.ts';
import { createFakeRuntime, type FakeRuntimeOptions } from '../../support/fake-runtime.ts';

function daemonSet(
	name: string,
	opts: {
		nodeSelector?: Record<string, string>;
		strategy?: Record<string, unknown>;
		tolerations?: Record<string, string | undefined>[];
	} = {}
): KubeObject {
	const labels = { app: name };
	return {
		apiVersion: 'apps/v1',
		kind: 'DaemonSet',
		metadata: { name, namespace: 'default' } as KubeObject['metadata'],
		spec: {
			selector: { matchLabels: labels },
			...(opts.strategy ? { updateStrategy: opts.strategy } : {}),
			template: {
				metadata: { labels },
				spec: {
					...(opts.nodeSelector ? { nodeSelector: opts.nodeSelector } : {}),
					...(opts.tolerations ? { tolerations: opts.tolerations } : {}),
					containers: [{ name: 'agent', image: 'busybox' }]
				}
			}
		}
	};
}

async function cluster(options: FakeRuntimeOptions = {}) {
	const runtime = createFakeRuntime(options);
	const c = await createCluster({ crypto: globalThis.crypto, seed: 7, runtime });
	return { c, runtime };
}

type Cluster = Awaited<ReturnType<typeof cluster>>['c'];

const podsOf = (c: Cluster, app: string): Pod[] => {
	const r = c.api.list(PODS, { namespace: 'default', labelSelector: `app=${app}` });
	return isApiError(r) ? [] : (r as Pod[]);
};

const status = (c: Cluster, name: string) => {
	const ds = c.api.get(DAEMON_SETS, 'default', name);
	if (isApiError(ds)) throw new Error(formatApiError(ds));
	return ds['status'] as Record<string, number>;
};

describe('DaemonSet controller', () => {
	it('runs one pod per schedulable worker, bound to its node, and reports status', async () => {
		const { c } = await cluster();
		expect(isApiError(c.api.create(daemonSet('agent')))).toBe(false);
		await c.settle();
		const pods = podsOf(c, 'agent');
		expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(['ambient-worker', 'ambient-worker2']);
		for (const p of pods) {
			expect(p.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
			expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', name: 'agent' });
			expect(p.metadata.labels?.['pod-template-generation']).toBe('1');
			expect(p.status?.phase).toBe('Running');
		}
		expect(status(c, 'agent')).toEqual({
			currentNumberScheduled: 2,
			desiredNumberScheduled: 2,
			numberMisscheduled: 0,
			numberReady: 2,
			numberAvailable: 2,
			updatedNumberScheduled: 2,
			observedGeneration: 1
		});
		expect(checkInvariants(c.api)).toEqual([]);
	});

	it('counts unready pods as unavailable until their hosts start', async () => {
		const { c, runtime } = await cluster({ manual: true });
		c.api.create(daemonSet('agent'));
		await Promise.resolve();
		expect(status(c, 'agent')).toMatchObject({
			desiredNumberScheduled: 2,
			currentNumberScheduled: 2,
			numberReady: 0,
			numberUnavailable: 2
		});
		runtime.release();
		await c.settle();
		expect(status(c, 'agent')).toMatchObject({ numberReady: 2, numberAvailable: 2 });
		expect(status(c, 'agent')['numberUnavailable']).toBeUndefined();
	});

	it.each<{ name: string; selector: Record<string, string>; pods: number }>([
		{ name: 'matching nodeSelector', selector: { 'kubernetes.io/os': 'linux' }, pods: 2 },
		{ name: 'one named node', selector: { 'kubernetes.io/hostname': 'ambient-worker2' }, pods: 1 },
		{ name: 'no node matches', selector: { 'kubernetes.io/os': 'windows' }, pods: 0 }
	])('honours the node selector: $name', async ({ selector, pods }) => {
		const { c } = await cluster();
		c.api.create(daemonSet('agent', { nodeSelector: selector }));
		await c.settle();
		expect(podsOf(c, 'agent')).toHaveLength(pods);
		expect(status(c, 'agent')['desiredNumberScheduled']).toBe(pods);
	});

	const ALL = ['ambient-control-plane', 'ambient-worker', 'ambient-worker2'];
	const WORKERS = ['ambient-worker', 'ambient-worker2'];
	it.each([
		{ name: 'no tolerations', tolerations: undefined, nodes: WORKERS },
		{
			name: 'ztunnel/istio-cni chart: NoSchedule Exists',
			tolerations: [
				{ effect: 'NoSchedule', operator: 'Exists' },
				{ key: 'CriticalAddonsOnly', operator: 'Exists' },
				{ effect: 'NoExecute', operator: 'Exists' }
			],
			nodes: ALL
		},
		{
			name: 'the control-plane key',
			tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }],
			nodes: ALL
		},
		{
			name: 'another key',
			tolerations: [{ key: 'node-role.kubernetes.io/master', operator: 'Exists' }],
			nodes: WORKERS
		},
		{
			name: 'right key, wrong effect',
			tolerations: [
				{
					key: 'node-role.kubernetes.io/control-plane',
					operator: 'Exists',
					effect: 'NoExecute'
				}
			],
			nodes: WORKERS
		},
		{
			name: "Equal with the taint's empty value",
			tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Equal' }],
			nodes: ALL
		}
	])('honours taints and tolerations: $name', async ({ tolerations, nodes }) => {
		const { c } = await cluster();
		const all = c.api.list(NODES) as NodeObject[];
		const ds = daemonSet('agent', tolerations ? { tolerations } : {}) as DaemonSet;
		expect(all.filter((n) => nodeShouldRunDaemon(ds, n)).map((n) => n.metadata.name)).toEqual(
			nodes
		);
		c.api.create(ds);
		await c.settle();
		expect(
			podsOf(c, 'agent')
				.map((p) => p.spec.nodeName)
				.sort()
		).toEqual(nodes);
		expect(status(c, 'agent')['desiredNumberScheduled']).toBe(nodes.length);
	});

	it('skips the tainted control-plane node', async () => {
		const { c } = await cluster();
		const nodes = c.api.list(NODES) as NodeObject[];
		const ds = daemonSet('agent') as DaemonSet;
		expect(nodes.filter((n) => nodeShouldRunDaemon(ds, n)).map((n) => n.metadata.name)).toEqual([
			'ambient-worker',
			'ambient-worker2'
		]);
	});

	it('replaces a deleted pod on the same node', async () => {
		const { c } = await cluster();
		c.api.create(daemonSet('agent'));
		await c.settle();
		const [victim] = podsOf(c, 'agent');
		c.api.delete(PODS, 'default', victim?.metadata.name ?? '');
		await c.settle();
		const after = podsOf(c, 'agent');
		expect(after).toHaveLength(2);
		expect(after.map((p) => p.metadata.name)).not.toContain(victim?.metadata.name);
		expect(after.map((p) => p.spec.nodeName).sort()).toEqual(['ambient-worker', 'ambient-worker2']);
	});

	it.each([
		{ name: 'maxUnavailable 1 (default)', strategy: undefined },
		{
			name: 'surge first (ztunnel)',
			strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }
		}
	])('rolls every node to a new template: $name', async ({ strategy }) => {
		const { c } = await cluster();
		c.api.create(daemonSet('agent', strategy ? { strategy } : {}));
		await c.settle();
		const before = podsOf(c, 'agent').map((p) => p.metadata.name);
		c.api.patch(DAEMON_SETS, 'default', 'agent', (d) => {
			const t = (d as DaemonSet).spec.template;
			t.metadata = { ...t.metadata, annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } };
		});
		await c.settle();
		const after = podsOf(c, 'agent');
		expect(after).toHaveLength(2);
		expect(after.map((p) => p.metadata.name).filter((n) => before.includes(n))).toEqual([]);
		expect(new Set(after.map((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH])).size).toBe(1);
		expect(after.every((p) => p.metadata.labels?.['pod-template-generation'] === '2')).toBe(true);
		expect(status(c, 'agent')).toMatchObject({ updatedNumberScheduled: 2, numberReady: 2 });
	});

	it('deletes its pods when the DaemonSet is deleted', async () => {
		const { c } = await cluster();
		c.api.create(daemonSet('agent'));
		await c.settle();
		c.api.delete(DAEMON_SETS, 'default', 'agent');
		await c.settle();
		expect(podsOf(c, 'agent')).toEqual([]);
		expect(checkInvariants(c.api)).toEqual([]);
	});

	it.each([
		{
			name: 'selector does not match template labels',
			mutate: (d: DaemonSet) => (d.spec.selector = { matchLabels: { app: 'other' } }),
			error: '`selector` does not match template `labels`'
		},
		{
			name: 'empty selector',
			mutate: (d: DaemonSet) => (d.spec.selector = {}),
			error: 'empty selector is invalid for daemonset'
		},
		{
			name: 'no containers',
			mutate: (d: DaemonSet) => (d.spec.template.spec.containers = []),
			error: 'spec.template.spec.containers: Required value'
		}
	])('validates like a Deployment: $name', async ({ mutate, error }) => {
		const { c } = await cluster();
		const ds = daemonSet('agent') as DaemonSet;
		mutate(ds);
		const r = c.api.create(ds);
		expect(isApiError(r) ? formatApiError(r) : '').toContain(error);
	});

	it('defaults the update strategy like apps/v1', async () => {
		const { c } = await cluster();
		const created = c.api.create(daemonSet('agent'));
		expect(isApiError(created) ? undefined : created['spec']).toMatchObject({
			updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
			revisionHistoryLimit: 10
		});
	});
});
