import { describe, expect, it } from 'vitest';
import { bootstrapApi } from '../../../src/mesh/api/bootstrap.ts';
import { createApiServer } from '../../../src/mesh/api/store.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { ms } from '../../../src/mesh/types.ts';
import { kubectlCommand } from '../../../src/shell/kubectl/index.ts';
import { at, fakeContext, runCommand, type RunResult } from '../../support/fake-api.ts';
import { bookinfoApi } from './read-fixtures.ts';

/** Runs `kubectl …` against the bookinfo fixture, 138 s after everything was created. */
async function kubectl(args: string | string[], nowSeconds = 138): Promise<RunResult> {
	const argv = typeof args === 'string' ? args.split(' ').filter((a) => a !== '') : args;
	return runCommand(kubectlCommand, fakeContext(bookinfoApi(), nowSeconds), argv);
}

const lines = (...l: string[]): string => l.join('\n') + '\n';

describe('kubectl get tables', () => {
	const cases: { name: string; args: string; stdout: string }[] = [
		{
			name: 'pods: READY, STATUS from container state, AGE from the sim clock',
			args: 'get pods',
			stdout: lines(
				'NAME                             READY   STATUS              RESTARTS   AGE',
				'details-v1-cf74bb974-nw94k       0/1     ContainerCreating   0          2m18s',
				'productpage-v1-87d54dd59-wl7qf   1/1     Running             0          2m18s'
			)
		},
		{
			name: 'pods -o wide adds IP, NODE, NOMINATED NODE, READINESS GATES',
			args: 'get po -o wide',
			stdout: lines(
				'NAME                             READY   STATUS              RESTARTS   AGE     IP           NODE             NOMINATED NODE   READINESS GATES',
				'details-v1-cf74bb974-nw94k       0/1     ContainerCreating   0          2m18s   <none>       ambient-worker   <none>           <none>',
				'productpage-v1-87d54dd59-wl7qf   1/1     Running             0          2m18s   10.244.1.5   ambient-worker   <none>           <none>'
			)
		},
		{
			name: '-A adds NAMESPACE first',
			args: 'get pods -A',
			stdout: lines(
				'NAMESPACE      NAME                             READY   STATUS              RESTARTS   AGE',
				'default        details-v1-cf74bb974-nw94k       0/1     ContainerCreating   0          2m18s',
				'default        productpage-v1-87d54dd59-wl7qf   1/1     Running             0          2m18s',
				'istio-system   ztunnel-c2z4s                    1/1     Running             2          2m18s'
			)
		},
		{
			name: 'nodes: roles and version',
			args: 'get nodes',
			stdout: lines(
				'NAME                    STATUS   ROLES           AGE     VERSION',
				'ambient-control-plane   Ready    control-plane   2m18s   v1.34.0',
				'ambient-worker          Ready    <none>          2m18s   v1.34.0'
			)
		},
		{
			name: 'nodes -o wide',
			args: 'get no ambient-worker -o wide',
			stdout: lines(
				'NAME             STATUS   ROLES    AGE     VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME',
				'ambient-worker   Ready    <none>   2m18s   v1.34.0   172.18.0.3    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-1-amd64    containerd://2.1.3'
			)
		},
		{
			name: 'services',
			args: 'get svc',
			stdout: lines(
				'NAME          TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)    AGE',
				'details       ClusterIP   10.96.12.7    <none>        9080/TCP   2m18s',
				'productpage   ClusterIP   10.96.58.95   <none>        9080/TCP   2m18s'
			)
		},
		{
			name: 'deployments by TYPE/NAME',
			args: 'get deploy/productpage-v1',
			stdout: lines(
				'NAME             READY   UP-TO-DATE   AVAILABLE   AGE',
				'productpage-v1   1/1     1            1           2m18s'
			)
		},
		{
			name: 'replicasets',
			args: 'get rs',
			stdout: lines(
				'NAME                       DESIRED   CURRENT   READY   AGE',
				'productpage-v1-87d54dd59   1         1         1       2m18s'
			)
		},
		{
			name: 'namespaces with -L: the label key’s last segment, upper-cased',
			args: 'get ns -L istio.io/dataplane-mode',
			stdout: lines(
				'NAME           STATUS   AGE     DATAPLANE-MODE',
				'default        Active   2m18s   ambient',
				'istio-system   Active   2m18s   '
			)
		},
		{
			name: '--show-labels: sorted key=value, last column',
			args: 'get svc productpage --show-labels',
			stdout: lines(
				'NAME          TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)    AGE     LABELS',
				'productpage   ClusterIP   10.96.58.95   <none>        9080/TCP   2m18s   app=productpage,service=productpage'
			)
		},

		{
			name: 'several types: one block each, kind-prefixed names, blank line between',
			args: 'get deploy,svc',
			stdout: lines(
				'NAME                             READY   UP-TO-DATE   AVAILABLE   AGE',
				'deployment.apps/productpage-v1   1/1     1            1           2m18s',
				'',
				'NAME                  TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)    AGE',
				'service/details       ClusterIP   10.96.12.7    <none>        9080/TCP   2m18s',
				'service/productpage   ClusterIP   10.96.58.95   <none>        9080/TCP   2m18s'
			)
		},
		{
			name: 'label selector and --no-headers',
			args: 'get pods -l app=productpage --no-headers',
			stdout: lines('productpage-v1-87d54dd59-wl7qf   1/1   Running   0     2m18s')
		},
		{
			name: 'flags before the verb (cobra finds the verb anyway)',
			args: '-n istio-system get pods',
			stdout: lines(
				'NAME            READY   STATUS    RESTARTS   AGE',
				'ztunnel-c2z4s   1/1     Running   2          2m18s'
			)
		}
	];
	it("endpoints: the table, after the API server's deprecation warning", async () => {
		const r = await kubectl('get ep');
		expect(r.stderr).toBe(
			'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n'
		);
		expect(r.code).toBe(0);
		expect(r.stdout).toBe(
			lines('NAME          ENDPOINTS         AGE', 'productpage   10.244.1.5:9080   2m18s')
		);
	});

	it.each(cases)('$name', async ({ args, stdout }) => {
		const r = await kubectl(args);
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		expect(r.stdout).toBe(stdout);
	});

	it('AGE follows the clock: 10m, 3h4m, 2d3h', async () => {
		const ages = [];
		for (const s of [600, 3 * 3600 + 4 * 60, 51 * 3600])
			ages.push((await kubectl('get ns default --no-headers', s)).stdout);
		expect(ages).toEqual([
			'default   Active   10m\n',
			'default   Active   3h4m\n',
			'default   Active   2d3h\n'
		]);
	});
});

