/**
 * Issue 18 (red team): objects the API server must refuse, and sizes it must take quickly.
 * - High: a Pod whose `ports:` is a mapping was accepted, and once a Service selected it by a
 *   named targetPort the endpoints controller threw on every pass, so no Service got endpoints.
 * - Medium: `kubectl apply` of a ConfigMap with 30k keys took 69 s (quadratic duplicate keys).
 * - Low: a 10 MB ConfigMap was accepted; a malformed clusterIP printed `[object Object]`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControllerManager, reconcileEach } from '../../src/mesh/cluster/controller.ts';
import type { SimCluster } from '../../src/mesh/cluster/create.ts';
import type { Playground } from '../../src/shell/playground.ts';
import { playground } from '../support/playground.ts';

let pg: Playground;

beforeAll(async () => {
	pg = await playground('inprocess', 'empty', 1);
});

afterAll(async () => {
	await pg.cluster.dispose();
});

async function run(source: string, stdin = ''): Promise<{ code: number; out: string }> {
	let out = '';
	const code = await pg.shell.execute(source, {
		stdin,
		stdout: (t) => (out += t),
		stderr: (t) => (out += t)
	});
	return { code, out };
}

const POD_WITH_PORT_MAP = `apiVersion: v1
kind: Pod
metadata:
  name: mapped
  labels: {app: web}
spec:
  containers:
  - name: web
    image: nginx
    ports:
      http:
        containerPort: 80
`;

const GOOD_POD = `apiVersion: v1
kind: Pod
metadata:
  name: good
  labels: {app: web}
spec:
  containers:
  - name: web
    image: nginx
    ports:
    - name: http
      containerPort: 80
`;

const SERVICE_BY_NAMED_PORT = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: http
`;

describe('objects of the wrong shape', () => {
	it('refuses a Pod whose ports are a mapping, as the API server decoder does', async () => {
		const r = await run('kubectl apply -f -', POD_WITH_PORT_MAP);
		expect(r.code).toBe(1);
		expect(r.out).toBe(
			'Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal object into Go struct field Container.spec.containers.ports of type []v1.ContainerPort\n'
		);
		expect((await run('kubectl get pod mapped')).out).toBe(
			'Error from server (NotFound): pods "mapped" not found\n'
		);
	});

	it('refuses the same mistake in a Deployment template and a containerPort string', async () => {
		const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: mapped
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        ports: {containerPort: 80}
`;
		expect((await run('kubectl apply -f -', deployment)).out).toContain(
			'json: cannot unmarshal object into Go struct field Container.spec.template.spec.containers.ports of type []v1.ContainerPort'
		);
		const stringPort = GOOD_POD.replace('containerPort: 80', 'containerPort: "eighty"');
		expect((await run('kubectl apply -f -', stringPort)).out).toContain(
			'json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32'
		);
	});

	it('gives a Service selecting pods by a named target port its endpoints', async () => {
		await run('kubectl apply -f -', POD_WITH_PORT_MAP);
		expect((await run('kubectl apply -f -', GOOD_POD)).code).toBe(0);
		expect((await run('kubectl apply -f -', SERVICE_BY_NAMED_PORT)).code).toBe(0);
		const ep = await run(
			'kubectl get endpoints web -o jsonpath={.subsets[0].ports[0].port} 2>/dev/null'
		);
		expect(ep.out).toBe('80');
		expect((pg.cluster as SimCluster).errors()).toEqual([]);
	});

	it('names the wrong type of a clusterIP instead of printing [object Object]', async () => {
		const svc = SERVICE_BY_NAMED_PORT.replace('name: web', 'name: odd').replace(
			'spec:\n',
			'spec:\n  clusterIP: {a: 1}\n'
		);
		expect((await run('kubectl apply -f -', svc)).out).toBe(
			'Error from server (BadRequest): error when creating "STDIN": Service in version "v1" cannot be handled as a Service: json: cannot unmarshal object into Go struct field ServiceSpec.spec.clusterIP of type string\n'
		);
	});
});

describe('a controller and one bad object', () => {
	it('reconciles every other object and reports the one that threw', () => {
		const seen: string[] = [];
		const objects = ['a', 'bad', 'c'].map((name) => ({ metadata: { name, namespace: 'ns' } }));
		const controller = {
			name: 'test',
			wants: () => false,
			sync: () =>
				reconcileEach(objects, (o) => {
					if (o.metadata.name === 'bad') throw new TypeError('c.ports is not iterable');
					seen.push(o.metadata.name);
				})
		};
		const manager = new ControllerManager(pg.cluster.api, [controller]);
		manager.poke(controller);
		expect(seen).toEqual(['a', 'c']);
		expect(manager.errors).toEqual(['test: ns/bad: c.ports is not iterable']);
	});
});

describe('ConfigMap sizes', () => {
	const manyKeys = (name: string, n: number): string => {
		let yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n`;
		for (let i = 0; i < n; i++) yaml += `  k${i}: v\n`;
		return yaml;
	};

	it('creates a ConfigMap with 30,000 keys', async () => {
		const r = await run('kubectl create -f -', manyKeys('many', 30_000));
		expect(r).toEqual({ code: 0, out: 'configmap/many created\n' });
		expect((await run('kubectl get cm many -o jsonpath={.data.k29999}')).out).toBe('v');
	});

	it('refuses the same keys through apply for the annotation limit, as kubectl apply does', async () => {
		const r = await run('kubectl apply -f -', manyKeys('applied', 30_000));
		expect(r.out).toBe(
			'The ConfigMap "applied" is invalid: metadata.annotations: Too long: must have at most 262144 bytes\n'
		);
	});

	it('still finds a duplicate key among 30,000', async () => {
		const r = await run('kubectl create -f -', manyKeys('dup', 30_000) + '  k7: again\n');
		expect(r.out).toBe(
			'error: error parsing STDIN: error converting YAML to JSON: yaml: unmarshal errors:\n  line 30006: key "k7" already set in map\n'
		);
	});

	it('refuses a ConfigMap over 1 MiB as the API server does', async () => {
		const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  k: ${'a'.repeat(10 * 1024 * 1024)}\n`;
		const r = await run('kubectl create -f -', big);
		expect(r.out).toBe(
			'The ConfigMap "big" is invalid: []: Too long: must have at most 1048576 bytes\n'
		);
		expect((await run('kubectl get cm big')).code).toBe(1);
	});
});
