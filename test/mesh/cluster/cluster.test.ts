import { describe, expect, it } from 'vitest';
import type { ApiServer } from '../../../src/mesh/api/api-server.ts';
import {
	DEPLOYMENTS,
	ENDPOINTS,
	NAMESPACES,
	NODES,
	PODS,
	REPLICA_SETS
} from '../../../src/mesh/api/builtin-resources.ts';
import { formatApiError, isApiError } from '../../../src/mesh/api/errors.ts';
import type { Deployment, KubeObject, NodeObject, Pod } from '../../../src/mesh/api/objects.ts';
import { createCluster } from '../../../src/mesh/cluster/create.ts';
import { checkInvariants } from '../../../src/mesh/cluster/invariants.ts';
import { bootstrapApi } from '../../../src/mesh/api/bootstrap.ts';
import { createApiServer } from '../../../src/mesh/api/store.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { ms } from '../../../src/mesh/types.ts';
import { createFakeRuntime, type FakeRuntimeOptions } from '../../support/fake-runtime.ts';

const meta = (name: string, extra: Record<string, unknown> = {}) =>
	({ name, ...extra }) as KubeObject['metadata'];

function deployment(
	name: string,
	replicas: number,
	opts: { image?: string; namespace?: string; app?: string } = {}
): KubeObject {
	const labels = { app: opts.app ?? name, version: 'v1' };
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: meta(name, opts.namespace ? { namespace: opts.namespace } : {}),
		spec: {
			replicas,
			selector: { matchLabels: labels },
			template: {
				metadata: { labels },
				spec: {
					serviceAccountName: name,
					containers: [
						{
							name: 'app',
							image: opts.image ?? 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.2',
							env: [{ name: 'LOG_DIR', value: '/tmp/logs' }],
							ports: [{ containerPort: 9080, name: 'http-web' }]
						}
					]
				}
			}
		}
	};
}

function service(name: string, ports: Record<string, unknown>[], namespace?: string): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Service',
		metadata: meta(name, namespace ? { namespace } : {}),
		spec: { selector: { app: name }, ports }
	};
}

async function cluster(seed = 1, options: FakeRuntimeOptions = {}) {
	const runtime = createFakeRuntime(options);
	const c = await createCluster({ crypto: globalThis.crypto, seed, runtime });
	return { c, runtime };
}

/** The test's pods: `default`'s unless told (kube-system holds kind's add-ons). */
const pods = (api: ApiServer, namespace = 'default'): Pod[] =>
	api.list(PODS, { namespace }) as Pod[];
const must = <T>(r: T): Exclude<T, { type: 'api-error' }> => {
	if (isApiError(r)) throw new Error(formatApiError(r));
	return r as Exclude<T, { type: 'api-error' }>;
};
/** Lets the fake runtime's promise chains run without waiting for held starts. */
const ticks = async (n = 10) => {
	for (let i = 0; i < n; i++) await Promise.resolve();
};

describe('nodes', () => {
	it('are a tainted control plane and Ready workers with their own podCIDR and address', async () => {
		const { c } = await cluster();
		const nodes = c.api.list(NODES) as NodeObject[];
		expect(
			nodes.map((n) => [n.metadata.name, n.spec.podCIDR, n.status.addresses[0]?.address])
		).toEqual([
			['ambient-control-plane', '10.244.0.0/24', '172.18.0.2'],
			['ambient-worker', '10.244.1.0/24', '172.18.0.3'],
			['ambient-worker2', '10.244.2.0/24', '172.18.0.4']
		]);
		expect(nodes[0]?.spec.taints).toEqual([
			{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }
		]);
		for (const n of nodes) {
			expect(n.status.conditions.find((x) => x.type === 'Ready')?.status).toBe('True');
			expect(n.status.nodeInfo.kubeletVersion).toBe('v1.34.0');
		}
	});

	it('honour custom worker names', async () => {
		const runtime = createFakeRuntime();
		const c = await createCluster({ crypto: globalThis.crypto, seed: 1, runtime, nodes: ['w1'] });
		expect((c.api.list(NODES) as KubeObject[]).map((n) => n.metadata.name)).toEqual([
			'ambient-control-plane',
			'w1'
		]);
	});
});

