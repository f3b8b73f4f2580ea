import { createVfs } from '../../../src/shell/vfs-impl.ts';
import { describe, expect, it } from 'vitest';
import type { ApiServer } from '../../../src/mesh/api/api-server.ts';
import { isApiError } from '../../../src/mesh/api/errors.ts';
import { applyVerb } from '../../../src/shell/kubectl/apply.ts';
import { createVerb } from '../../../src/shell/kubectl/create.ts';
import { urlToVfsPath } from '../../../src/shell/kubectl/manifests.ts';
import { SAMPLE_FILES } from '../../../src/shell/samples/index.ts';
import {
	captureIO,
	FakeCluster,
	fakeContext,
	realApi,
	type Captured
} from '../../support/fake-write-api.ts';

function setup(files: Record<string, string> = {}) {
	const api = realApi();
	const cluster = new FakeCluster(api);
	const ctx = fakeContext(cluster, createVfs({ ...SAMPLE_FILES, ...files }));
	const run = async (argv: string[], stdin = '', verb = applyVerb): Promise<Captured> => {
		const { io, out } = captureIO(stdin);
		const code = await verb.run(argv, io, ctx);
		return { ...out, code };
	};
	return { api, cluster, ctx, run };
}

/** Every stored object as `kind/ns/name`, to prove a failed apply changed nothing. */
function snapshot(api: ApiServer): string[] {
	const out: string[] = [];
	for (const t of api.resources()) {
		const listed = api.list(t);
		if (isApiError(listed)) continue;
		for (const o of listed)
			out.push(
				`${t.plural}/${o.metadata.namespace ?? ''}/${o.metadata.name}@${o.metadata.resourceVersion}`
			);
	}
	return out.sort();
}

const POLICY = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: productpage-ztunnel
spec:
  action: ALLOW
`;

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: authorizationpolicies.security.istio.io
spec:
  group: security.istio.io
  names:
    kind: AuthorizationPolicy
    listKind: AuthorizationPolicyList
    plural: authorizationpolicies
    singular: authorizationpolicy
    shortNames: [ap]
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;

describe('kubectl apply', () => {
	it('creates bookinfo, then reports it unchanged, then configured after an edit', async () => {
		const { run } = setup();
		const first = await run(['-f', 'samples/bookinfo/platform/kube/bookinfo.yaml']);
		expect(first.stderr).toBe('');
		expect(first.code).toBe(0);
		expect(first.stdout.split('\n').slice(0, 4)).toEqual([
			'service/details created',
			'serviceaccount/bookinfo-details created',
			'deployment.apps/details-v1 created',
			'service/ratings created'
		]);
		expect(first.stdout).toContain('deployment.apps/productpage-v1 created\n');
		expect(first.stdout.trim().split('\n')).toHaveLength(14);

		const second = await run(['-f', 'samples/bookinfo/platform/kube/bookinfo.yaml']);
		expect(second.stdout).toContain('serviceaccount/bookinfo-productpage unchanged\n');
		expect(second.stdout).not.toContain('created');

		const edited = (SAMPLE_FILES['samples/bookinfo/platform/kube/bookinfo.yaml'] as string).replace(
			'  name: productpage\n  labels:\n    app: productpage\n',
			'  name: productpage\n  labels:\n    app: productpage\n    tier: web\n'
		);
		const third = await run(['-f', '-'], edited);
		expect(third.stdout).toContain('service/productpage configured\n');
		expect(third.stdout).toContain('service/details unchanged\n');
	});

	it('applies a heredoc from stdin and repeated -f, with -o name', async () => {
		const { run } = setup();
		const heredoc = `apiVersion: v1
kind: Namespace
metadata:
  name: istio-system
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: curl
  namespace: istio-system