describe('kubectl get generic output', () => {
	it('-o name prints kind/name, with the group for non-core kinds', async () => {
		expect((await kubectl('get pods -o name')).stdout).toBe(
			'pod/details-v1-cf74bb974-nw94k\npod/productpage-v1-87d54dd59-wl7qf\n'
		);
		expect((await kubectl('get deploy -o name')).stdout).toBe('deployment.apps/productpage-v1\n');
	});

	it('-o yaml of one object: sorted keys, quoted timestamps, unindented sequences', async () => {
		const r = await kubectl('get svc details -o yaml');
		expect(r.stdout).toBe(
			lines(
				'apiVersion: v1',
				'kind: Service',
				'metadata:',
				'  creationTimestamp: "2026-01-01T00:00:00Z"',
				'  labels:',
				'    app: details',
				'    service: details',
				'  name: details',
				'  namespace: default',
				'  resourceVersion: "100"',
				'  uid: uid-details',
				'spec:',
				'  clusterIP: 10.96.12.7',
				'  clusterIPs:',
				'  - 10.96.12.7',
				'  ports:',
				'  - name: http',
				'    port: 9080',
				'    protocol: TCP',
				'    targetPort: 9080',
				'  selector:',
				'    app: details',
				'  type: ClusterIP'
			)
		);
	});

	it('-o yaml of a list wraps items in a v1 List', async () => {
		const r = await kubectl('get ns -o yaml');
		expect(
			r.stdout.startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Namespace\n')
		).toBe(true);
		expect(r.stdout.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true);
	});

	it('-o json uses 4-space indentation and a List for several objects', async () => {
		const r = await kubectl('get ep -o json');
		const parsed = JSON.parse(r.stdout) as { kind: string; items: unknown[]; metadata: unknown };
		expect(parsed.kind).toBe('List');
		expect(parsed.items).toHaveLength(1);
		expect(parsed.metadata).toEqual({ resourceVersion: '' });
		expect(r.stdout).toContain('\n    "items": [\n        {\n            "apiVersion": "v1",');
	});

	it('-o jsonpath over a list and over one object', async () => {
		const list = await kubectl(['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}']);
		expect(list.stdout).toBe('details-v1-cf74bb974-nw94k productpage-v1-87d54dd59-wl7qf');
		const one = await kubectl([
			'get',
			'pod',
			'productpage-v1-87d54dd59-wl7qf',
			'-o',
			'jsonpath={.status.podIP}'
		]);
		expect(one.stdout).toBe('10.244.1.5');
		const range = await kubectl([
			'get',
			'pods',
			'-A',
			'-o',
			'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}'
		]);
		expect(range.stdout).toBe(
			'default/details-v1-cf74bb974-nw94k\ndefault/productpage-v1-87d54dd59-wl7qf\nistio-system/ztunnel-c2z4s\n'
		);
	});

	it('-o custom-columns prints <none> for missing values', async () => {
		const r = await kubectl([
			'get',
			'pods',
			'-o',
			'custom-columns=NAME:.metadata.name,IP:.status.podIP'
		]);
		expect(r.stdout).toBe(
			lines(
				'NAME                             IP',
				'details-v1-cf74bb974-nw94k       <none>',
				'productpage-v1-87d54dd59-wl7qf   10.244.1.5'
			)
		);
	});
});