describe('deployments', () => {
	it('create a ReplicaSet and pods with kubectl-shaped names, the same for the same seed', async () => {
		const names = async (seed: number) => {
			const { c } = await cluster(seed);
			must(c.api.apply(deployment('reviews-v1', 3)));
			await c.settle();
			return pods(c.api).map((p) => p.metadata.name);
		};
		const first = await names(5);
		expect(first).toHaveLength(3);
		for (const n of first)
			expect(n).toMatch(/^reviews-v1-[4-9bcdf]{9,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
		expect(await names(5)).toEqual(first);
		const other = await names(6);
		expect(other).not.toEqual(first);
		// The ReplicaSet hash depends on the template only.
		expect(other[0]?.split('-').slice(0, 3)).toEqual(first[0]?.split('-').slice(0, 3));
	});

	it('spread pods over the two workers, never the control plane, with IPs from each node CIDR', async () => {
		const { c, runtime } = await cluster();
		must(c.api.apply(deployment('reviews-v1', 4)));
		must(c.api.apply(deployment('ratings-v1', 1)));
		await c.settle();
		const all = pods(c.api);
		const perNode = new Map<string, number>();
		for (const p of all)
			perNode.set(p.spec.nodeName ?? '', (perNode.get(p.spec.nodeName ?? '') ?? 0) + 1);
		expect([...perNode.entries()].sort()).toEqual([
			['ambient-worker', 3],
			['ambient-worker2', 2]
		]);
		for (const p of all) {
			const n = p.spec.nodeName === 'ambient-worker' ? 1 : 2;
			expect(p.status?.podIP).toMatch(new RegExp(`^10\\.244\\.${n}\\.([2-9]|[1-9]\\d+)$`));
			expect(p.status?.hostIP).toBe(`172.18.0.${n + 2}`);
		}
		const ips = all.map((p) => p.status?.podIP).sort();
		expect(ips).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4', '10.244.2.2', '10.244.2.3']);
		expect(
			runtime
				.live()
				.map((h) => h.ip)
				.sort()
		).toEqual(ips);
		expect(checkInvariants(c.api)).toEqual([]);
	});

	it('start each pod as a host built from its spec', async () => {
		const { c, runtime } = await cluster();
		must(c.api.apply(deployment('reviews-v1', 2)));
		await c.settle();
		const p = pods(c.api)[0];
		const spec = runtime.started.find((s) => s.name === p?.metadata.name);
		expect(spec).toMatchObject({
			id: `default/${p?.metadata.name}`,
			kind: 'pod',
			ip: p?.status?.podIP,
			node: p?.spec.nodeName,
			namespace: 'default',
			containers: [
				{
					name: 'app',
					image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.2',
					env: { LOG_DIR: '/tmp/logs' },
					ports: [9080]
				}
			]
		});
		expect(new Set(runtime.started.map((s) => s.seed)).size).toBe(2);
	});

	it('report Running pods with kubelet conditions and status counts', async () => {
		const { c } = await cluster();
		must(c.api.apply(deployment('reviews-v1', 2)));
		await c.settle();
		const p = pods(c.api)[0];
		expect(p?.status?.phase).toBe('Running');
		expect(p?.status?.conditions?.map((x) => `${x.type}=${x.status}`)).toEqual([
			'PodReadyToStartContainers=True',
			'Initialized=True',
			'Ready=True',
			'ContainersReady=True',
			'PodScheduled=True'
		]);
		expect(p?.status?.containerStatuses?.[0]).toMatchObject({
			name: 'app',
			ready: true,
			restartCount: 0,
			state: { running: {} }
		});
		const d = must(c.api.get(DEPLOYMENTS, 'default', 'reviews-v1')) as Deployment;
		expect(d.status).toMatchObject({
			replicas: 2,
			readyReplicas: 2,
			updatedReplicas: 2,
			availableReplicas: 2
		});
		expect(d.status?.conditions?.map((x) => [x.type, x.status, x.reason])).toEqual([
			['Available', 'True', 'MinimumReplicasAvailable'],
			['Progressing', 'True', 'NewReplicaSetAvailable']
		]);
	});

	it('scale up and down', async () => {
		const { c, runtime } = await cluster();
		must(c.api.apply(deployment('reviews-v1', 2)));
		await c.settle();
		const scale = async (n: number) => {
			must(
				c.api.patch(
					DEPLOYMENTS,
					'default',
					'reviews-v1',
					(d) => void ((d as Deployment).spec.replicas = n)
				)
			);
			await c.settle();
			return pods(c.api).length;
		};
		expect(await scale(5)).toBe(5);
		expect(await scale(1)).toBe(1);
		expect(runtime.live()).toHaveLength(1);
		expect(
			(must(c.api.get(DEPLOYMENTS, 'default', 'reviews-v1')) as Deployment).status
		).toMatchObject({ replicas: 1, readyReplicas: 1 });
		expect(await scale(0)).toBe(0);
		expect(checkInvariants(c.api)).toEqual([]);
	});

	it('rollout restart replaces every pod, deleting old ones only once new ones are ready', async () => {
		const { c, runtime } = await cluster(1, { manual: true });
		must(c.api.apply(deployment('reviews-v1', 2)));
		await ticks();
		runtime.release();
		await c.settle();
		const before = pods(c.api).map((p) => p.metadata.name);
		must(
			c.api.patch(DEPLOYMENTS, 'default', 'reviews-v1', (d) => {
				const t = (d as Deployment).spec.template;
				t.metadata = {
					...t.metadata,
					annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:05:00Z' }
				};
			})
		);
		await ticks();
		// maxSurge 25% of 2 rounds up to 1, maxUnavailable rounds down to 0: one new pod, old ones stay.
		const during = pods(c.api);
		expect(during.filter((p) => before.includes(p.metadata.name))).toHaveLength(2);
		expect(during).toHaveLength(3);
		for (let i = 0; i < 5 && runtime.held().length > 0; i++) {
			runtime.release();
			await ticks();
		}
		await c.settle();
		const after = pods(c.api);
		expect(after).toHaveLength(2);
		expect(after.some((p) => before.includes(p.metadata.name))).toBe(false);
		const sets = c.api.list(REPLICA_SETS, { namespace: 'default' }) as KubeObject[];
		const revisions = sets
			.map((rs) => [
				(rs.spec as { replicas: number }).replicas,
				rs.metadata.annotations?.['deployment.kubernetes.io/revision']
			])
			.sort((a, b) => String(a[1]).localeCompare(String(b[1])));
		expect(revisions).toEqual([
			[0, '1'],
			[2, '2']
		]);
		const d = must(c.api.get(DEPLOYMENTS, 'default', 'reviews-v1')) as Deployment;
		expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
		expect(checkInvariants(c.api)).toEqual([]);
	});

	it('deleting a Deployment deletes its ReplicaSets and pods and stops their hosts', async () => {
		const { c, runtime } = await cluster();
		must(c.api.apply(deployment('reviews-v1', 2)));
		await c.settle();
		must(c.api.delete(DEPLOYMENTS, 'default', 'reviews-v1'));
		await c.settle();
		expect(c.api.list(REPLICA_SETS, { namespace: 'default' })).toEqual([]);
		expect(pods(c.api)).toEqual([]);
		expect(runtime.live()).toEqual([]);
		expect(runtime.stopped).toHaveLength(2);
	});

	it('a pod with an unknown image waits in ErrImagePull', async () => {
		const { c } = await cluster(1, { unknownImages: ['nginx:doesnotexist'] });
		must(c.api.apply(deployment('web', 1, { image: 'nginx:doesnotexist' })));
		await c.settle();
		const p = pods(c.api)[0];
		expect(p?.status?.phase).toBe('Pending');
		expect(p?.status?.containerStatuses?.[0]?.state.waiting).toEqual({
			reason: 'ErrImagePull',
			message:
				'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found'
		});
		const d = must(c.api.get(DEPLOYMENTS, 'default', 'web')) as Deployment;
		expect(d.status?.conditions?.[0]).toMatchObject({
			type: 'Available',
			status: 'False',
			reason: 'MinimumReplicasUnavailable'
		});
		const logs = await c.logs('default', p?.metadata.name ?? '', undefined);
		expect(isApiError(logs) && formatApiError(logs)).toBe(
			`Error from server (BadRequest): container "app" in pod "${p?.metadata.name}" is waiting to start: trying and failing to pull image`
		);
	});
});

describe('services and endpoints', () => {
	it('endpoints and network tables list only ready pods, resolving named target ports', async () => {
		const { c, runtime } = await cluster(1, { manual: true });
		must(c.api.apply(deployment('reviews', 2)));
		must(c.api.apply(service('reviews', [{ name: 'http', port: 9080, targetPort: 'http-web' }])));
		await ticks();
		const svc = must(c.api.get(c.api.resolve('svc')!, 'default', 'reviews')) as KubeObject;
		const vip = (svc.spec as { clusterIP: string }).clusterIP;
		const ep = must(c.api.get(ENDPOINTS, 'default', 'reviews')) as KubeObject & {
			subsets: { addresses?: unknown[]; notReadyAddresses?: unknown[] }[];
		};
		expect(ep.subsets[0]?.addresses).toBeUndefined();
		expect(ep.subsets[0]?.notReadyAddresses).toHaveLength(2);
		expect(runtime.network().dns['reviews.default.svc.cluster.local']).toBe(vip);
		expect(runtime.network().services.find((s) => s.vip === vip)?.endpoints).toEqual([]);

		const first = runtime.held()[0];
		runtime.release((s) => s.id === first?.id);
		await ticks();
		expect(runtime.network().services.find((s) => s.vip === vip)?.endpoints).toEqual([
			{ ip: first?.ip, port: 9080 }
		]);
		runtime.release();
		await c.settle();
		const entry = runtime.network().services.find((s) => s.vip === vip);
		expect(entry).toMatchObject({ port: 9080, service: 'default/reviews' });
		expect(entry?.endpoints.map((e) => e.ip).sort()).toEqual(
			pods(c.api)
				.map((p) => p.status?.podIP)
				.sort()
		);
		expect(checkInvariants(c.api)).toEqual([]);
		// Every push carries a higher version.
		const versions = runtime.networks.map((t) => t.version);
		expect(versions).toEqual([...versions].sort((a, b) => a - b));
		expect(new Set(versions).size).toBe(versions.length);
	});

	it('deleting a Service removes its Endpoints and DNS record', async () => {
		const { c, runtime } = await cluster();
		must(c.api.apply(deployment('ratings', 1)));
		must(c.api.apply(service('ratings', [{ port: 9080 }])));
		await c.settle();
		expect(runtime.network().dns['ratings.default.svc.cluster.local']).toBeDefined();
		must(c.api.delete(c.api.resolve('svc')!, 'default', 'ratings'));
		expect(isApiError(c.api.get(ENDPOINTS, 'default', 'ratings'))).toBe(true);
		expect(runtime.network().dns['ratings.default.svc.cluster.local']).toBeUndefined();
		expect(runtime.network().dns['kubernetes.default.svc.cluster.local']).toBe('10.96.0.1');
	});
});

describe('namespaces', () => {
	it('get a default ServiceAccount, and deleting one removes its pods, services and hosts', async () => {
		const { c, runtime } = await cluster();
		must(c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('shop') }));
		expect(isApiError(c.api.get(c.api.resolve('sa')!, 'shop', 'default'))).toBe(false);
		must(c.api.apply(deployment('cart', 2, { namespace: 'shop' })));
		must(c.api.apply(service('cart', [{ port: 80 }], 'shop')));
		must(c.api.apply(deployment('keep', 1)));
		await c.settle();
		expect(runtime.live()).toHaveLength(3);
		must(c.api.delete(NAMESPACES, undefined, 'shop'));
		await c.settle();
		expect(pods(c.api).map((p) => p.metadata.namespace)).toEqual(['default']);
		expect(runtime.live().map((h) => h.namespace)).toEqual(['default']);
		expect(runtime.network().dns['cart.shop.svc.cluster.local']).toBeUndefined();
		expect(checkInvariants(c.api)).toEqual([]);
		expect(c.errors()).toEqual([]);
	});
});