`;
		const r = await run(['-f', '-', '-f', 'samples/curl/curl.yaml', '-o', 'name'], heredoc);
		expect(r.stdout).toBe(
			[
				'namespace/istio-system',
				'serviceaccount/curl',
				'serviceaccount/curl',
				'service/curl',
				'deployment.apps/curl',
				''
			].join('\n')
		);
	});

	it('applies every yaml file of a directory, and URLs from the VFS table', async () => {
		const url =
			'https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.0/experimental-install.yaml';
		const { run } = setup({
			'manifests/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
			'manifests/b.yml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
			'manifests/notes.txt': 'not yaml',
			[urlToVfsPath(url)]: CRD
		});
		const dir = await run(['-f', 'manifests']);
		expect(dir.stdout).toBe('configmap/a created\nconfigmap/b created\n');
		const fromUrl = await run(['--server-side', '-f', url]);
		expect(fromUrl.stdout).toBe(
			'customresourcedefinition.apiextensions.k8s.io/authorizationpolicies.security.istio.io serverside-applied\n'
		);
		const policy = await run(['-f', '-'], POLICY);
		expect(policy.stdout).toBe(
			'authorizationpolicy.security.istio.io/productpage-ztunnel created\n'
		);
	});

	it('honours --dry-run=client without storing anything', async () => {
		const { api, run } = setup();
		const before = snapshot(api);
		const r = await run(['-f', 'samples/curl/curl.yaml', '--dry-run=client']);
		expect(r.stdout).toContain('deployment.apps/curl created (dry run)\n');
		expect(snapshot(api)).toEqual(before);
	});

	it.each([
		{
			name: 'YAML syntax error',
			stdin: 'apiVersion: v1\nkind: Pod\nmetadata: name: x\n',
			argv: ['-f', '-'],
			stderr:
				'error: error parsing STDIN: error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context\n'
		},
		{
			name: 'syntax error counted from its document',
			stdin: '# a comment-only document\n---\nkind: x\nmetadata: name: x\n',
			argv: ['-f', '-'],
			stderr:
				'error: error parsing STDIN: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context\n'
		},
		{
			name: 'tab indentation',
			stdin: 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n',
			argv: ['-f', '-'],
			stderr:
				'error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: found character that cannot start any token\n'
		},
		{
			name: 'duplicate key',
			stdin: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nkind: Service\n',
			argv: ['-f', '-'],
			stderr:
				'error: error parsing STDIN: error converting YAML to JSON: yaml: unmarshal errors:\n  line 5: key "kind" already set in map\n'
		},
		{
			name: 'missing kind',
			stdin: 'apiVersion: v1\nmetadata:\n  name: x\n',
			argv: ['-f', '-'],
			stderr:
				'error: error validating "STDIN": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n'
		},
		{
			name: 'missing apiVersion and kind',
			stdin: 'metadata:\n  name: x\n',
			argv: ['-f', '-'],
			stderr:
				'error: error validating "STDIN": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false\n'
		},
		{
			name: 'unknown kind',
			stdin: 'apiVersion: example.com/v1\nkind: Foo\nmetadata:\n  name: x\n',
			argv: ['-f', '-'],
			stderr:
				'error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Foo" in version "example.com/v1"\nensure CRDs are installed first\n'
		},
		{
			name: 'CRD kind before its CRD exists',
			stdin: POLICY,
			argv: ['-f', '-'],
			stderr:
				'error: resource mapping not found for name: "productpage-ztunnel" namespace: "" from "STDIN": no matches for kind "AuthorizationPolicy" in version "security.istio.io/v1"\nensure CRDs are installed first\n'
		},
		{
			name: 'missing file',
			stdin: '',
			argv: ['-f', 'nope.yaml'],
			stderr: 'error: the path "nope.yaml" does not exist\n'
		},
		{
			name: 'missing file among good ones applies nothing',
			stdin: '',
			argv: ['-f', 'samples/curl/curl.yaml', '-f', 'nope.yaml'],
			stderr: 'error: the path "nope.yaml" does not exist\n'
		},
		{
			name: 'namespace mismatch with -n',
			stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: kube-system\n',
			argv: ['-f', '-', '-n', 'default'],
			stderr:
				'error: the namespace from the provided object "kube-system" does not match the namespace "default". You must pass \'--namespace=kube-system\' to perform this operation.\n'
		},
		{
			name: 'empty input',
			stdin: '# nothing\n',
			argv: ['-f', '-'],
			stderr: 'error: no objects passed to apply\n'
		},
		{
			name: 'no -f',
			stdin: '',
			argv: [],
			stderr: 'error: must specify one of -f and -k\n'
		},
		{
			name: 'unknown URL',
			stdin: '',
			argv: ['-f', 'https://example.com/x.yaml'],
			stderr:
				'error: unable to read URL "https://example.com/x.yaml", server reported 404 Not Found, status code=404\n'
		}
	])('$name: exact error, exit 1, store unchanged', async ({ stdin, argv, stderr }) => {
		const { api, run } = setup();
		const before = snapshot(api);
		const r = await run(argv, stdin);
		expect(r.stderr).toBe(stderr);
		expect(r.stdout).toBe('');
		expect(r.code).toBe(1);
		expect(snapshot(api)).toEqual(before);
	});

	it('applies the documents before a syntax error, as the kubectl stream decoder does', async () => {
		const { run } = setup();
		const r = await run(
			['-f', '-'],
			'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\nkind: x\nmetadata: name: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: never\n'
		);
		expect(r.stdout).toBe('configmap/ok created\n');
		expect(r.stderr).toBe(
			'error: error parsing STDIN: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context\n'
		);
		expect(r.code).toBe(1);
	});

	it('continues past a bad document and exits 1 at the end', async () => {
		const { api, run } = setup();
		const stdin = `apiVersion: v1
