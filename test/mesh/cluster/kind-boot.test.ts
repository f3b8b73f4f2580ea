/**
 * kind's add-ons at boot (src/mesh/cluster/kind-boot.ts): where they run, what their pods look
 * like to the API, and what happens to a worker whose CNI (kindnetd) never starts.
 */
import { describe, expect, it } from 'vitest';
import { NODES, PODS } from '../../../src/mesh/api/builtin-resources.ts';
import { isApiError } from '../../../src/mesh/api/errors.ts';
import type { KubeObject, NodeObject, Pod } from '../../../src/mesh/api/objects.ts';
import { createBootRng } from '../../../src/mesh/cluster/boot-rng.ts';
import { createCluster } from '../../../src/mesh/cluster/create.ts';
import { checkInvariants } from '../../../src/mesh/cluster/invariants.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { createFakeRuntime } from '../../support/fake-runtime.ts';

const KINDNETD = 'docker.io/kindest/kindnetd:v20250512-df8de77b';

async function kindCluster(unknownImages: string[] = []) {
	const runtime = createFakeRuntime({ unknownImages });
	return createCluster({ crypto: globalThis.crypto, seed: 4, runtime });
}

const podsIn = (api: { list: (...a: never[]) => unknown }, namespace: string): Pod[] =>
	(api.list as (t: typeof PODS, o: object) => Pod[])(PODS, { namespace });

function readiness(n: NodeObject): [string, string | undefined, string[]] {
	const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
	const taints = ((n.spec as { taints?: { key: string }[] }).taints ?? []).map((t) => t.key);
	return [n.metadata.name, ready?.status, taints];
}

describe("kind's add-ons", () => {
	it('run where kind runs them: CoreDNS and the provisioner on the control plane, daemons everywhere', async () => {
		const c = await kindCluster();
		// Named by their role's label (component, k8s-app, app), sorted by role then node.
		const where = (ns: string) =>
			podsIn(c.api, ns)
				.map((p) => {
					const l = p.metadata.labels ?? {};
					return [
						l['component'] ?? l['k8s-app'] ?? l['app'],
						p.spec.nodeName,
						p.status?.podIP,
						p.status?.phase
					];
				})
				.sort((a, b) => `${a[0]} ${a[1]} ${a[2]}`.localeCompare(`${b[0]} ${b[1]} ${b[2]}`));
		expect(where('kube-system')).toEqual([
			['etcd', 'ambient-control-plane', '172.18.0.2', 'Running'],
			['kindnet', 'ambient-control-plane', '172.18.0.2', 'Running'],
			['kindnet', 'ambient-worker', '172.18.0.3', 'Running'],
			['kindnet', 'ambient-worker2', '172.18.0.4', 'Running'],
			['kube-apiserver', 'ambient-control-plane', '172.18.0.2', 'Running'],
			['kube-controller-manager', 'ambient-control-plane', '172.18.0.2', 'Running'],
			['kube-dns', 'ambient-control-plane', '10.244.0.2', 'Running'],
			['kube-dns', 'ambient-control-plane', '10.244.0.3', 'Running'],
			['kube-proxy', 'ambient-control-plane', '172.18.0.2', 'Running'],
			['kube-proxy', 'ambient-worker', '172.18.0.3', 'Running'],
			['kube-proxy', 'ambient-worker2', '172.18.0.4', 'Running'],
			['kube-scheduler', 'ambient-control-plane', '172.18.0.2', 'Running']
		]);
		expect(where('local-path-storage')).toEqual([
			['local-path-provisioner', 'ambient-control-plane', '10.244.0.4', 'Running']
		]);
		expect((c.api.list(NODES) as NodeObject[]).map(readiness)).toEqual([
			['ambient-control-plane', 'True', ['node-role.kubernetes.io/control-plane']],
			['ambient-worker', 'True', []],
			['ambient-worker2', 'True', []]
		]);
		expect(checkInvariants(c.api)).toEqual([]);
		expect(c.errors()).toEqual([]);
	});

	it('mirror the static pods with the node as owner, no service account, the node-critical priority', async () => {
		const c = await kindCluster();
		const etcd = c.api.get(PODS, 'kube-system', 'etcd-ambient-control-plane') as Pod;
		expect(isApiError(etcd)).toBe(false);
		expect(etcd.metadata.ownerReferences).toEqual([
			expect.objectContaining({ kind: 'Node', name: 'ambient-control-plane', controller: true })
		]);
		expect(etcd.metadata.annotations?.['kubernetes.io/config.source']).toBe('file');
		expect(etcd.spec).toMatchObject({ hostNetwork: true, priority: 2000001000 });
		expect(etcd.spec.serviceAccountName).toBeUndefined();
		expect((etcd.spec as { volumes?: KubeObject[] }).volumes?.map((v) => v.name)).not.toContain(
			expect.stringMatching(/^kube-api-access-/)
		);
	});

	it('leave a worker NotReady and tainted while its kindnetd cannot start: new pods wait', async () => {
		const c = await kindCluster([KINDNETD]);
		expect((c.api.list(NODES) as NodeObject[]).map(readiness)).toEqual([
			['ambient-control-plane', 'True', ['node-role.kubernetes.io/control-plane']],
			['ambient-worker', 'False', ['node.kubernetes.io/not-ready']],
			['ambient-worker2', 'False', ['node.kubernetes.io/not-ready']]
		]);
		const r = c.api.create({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: { name: 'app', namespace: 'default' } as KubeObject['metadata'],
			spec: { containers: [{ name: 'app', image: 'busybox' }] }
		});
		expect(isApiError(r)).toBe(false);
		await c.settle();
		const app = c.api.get(PODS, 'default', 'app') as Pod;
		expect(app.spec.nodeName).toBeUndefined();
		expect(app.status?.conditions?.find((x) => x.type === 'PodScheduled')?.message).toContain(
			'2 node(s) had untolerated taint {node.kubernetes.io/not-ready: }'
		);
	});
});

describe('boot-rng', () => {
	it('draws made while booting leave every stream where a cluster without add-ons has it', () => {
		const { rng, phase } = createBootRng(9);
		const uids = rng.fork('api').fork('uid');
		const plain = createRng(9).fork('api').fork('uid');
		expect(uids.int(1000)).toBe(plain.int(1000));
		phase.begin();
		const during = [uids.int(1000), uids.int(1000), rng.fork('replicaset').int(1000)];
		phase.end();
		expect(during).toHaveLength(3);
		expect([uids.int(1000), uids.int(1000)]).toEqual([plain.int(1000), plain.int(1000)]);
	});
});
