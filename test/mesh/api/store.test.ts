import { describe, expect, it } from 'vitest';
import type { ResourceType, WatchEvent } from '../../../src/mesh/api/api-server.ts';
import { bootstrapApi } from '../../../src/mesh/api/bootstrap.ts';
import {
	DEPLOYMENTS,
	NAMESPACES,
	PODS,
	SERVICES,
	CONFIG_MAPS
} from '../../../src/mesh/api/builtin-resources.ts';
import { formatApiError, isApiError, type ApiError } from '../../../src/mesh/api/errors.ts';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { createApiServer } from '../../../src/mesh/api/store.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { ms } from '../../../src/mesh/types.ts';

function server(seed = 1) {
	let now = 0;
	const api = createApiServer({ rng: createRng(seed), now: () => ms(now) });
	bootstrapApi(api);
	return { api, tick: (n: number) => (now += n) };
}

const meta = (name: string, extra: Record<string, unknown> = {}) =>
	({ name, ...extra }) as KubeObject['metadata'];
const pod = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
	apiVersion: 'v1',
	kind: 'Pod',
	metadata: meta(name, extra),
	spec: { containers: [{ name: 'curl', image: 'curlimages/curl' }] }
});
const service = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
	apiVersion: 'v1',
	kind: 'Service',
	metadata: meta(name),
	spec: { selector: { app: name }, ports: [{ port: 80, name: 'http' }], ...spec }
});
const deployment = (
	name: string,
	labels: Record<string, string>,
	selector: Record<string, string>
): KubeObject => ({
	apiVersion: 'apps/v1',
	kind: 'Deployment',
	metadata: meta(name),
	spec: {
		selector: { matchLabels: selector },
		template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } }
	}
});

const message = (r: unknown): string => (isApiError(r) ? formatApiError(r) : 'no error');
const snapshot = (api: ReturnType<typeof server>['api']) =>
	api.resources().map((t: ResourceType) => JSON.stringify(api.list(t)));

describe('a fresh API server', () => {
	it('has the system namespaces, labelled with their names', () => {
		const { api } = server();
		const ns = api.list(NAMESPACES) as KubeObject[];
		expect(ns.map((n) => n.metadata.name)).toEqual([
			'default',
			'kube-node-lease',
			'kube-public',
			'kube-system'
		]);
		for (const n of ns)
			expect(n.metadata.labels?.['kubernetes.io/metadata.name']).toBe(n.metadata.name);
		expect(ns[0]?.status).toEqual({ phase: 'Active' });
	});

	it('has the kubernetes Service on 10.96.0.1:443', () => {
		const { api } = server();
		const svc = api.get(SERVICES, 'default', 'kubernetes') as KubeObject;
		expect(svc.spec).toMatchObject({
			clusterIP: '10.96.0.1',
			ports: [{ port: 443, targetPort: 6443 }]
		});
	});
});

describe('CRUD errors use kubectl wording', () => {
	it.each<[string, (api: ReturnType<typeof server>['api']) => unknown, string]>([
		[
			'get a missing pod',
			(api) => api.get(PODS, 'default', 'x'),
			'Error from server (NotFound): pods "x" not found'
		],
		[
			'get a missing deployment',
			(api) => api.get(DEPLOYMENTS, 'default', 'x'),
			'Error from server (NotFound): deployments.apps "x" not found'
		],
		[
			'delete a missing service',
			(api) => api.delete(SERVICES, 'default', 'x'),
			'Error from server (NotFound): services "x" not found'
		],
		[
			'create in a missing namespace',
			(api) => api.create(pod('p', { namespace: 'nope' })),
			'Error from server (NotFound): namespaces "nope" not found'
		],
		[
			'create twice',
			(api) => (api.create(pod('p')), api.create(pod('p'))),
			'Error from server (AlreadyExists): pods "p" already exists'
		],
		[
			'create a deployment twice',
			(api) => (
				api.create(deployment('d', { app: 'd' }, { app: 'd' })),
				api.create(deployment('d', { app: 'd' }, { app: 'd' }))
			),
			'Error from server (AlreadyExists): deployments.apps "d" already exists'
		],
		[
			'update a missing pod',
			(api) => api.update(pod('p')),
			'Error from server (NotFound): pods "p" not found'
		],
		[
			'delete default',
			(api) => api.delete(NAMESPACES, undefined, 'default'),
			'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted'
		],
		[
			'stale resourceVersion',
			(api) => {
				const p = api.create(pod('p')) as KubeObject;
				api.patch(PODS, 'default', 'p', (d) => ((d.metadata.labels = { a: 'b' }), undefined));
				return api.update(p);
			},
			'Error from server (Conflict): Operation cannot be fulfilled on pods "p": the object has been modified; please apply your changes to the latest version and try again'
		]
	])('%s', (_name, run, expected) => {
		expect(message(run(server().api))).toBe(expected);
	});
});