kind: ConfigMap
metadata:
  name: first
---
apiVersion: example.com/v1
kind: Foo
metadata:
  name: x
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: last
`;
		const r = await run(['-f', '-'], stdin);
		expect(r.stdout).toBe('configmap/first created\nconfigmap/last created\n');
		expect(r.stderr).toMatch(/^error: resource mapping not found for name: "x"/);
		expect(r.code).toBe(1);
		const cms = api.list(api.resolve('cm')!, { namespace: 'default' });
		expect(isApiError(cms) ? [] : cms.map((o) => o.metadata.name)).toEqual(['first', 'last']);
	});

	it('stores nothing for an object the server rejects, and says why', async () => {
		const { api, run } = setup();
		const before = snapshot(api);
		const r = await run(
			['-f', '-'],
			'apiVersion: v1\nkind: Service\nmetadata:\n  name: bad\nspec:\n  ports:\n  - port: 99999\n'
		);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/^The Service "bad" is invalid: /);
		expect(snapshot(api)).toEqual(before);
	});

	it('reports a manifest without a name as kubectl does', async () => {
		const { run } = setup();
		const r = await run(['-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n');
		expect(r.stderr).toContain('from server for: "STDIN": resource name may not be empty');
		expect(r.code).toBe(1);
	});

	it('filters documents with -l', async () => {
		const { run } = setup();
		const r = await run([
			'-f',
			'samples/bookinfo/platform/kube/bookinfo.yaml',
			'-l',
			'app=reviews,version=v3'
		]);
		expect(r.stdout).toBe('deployment.apps/reviews-v3 created\n');
	});
});

describe('kubectl create', () => {
	it.each([
		{ argv: ['namespace', 'demo'], stdout: 'namespace/demo created\n' },
		{ argv: ['ns', 'demo'], stdout: 'namespace/demo created\n' },
		{ argv: ['serviceaccount', 'curl'], stdout: 'serviceaccount/curl created\n' },
		{
			argv: ['deployment', 'web', '--image=docker.io/library/nginx:1.27'],
			stdout: 'deployment.apps/web created\n'
		}
	])('create $argv', async ({ argv, stdout }) => {
		const { run } = setup();
		const r = await run(argv, '', createVerb);
		expect(r).toEqual({ stdout, stderr: '', code: 0 });
	});

	it('builds the deployment kubectl would', async () => {
		const { api, run } = setup();
		await run(
			['deployment', 'web', '--image=curlimages/curl', '--replicas=2', '--port=8080'],
			'',
			createVerb
		);
		const d = api.get(api.resolve('deploy')!, 'default', 'web');
		expect(isApiError(d)).toBe(false);
		const spec = (d as unknown as { spec: Record<string, unknown> }).spec;
		expect(spec['replicas']).toBe(2);
		expect(spec['selector']).toEqual({ matchLabels: { app: 'web' } });
		expect(JSON.stringify(spec['template'])).toContain('"name":"curl","image":"curlimages/curl"');
	});

	it.each([
		{
			argv: ['namespace'],
			stderr:
				"error: exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples\n"
		},
		{ argv: ['deployment', 'web'], stderr: 'error: required flag(s) "image" not set\n' },
		{
			argv: ['namespace', 'default'],
			stderr: 'Error from server (AlreadyExists): namespaces "default" already exists\n'
		}
	])('create $argv fails', async ({ argv, stderr }) => {
		const { run } = setup();
		const r = await run(argv, '', createVerb);
		expect(r.stderr).toBe(stderr);
		expect(r.code).toBe(1);
	});

	it('create -f reports AlreadyExists with the source', async () => {
		const { run } = setup();
		await run(['-f', 'samples/curl/curl.yaml'], '', createVerb);
		const again = await run(['-f', 'samples/curl/curl.yaml'], '', createVerb);
		expect(again.stderr).toContain(
			'Error from server (AlreadyExists): error when creating "samples/curl/curl.yaml": serviceaccounts "curl" already exists\n'
		);
		expect(again.code).toBe(1);
	});

	it('prints the generated object with --dry-run=client -o yaml, zero values as Go marshals them', async () => {
		const { run } = setup();
		const r = await run(['namespace', 'demo', '--dry-run=client', '-o', 'yaml'], '', createVerb);
		expect(r.stdout).toBe(
			'apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: demo\nspec: {}\nstatus: {}\n'
		);
	});
});
