import { describe, expect, it } from 'vitest';
import { NODES, PODS } from '../../../src/mesh/api/builtin-resources.ts';
import { isApiError } from '../../../src/mesh/api/errors.ts';
import type { KubeObject, NodeObject, Pod } from '../../../src/mesh/api/objects.ts';
import { createCluster } from '../../../src/mesh/cluster/create.ts';
import { untoleratedTaint } from '../../../src/mesh/cluster/scheduler-plugins.ts';
import { createFakeRuntime } from '../../support/fake-runtime.ts';

function pod(name: string, spec: Record<string, unknown> = {}): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: { name, namespace: 'default' } as KubeObject['metadata'],
		spec: { containers: [{ name: 'app', image: 'busybox' }], ...spec }
	};
}

async function scheduled(pods: KubeObject[]): Promise<Pod[]> {
	const c = await createCluster({
		crypto: globalThis.crypto,
		seed: 3,
		runtime: createFakeRuntime()
	});
	for (const p of pods) expect(isApiError(c.api.create(p))).toBe(false);
	await c.settle();
	const r = c.api.list(PODS, { namespace: 'default' });
	return isApiError(r) ? [] : (r as Pod[]);
}

describe('scheduler: taints and tolerations', () => {
	it('never puts an ordinary pod on the NoSchedule control-plane node', async () => {
		const pods = await scheduled(Array.from({ length: 9 }, (_, i) => pod(`app-${i}`)));
		expect(new Set(pods.map((p) => p.spec.nodeName))).toEqual(
			new Set(['ambient-worker', 'ambient-worker2'])
		);
	});

	it('uses the control-plane node for a pod that tolerates its taint', async () => {
		// Pinned there: kube-system's add-ons make it the most loaded node.
		const tolerant = {
			tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }],
			nodeSelector: { 'kubernetes.io/hostname': 'ambient-control-plane' }
		};
		const pods = await scheduled([pod('a'), pod('b'), pod('c', tolerant)]);
		expect(pods.find((p) => p.metadata.name === 'c')?.spec.nodeName).toBe('ambient-control-plane');
	});

	it('explains a pod that fits nowhere, naming the untolerated taint', async () => {
		const [p] = await scheduled([
			pod('x', { nodeSelector: { 'node-role.kubernetes.io/control-plane': '' } })
		]);
		const cond = p?.status?.conditions?.find((c) => c.type === 'PodScheduled') as
			{ message?: string } | undefined;
		expect(cond?.message).toBe(
			"0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
		);
	});

	it.each([
		{ name: 'none', tolerations: [], blocked: true },
		{ name: 'Exists, no key', tolerations: [{ operator: 'Exists' }], blocked: false },
		{
			name: 'Exists, NoExecute only',
			tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
			blocked: true
		},
		{
			name: 'Equal with a value',
			tolerations: [{ key: 'node-role.kubernetes.io/control-plane', value: 'x' }],
			blocked: true
		}
	])('untoleratedTaint: $name', async ({ tolerations, blocked }) => {
		const c = await createCluster({
			crypto: globalThis.crypto,
			seed: 3,
			runtime: createFakeRuntime()
		});
		const cp = (c.api.list(NODES) as NodeObject[])[0] as NodeObject;
		expect(untoleratedTaint(cp, tolerations) !== undefined).toBe(blocked);
	});
});
