/**
 * istiod's multicluster remote secrets controller, its log lines written from istio/istio
 * 1.30.3 pkg/kube/multicluster/secretcontroller.go (processItem, addRemoteConfig: "Add"/"Update
 * cluster" with cluster= and config= labels, "skipping update (kubeconfig are identical)", the
 * config cluster ignored, "Number of remote clusters: N"; deleteCluster) and ListRemoteClusters
 * (`/debug/clusterz`: the config cluster first, then each secret's, cluster.go SyncStatus).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import {
	RemoteSecretController,
	isRemoteSecret,
	type RemoteCluster
} from '../../../src/mesh/istiod/remote-secrets.ts';

const secret = (name: string, data: Record<string, string>, label = 'true'): KubeObject =>
	({
		apiVersion: 'v1',
		kind: 'Secret',
		metadata: { name, namespace: 'istio-system', labels: { 'istio/multiCluster': label } },
		data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, btoa(v)]))
	}) as unknown as KubeObject;

const kubeconfig = (server: string) =>
	`apiVersion: v1\nclusters:\n- cluster:\n    server: ${server}\n`;

function controller(id = 'cluster1') {
	const lines: string[] = [];
	const added: RemoteCluster[] = [];
	const c = new RemoteSecretController(
		id,
		{
			info: (m) => lines.push(`info\t${m}`),
			warn: (m) => lines.push(`warn\t${m}`),
			error: (m) => lines.push(`error\t${m}`)
		},
		(rc) => added.push(rc)
	);
	return { c, lines, added };
}

describe('remote secrets controller', () => {
	it('adds, skips an identical update, updates, then deletes, logging as istiod', () => {
		const { c, lines, added } = controller();
		const s1 = secret('istio-remote-secret-cluster2', {
			cluster2: kubeconfig('https://127.0.0.1:38651')
		});
		c.sync([s1]);
		c.sync([s1]);
		c.sync([
			secret('istio-remote-secret-cluster2', { cluster2: kubeconfig('https://172.18.0.5:6443') })
		]);
		c.sync([]);
		const cfg = 'config=istio-system/istio-remote-secret-cluster2';
		expect(lines).toEqual([
			'info\tprocessing remote config event for istio-system/istio-remote-secret-cluster2',
			`info\tAdd cluster\tcluster=cluster2 ${cfg}`,
			'info\tNumber of remote clusters: 1',
			'info\tprocessing remote config event for istio-system/istio-remote-secret-cluster2',
			`info\tUpdate cluster\tcluster=cluster2 ${cfg}`,
			'info\tNumber of remote clusters: 1',
			'info\tprocessing remote config event for istio-system/istio-remote-secret-cluster2',
			'info\tDeleting cluster_id=cluster2 configured by secret=istio-system/istio-remote-secret-cluster2',
			'info\tNumber of remote clusters: 0',
			'info\tNumber of remote clusters: 0'
		]);
		expect(added.map((a) => a.server)).toEqual([
			'https://127.0.0.1:38651',
			'https://172.18.0.5:6443'
		]);
		expect(c.current(added[0] as RemoteCluster)).toBe(false);
	});

	it('ignores its own cluster id and a cluster another secret already registered', () => {
		const { c, lines } = controller('cluster1');
		c.sync([
			secret('a', { cluster2: kubeconfig('https://x:6443') }),
			secret('b', {
				cluster1: kubeconfig('https://y:6443'),
				cluster2: kubeconfig('https://z:6443')
			})
		]);
		expect(lines).toContain(
			'info\tignoring cluster as it would overwrite the config cluster\tcluster=cluster1 config=istio-system/b'
		);
		expect(lines).toContain(
			'warn\tcluster has already been registered\tcluster=cluster2 config=istio-system/b'
		);
		expect(c.size).toBe(1);
	});

	it('lists the config cluster synced, then each remote: syncing until its outcome (clusterz)', () => {
		const { c, added } = controller('cluster1');
		c.sync([secret('s', { cluster2: kubeconfig('https://127.0.0.1:1') })]);
		expect(c.list()).toEqual([
			{ id: 'cluster1', secretName: '', syncStatus: 'synced' },
			{ id: 'cluster2', secretName: 'istio-system/s', syncStatus: 'syncing' }
		]);
		c.setStatus(added[0] as RemoteCluster, 'timeout');
		expect(c.list()[1]?.syncStatus).toBe('timeout');
		// A new kubeconfig starts over; the old cluster's outcome no longer applies.
		c.sync([secret('s', { cluster2: kubeconfig('https://10.0.0.1:6443') })]);
		c.setStatus(added[0] as RemoteCluster, 'timeout');
		expect(c.list()[1]?.syncStatus).toBe('syncing');
	});

	it('reads only labelled secrets in its namespace', () => {
		expect(isRemoteSecret(secret('a', {}))).toBe(true);
		expect(isRemoteSecret(secret('a', {}, 'false'))).toBe(false);
	});

	it('lists the clusters it reads now, with the server each kubeconfig names', () => {
		const { c } = controller();
		c.sync([secret('s', { cluster2: kubeconfig('https://172.18.0.5:6443') })]);
		expect(c.clusters().map(({ id, secret, server }) => ({ id, secret, server }))).toEqual([
			{ id: 'cluster2', secret: 'istio-system/s', server: 'https://172.18.0.5:6443' }
		]);
		c.sync([]);
		expect(c.clusters()).toEqual([]);
	});
});
