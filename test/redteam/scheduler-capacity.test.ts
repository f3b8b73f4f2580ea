/**
 * Issue 18 (red team), High: `kubectl scale … --replicas=10000` made 10,006 running pods because
 * the scheduler ignored the nodes' `pods: 110` capacity. Pods past it now stay Pending with the
 * scheduler's own FitError message.
 */
import { describe, expect, it } from 'vitest';
import { PODS } from '../../src/mesh/api/builtin-resources.ts';
import { isApiError } from '../../src/mesh/api/errors.ts';
import type { KubeObject, Pod } from '../../src/mesh/api/objects.ts';
import { createCluster } from '../../src/mesh/cluster/create.ts';
import { createFakeRuntime } from '../support/fake-runtime.ts';

const pod = (name: string): KubeObject => ({
	apiVersion: 'v1',
	kind: 'Pod',
	metadata: { name, namespace: 'default' } as KubeObject['metadata'],
	spec: { containers: [{ name: 'app', image: 'busybox' }] }
});

describe('scheduler: node pod capacity', () => {
	it('binds at most 110 pods per node and leaves the rest Pending with the FitError', async () => {
		const c = await createCluster({
			crypto: globalThis.crypto,
			seed: 3,
			runtime: createFakeRuntime()
		});
		for (let i = 0; i < 240; i++) expect(isApiError(c.api.create(pod(`app-${i}`)))).toBe(false);
		await c.settle();
		const all = c.api.list(PODS, {}) as Pod[];
		const perNode = new Map<string, number>();
		for (const p of all)
			if (p.spec.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
		expect(perNode.get('ambient-worker')).toBe(110);
		expect(perNode.get('ambient-worker2')).toBe(110);
		const pending = all.filter((p) => p.metadata.namespace === 'default' && !p.spec.nodeName);
		// The workers also run the cluster's own pods; every slot left went to `default`.
		const others = all.filter(
			(p) => p.metadata.namespace !== 'default' && p.spec.nodeName?.startsWith('ambient-worker')
		).length;
		expect(pending.length).toBe(240 - (220 - others));
		for (const p of pending) {
			expect(p.status?.phase).toBe('Pending');
			expect(p.status?.conditions?.[0]).toMatchObject({
				type: 'PodScheduled',
				status: 'False',
				reason: 'Unschedulable',
				message:
					'0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Too many pods. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.'
			});
		}
	});
});