describe('validation', () => {
	const subdomain =
		"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
	it.each<[string, KubeObject, string]>([
		[
			'upper-case pod name',
			pod('Foo'),
			`The Pod "Foo" is invalid: metadata.name: Invalid value: "Foo": ${subdomain}`
		],
		[
			'service name starting with a digit',
			service('1web'),
			`The Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`
		],
		[
			'namespace with a dot',
			{ apiVersion: 'v1', kind: 'Namespace', metadata: meta('a.b') },
			`The Namespace "a.b" is invalid: metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
		],
		[
			'label key with a space',
			pod('p', { labels: { 'bad key': 'x' } }),
			`The Pod "p" is invalid: metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`
		],
		[
			'label value ending in a dash',
			pod('p', { labels: { app: 'web-' } }),
			`The Pod "p" is invalid: metadata.labels: Invalid value: "web-": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`
		],
		[
			'service without ports',
			{ ...service('web'), spec: { selector: { app: 'web' } } },
			'The Service "web" is invalid: spec.ports: Required value'
		],
		[
			'service with a bad port',
			service('web', { ports: [{ port: 0 }] }),
			'The Service "web" is invalid: \n* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n* spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive'
		],
		[
			'two unnamed service ports',
			service('web', { ports: [{ port: 80 }, { port: 81 }] }),
			'The Service "web" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value'
		],
		[
			'deployment whose selector misses the template',
			deployment('d', { app: 'y' }, { app: 'x' }),
			'The Deployment "d" is invalid: spec.template.metadata.labels: Invalid value: {"app":"y"}: `selector` does not match template `labels`'
		],
		[
			'deployment without selector',
			{
				...deployment('d', { app: 'x' }, {}),
				spec: {
					template: {
						metadata: { labels: { app: 'x' } },
						spec: { containers: [{ name: 'a', image: 'b' }] }
					}
				}
			},
			'The Deployment "d" is invalid: spec.selector: Required value'
		],
		[
			'pod without containers',
			{ ...pod('p'), spec: { containers: [] } },
			'The Pod "p" is invalid: spec.containers: Required value'
		],
		[
			'container without image',
			{ ...pod('p'), spec: { containers: [{ name: 'a' }] } },
			'The Pod "p" is invalid: spec.containers[0].image: Required value'
		],
		[
			'service with a clusterIP outside the range',
			service('web', { clusterIP: '10.0.0.5' }),
			'The Service "web" is invalid: spec.clusterIPs: Invalid value: ["10.0.0.5"]: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/16'
		],
		[
			'service with a taken clusterIP',
			service('web', { clusterIP: '10.96.0.1' }),
			'The Service "web" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.1"]: failed to allocate IP 10.96.0.1: provided IP is already allocated'
		]
	])('%s is Invalid and leaves the store unchanged', (_name, object, expected) => {
		const { api } = server();
		const before = snapshot(api);
		const r = api.create(object);
		expect(isApiError(r) && r.reason).toBe('Invalid');
		expect((r as ApiError).message).toBe(expected);
		expect(snapshot(api)).toEqual(before);
		const applied = api.apply(object);
		expect((applied as ApiError).message).toBe(expected);
		expect(snapshot(api)).toEqual(before);
	});

	it('a Service keeps its clusterIP: changing it is Invalid, omitting it keeps it', () => {
		const { api } = server();
		const created = api.create(service('web', { clusterIP: '10.96.0.50' })) as KubeObject;
		expect(created.spec).toMatchObject({ clusterIP: '10.96.0.50', clusterIPs: ['10.96.0.50'] });
		const changed = api.patch(SERVICES, 'default', 'web', (d) => {
			(d.spec as Record<string, unknown>).clusterIP = '10.96.0.51';
		});
		expect(message(changed)).toBe(
			'The Service "web" is invalid: spec.clusterIPs[0]: Invalid value: ["10.96.0.51"]: may not change once set'
		);
		const applied = api.apply(service('web'));
		expect(applied).toMatchObject({
			outcome: 'configured',
			object: { spec: { clusterIP: '10.96.0.50' } }
		});
	});

	it('allocates distinct ClusterIPs from 10.96.0.0/16, the same ones for the same seed', () => {
		const ips = (seed: number) => {
			const { api } = server(seed);
			return ['a', 'b', 'c', 'd'].map(
				(n) => ((api.create(service(n)) as KubeObject).spec as { clusterIP: string }).clusterIP
			);
		};
		const first = ips(3);
		expect(new Set(first).size).toBe(4);
		for (const ip of first) expect(ip).toMatch(/^10\.96\.\d{1,3}\.\d{1,3}$/);
		expect(ips(3)).toEqual(first);
		expect(ips(4)).not.toEqual(first);
	});
});

describe('writes', () => {
	it('assigns uid, a rising resourceVersion, generation and a sim-time creationTimestamp', () => {
		const { api, tick } = server();
		tick(65_000);
		const a = api.create(pod('a')) as KubeObject;
		const b = api.create(pod('b')) as KubeObject;
		expect(a.metadata.uid).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
		);
		expect(a.metadata.uid).not.toBe(b.metadata.uid);
		expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
		expect(a.metadata.creationTimestamp).toBe('2026-01-01T00:01:05Z');
		expect(a.metadata.generation).toBe(1);
	});

	it('bumps generation on spec changes only', () => {
		const { api } = server();
		api.create(deployment('d', { app: 'd' }, { app: 'd' }));
		const labelled = api.patch(
			DEPLOYMENTS,
			'default',
			'd',
			(o) => void (o.metadata.labels = { x: 'y' })
		) as KubeObject;
		expect(labelled.metadata.generation).toBe(1);
		const scaled = api.patch(
			DEPLOYMENTS,
			'default',
			'd',
			(o) => void ((o.spec as { replicas: number }).replicas = 3)
		) as KubeObject;
		expect(scaled.metadata.generation).toBe(2);
	});

	it('a write that changes nothing stores nothing and emits nothing', () => {
		const { api } = server();
		const created = api.create(pod('p')) as KubeObject;
		const events: WatchEvent[] = [];
		api.watch((e) => events.push(e));
		const same = api.patch(PODS, 'default', 'p', () => undefined) as KubeObject;
		expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
		expect(events).toEqual([]);
	});

	it('apply reports created, unchanged, configured, and drops fields the last apply set', () => {
		const { api } = server();
		const cm = (data: Record<string, string>, labels?: Record<string, string>): KubeObject => ({
			apiVersion: 'v1',
			kind: 'ConfigMap',
			metadata: meta('cfg', labels ? { labels } : {}),
			data
		});
		expect(api.apply(cm({ a: '1', b: '2' }, { tier: 'x' }))).toMatchObject({ outcome: 'created' });
		expect(api.apply(cm({ a: '1', b: '2' }, { tier: 'x' }))).toMatchObject({
			outcome: 'unchanged'
		});
		api.patch(
			CONFIG_MAPS,
			'default',
			'cfg',
			(o) => void (o.metadata.labels = { ...o.metadata.labels, extra: 'kept' })
		);
		const r = api.apply(cm({ a: '1' }, { tier: 'y' }));
		expect(r).toMatchObject({ outcome: 'configured' });
		const live = api.get(CONFIG_MAPS, 'default', 'cfg') as KubeObject;
		expect(live.data).toEqual({ a: '1' });
		expect(live.metadata.labels).toEqual({ tier: 'y', extra: 'kept' });
		expect(live.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBe(
			'{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"labels":{"tier":"y"},"name":"cfg","namespace":"default"}}\n'
		);
	});

	it('deleting a namespace deletes everything in it, with DELETED events after the fact', () => {
		const { api } = server();
		api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('shop') });
		api.create(pod('p', { namespace: 'shop' }));
		api.create({ ...service('web'), metadata: meta('web', { namespace: 'shop' }) });
		api.create(pod('keep'));
		const events: string[] = [];
		api.watch((e) => {
			events.push(`${e.type} ${e.object.kind}/${e.object.metadata.name}`);
			// Listeners see the namespace already gone even for the first event.
			expect(isApiError(api.get(NAMESPACES, undefined, 'shop'))).toBe(true);
		});
		api.delete(NAMESPACES, undefined, 'shop');
		expect(events).toEqual(['DELETED Pod/p', 'DELETED Service/web', 'DELETED Namespace/shop']);
		expect((api.list(PODS) as KubeObject[]).map((p) => p.metadata.name)).toEqual(['keep']);
		expect(message(api.create(pod('q', { namespace: 'shop' })))).toBe(
			'Error from server (NotFound): namespaces "shop" not found'
		);
	});

	it('watch events arrive in write order, even when a listener writes', () => {
		const { api } = server();
		const seen: string[][] = [[], []];
		api.watch((e) => {
			seen[0]?.push(`${e.type} ${e.object.metadata.name}`);
			if (e.object.metadata.name === 'a' && e.type === 'ADDED') api.create(pod('b'));
		});
		api.watch((e) => seen[1]?.push(`${e.type} ${e.object.metadata.name}`));
		api.create(pod('a'));
		expect(seen[0]).toEqual(['ADDED a', 'ADDED b']);
		expect(seen[1]).toEqual(['ADDED a', 'ADDED b']);
	});

	it('returns copies: changing a result does not change the store', () => {
		const { api } = server();
		const p = api.create(pod('p')) as KubeObject;
		p.metadata.labels = { hacked: 'yes' };
		const got = api.get(PODS, 'default', 'p') as KubeObject;
		expect(got.metadata.labels).toBeUndefined();
	});
});