describe('kubectl get errors', () => {
	const cases: { name: string; args: string; stdout?: string; stderr: string; code: number }[] = [
		{
			name: 'unknown type',
			args: 'get foo',
			stderr: 'error: the server doesn\'t have a resource type "foo"\n',
			code: 1
		},
		{
			name: 'unknown flag',
			args: 'get pods --foo',
			stderr: "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n",
			code: 1
		},
		{
			name: 'not found',
			args: 'get pod nope',
			stderr: 'Error from server (NotFound): pods "nope" not found\n',
			code: 1
		},
		{
			name: 'not found, grouped kind',
			args: 'get deploy nope',
			stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
			code: 1
		},
		{
			name: 'name with -A',
			args: 'get pods -A productpage',
			stderr: 'error: a resource cannot be retrieved by name across all namespaces\n',
			code: 1
		},
		{
			name: 'empty namespace',
			args: 'get pods -n empty',
			stderr: 'No resources found in empty namespace.\n',
			code: 0
		},
		{
			name: 'empty, all namespaces',
			args: 'get deploy -A -l app=nope',
			stderr: 'No resources found\n',
			code: 0
		},
		{ name: 'ignore-not-found', args: 'get pod nope --ignore-not-found', stderr: '', code: 0 },
		{
			name: 'bad output format',
			args: 'get pods -o xml',
			stderr:
				'error: unable to match a printer suitable for the output format "xml", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n',
			code: 1
		},
		{
			name: 'slash form mixed with a type',
			args: 'get pods pod/x',
			stderr:
				"error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n",
			code: 1
		},
		{
			// cobra SuggestionsFor: Levenshtein distance ≤ 2, so `set` is suggested too.
			name: 'unknown verb with a suggestion',
			args: 'gett pods',
			stderr:
				'error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tget\n\tset\nRun \'kubectl --help\' for usage.\n',
			code: 1
		}
	];
	it.each(cases)('$name', async ({ args, stderr, code }) => {
		const r = await kubectl(args);
		expect(r.stderr).toBe(stderr);
		expect(r.code).toBe(code);
		expect(r.stdout).toBe('');
	});

	it('prints what it found, then the NotFound error', async () => {
		const r = await kubectl('get svc nope details');
		expect(r.stdout).toBe(
			lines(
				'NAME      TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)    AGE',
				'details   ClusterIP   10.96.12.7   <none>        9080/TCP   2m18s'
			)
		);
		expect(r.stderr).toBe('Error from server (NotFound): services "nope" not found\n');
		expect(r.code).toBe(1);
	});

	it('get without a type explains what is missing', async () => {
		const r = await kubectl('get');
		expect(r.stderr).toContain('error: Required resource not specified.');
		expect(r.code).toBe(1);
	});

	it('kubectl alone prints the usage summary with get and describe', async () => {
		const r = await kubectl('');
		expect(r.stdout).toMatch(/^kubectl controls the Kubernetes cluster manager\./);
		expect(r.stdout).toContain('  get             Display one or many resources\n');
		expect(r.stdout).toContain(
			'  describe        Show details of a specific resource or group of resources\n'
		);
	});
});