describe('exec and logs', () => {
	it.each<[string, string, string | undefined, string]>([
		['missing pod', 'nope', undefined, 'Error from server (NotFound): pods "nope" not found'],
		[
			'unknown container',
			'POD',
			'foo',
			'Error from server (BadRequest): container foo is not valid for pod POD'
		]
	])('%s', async (_name, pod, container, expected) => {
		const { c } = await cluster();
		must(c.api.apply(deployment('curl', 1)));
		await c.settle();
		const name = pod === 'POD' ? (pods(c.api)[0]?.metadata.name ?? '') : pod;
		const r = await c.exec('default', name, container, ['curl', '-s', 'x'], '');
		expect(isApiError(r) && formatApiError(r)).toBe(expected.replace('POD', name));
	});

	it('a pod still creating its container cannot be exec-ed into', async () => {
		const { c } = await cluster(1, { manual: true });
		must(c.api.apply(deployment('curl', 1)));
		await ticks();
		const name = pods(c.api)[0]?.metadata.name ?? '';
		const r = await c.exec('default', name, undefined, ['curl'], '');
		expect(isApiError(r) && formatApiError(r)).toBe(
			'error: unable to upgrade connection: container not found ("app")'
		);
		const logs = await c.logs('default', name, 'app');
		expect(isApiError(logs) && formatApiError(logs)).toBe(
			`Error from server (BadRequest): container "app" in pod "${name}" is waiting to start: ContainerCreating`
		);
	});

	it('a running pod runs the command in its host, in the default container', async () => {
		const { c, runtime } = await cluster();
		must(c.api.apply(deployment('curl', 1)));
		await c.settle();
		const name = pods(c.api)[0]?.metadata.name ?? '';
		const r = await c.exec('default', name, undefined, ['curl', '-s', 'http://reviews:9080/'], '');
		expect(r).toMatchObject({
			exitCode: 0,
			stdout: `curl -s http://reviews:9080/ @ default/${name}/app\n`
		});
		expect(runtime.execs).toHaveLength(1);
		expect(await c.logs('default', name, undefined)).toEqual([`log of default/${name}/app`]);
	});
});

describe('checkInvariants', () => {
	it('reports a store that breaks them', () => {
		const pod = (name: string) => ({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: meta(name, {
				ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: 'nope' }]
			}),
			spec: { containers: [{ name: 'c', image: 'i' }], nodeName: 'nowhere' }
		});
		// Controllers would delete an orphan with a missing owner: check the checker on a bare store.
		const raw = createApiServer({ rng: createRng(1), now: () => ms(0) });
		bootstrapApi(raw);
		must(raw.create(pod('a')));
		must(
			raw.patch(
				PODS,
				'default',
				'a',
				(d) => void (d.status = { phase: 'Running', podIP: '10.244.1.2' })
			)
		);
		must(raw.create({ ...pod('b'), metadata: meta('b') }));
		must(
			raw.patch(
				PODS,
				'default',
				'b',
				(d) => void (d.status = { phase: 'Running', podIP: '10.244.1.2' })
			)
		);
		expect(checkInvariants(raw)).toEqual([
			'Pod default/a is owned by ReplicaSet gone, which does not exist',
			'pod IP 10.244.1.2 is used by Pod default/a and Pod default/b'
		]);
	});
});