describe('kubectl version, api-resources, config', () => {
	it('version', async () => {
		expect((await kubectl('version')).stdout).toBe(
			'Client Version: v1.34.1\nKustomize Version: v5.7.1\nServer Version: v1.34.0\n'
		);
	});
	// The admissionregistration.k8s.io rows are the widest, as on a v1.34 server.
	it('api-resources is sorted by group, then name', async () => {
		const out = (await kubectl('api-resources')).stdout.split('\n');
		expect(out[0]).toBe(
			'NAME                              SHORTNAMES   APIVERSION                        NAMESPACED   KIND'
		);
		expect(out[1]).toBe(
			'configmaps                        cm           v1                                true         ConfigMap'
		);
		expect(
			out.indexOf(
				'deployments                       deploy       apps/v1                           true         Deployment'
			)
		).toBeGreaterThan(out.findIndex((l) => l.startsWith('services ')));
	});
	it('set-context --current --namespace changes the default namespace of get', async () => {
		const ctx = fakeContext(bookinfoApi(), 138);
		const set = await runCommand(
			kubectlCommand,
			ctx,
			'config set-context --current --namespace=istio-system'
		);
		expect(set.stdout).toBe('Context "kind-ambient" modified.\n');
		const r = await runCommand(kubectlCommand, ctx, 'get pods -o name');
		expect(r.stdout).toBe('pod/ztunnel-c2z4s\n');
		expect((await runCommand(kubectlCommand, ctx, 'config get-contexts')).stdout).toBe(
			lines(
				'CURRENT   NAME           CLUSTER        AUTHINFO       NAMESPACE',
				'*         kind-ambient   kind-ambient   kind-ambient   istio-system'
			)
		);
	});
});

describe('against the real API server (store.ts)', () => {
	async function real(): Promise<{
		run: (a: string) => Promise<RunResult>;
		tick: (s: number) => void;
	}> {
		let now = 0;
		const api = createApiServer({ rng: createRng(1), now: () => ms(now) });
		bootstrapApi(api);
		const ctx = fakeContext(api, 0);
		const cluster = { ...ctx.cluster, now: () => ms(now) };
		const c = { ...ctx, cluster };
		return { run: (a) => runCommand(kubectlCommand, c, a), tick: (s) => void (now += s * 1000) };
	}

	it('lists the bootstrap namespaces and the kubernetes service with real ages', async () => {
		const k = await real();
		k.tick(42);
		expect((await k.run('get ns')).stdout).toBe(
			lines(
				'NAME              STATUS   AGE',
				'default           Active   42s',
				'kube-node-lease   Active   42s',
				'kube-public       Active   42s',
				'kube-system       Active   42s'
			)
		);
		expect((await k.run('get svc')).stdout).toBe(
			lines(
				'NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
				'kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   42s'
			)
		);
		const d = await k.run('describe svc kubernetes');
		expect(d.stdout).toContain('TargetPort:               6443/TCP\n');
		expect((await k.run('get pods')).stderr).toBe('No resources found in default namespace.\n');
		expect((await k.run('get pod nope')).stderr).toBe(
			'Error from server (NotFound): pods "nope" not found\n'
		);
	});
});

describe('categories and CRD columns', () => {
	it('get all prints every workload kind with kind-prefixed names', async () => {
		const r = await kubectl('get all');
		expect(r.stdout).toBe(
			lines(
				'NAME                                 READY   STATUS              RESTARTS   AGE',
				'pod/details-v1-cf74bb974-nw94k       0/1     ContainerCreating   0          2m18s',
				'pod/productpage-v1-87d54dd59-wl7qf   1/1     Running             0          2m18s',
				'',
				'NAME                  TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)    AGE',
				'service/details       ClusterIP   10.96.12.7    <none>        9080/TCP   2m18s',
				'service/productpage   ClusterIP   10.96.58.95   <none>        9080/TCP   2m18s',
				'',
				'NAME                             READY   UP-TO-DATE   AVAILABLE   AGE',
				'deployment.apps/productpage-v1   1/1     1            1           2m18s',
				'',
				'NAME                                       DESIRED   CURRENT   READY   AGE',
				'replicaset.apps/productpage-v1-87d54dd59   1         1         1       2m18s'
			)
		);
	});

	it('a CRD kind uses the CRD’s additionalPrinterColumns (priority > 0 only with -o wide)', async () => {
		const gateways = {
			plural: 'gateways',
			singular: 'gateway',
			kind: 'Gateway',
			group: 'gateway.networking.k8s.io',
			version: 'v1',
			shortNames: ['gtw'],
			namespaced: true
		};
		const meta = (name: string, namespace?: string) => ({
			name,
			...(namespace ? { namespace } : {}),
			uid: name,
			resourceVersion: '1',
			creationTimestamp: at(0)
		});
		const api = bookinfoApi()
			.serve(gateways)
			.add(
				{
					apiVersion: 'apiextensions.k8s.io/v1',
					kind: 'CustomResourceDefinition',
					metadata: meta('gateways.gateway.networking.k8s.io'),
					spec: {
						versions: [
							{
								name: 'v1',
								additionalPrinterColumns: [
									{ name: 'Class', type: 'string', jsonPath: '.spec.gatewayClassName' },
									{ name: 'Address', type: 'string', jsonPath: '.status.addresses[*].value' },
									{
										name: 'Programmed',
										type: 'string',
										jsonPath: '.status.conditions[?(@.type=="Programmed")].status'
									},
									{
										name: 'Listeners',
										type: 'integer',
										jsonPath: '.spec.listeners[*].port',
										priority: 1
									},
									{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }
								]
							}
						]
					}
				},
				{
					apiVersion: 'gateway.networking.k8s.io/v1',
					kind: 'Gateway',
					metadata: meta('waypoint', 'default'),
					spec: {
						gatewayClassName: 'istio-waypoint',
						listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }]
					},
					status: {
						addresses: [{ value: '10.96.58.95' }],
						conditions: [{ type: 'Programmed', status: 'True' }]
					}
				}
			);
		const ctx = fakeContext(api, 42);
		expect((await runCommand(kubectlCommand, ctx, 'get gtw')).stdout).toBe(
			lines(
				'NAME       CLASS            ADDRESS       PROGRAMMED   AGE',
				'waypoint   istio-waypoint   10.96.58.95   True         42s'
			)
		);
		expect((await runCommand(kubectlCommand, ctx, 'get gtw -o wide')).stdout).toBe(
			lines(
				'NAME       CLASS            ADDRESS       PROGRAMMED   LISTENERS   AGE',
				'waypoint   istio-waypoint   10.96.58.95   True         15008       42s'
			)
		);
		expect((await runCommand(kubectlCommand, ctx, 'get crd')).stdout).toBe(
			lines(
				'NAME                                 CREATED AT',
				'gateways.gateway.networking.k8s.io   2026-01-01T00:00:00Z'
			)
		);
	});
});
