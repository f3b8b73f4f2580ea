import { createVfs } from '../../../src/shell/vfs-impl.ts';
import { describe, expect, it } from 'vitest';
import { isApiError } from '../../../src/mesh/api/errors.ts';
import { applyVerb } from '../../../src/shell/kubectl/apply.ts';
import { deleteVerb } from '../../../src/shell/kubectl/delete.ts';
import type { KubectlVerb } from '../../../src/shell/kubectl/verb.ts';
import { SAMPLE_FILES } from '../../../src/shell/samples/index.ts';
import {
	captureIO,
	FakeCluster,
	fakeContext,
	realApi,
	type Captured
} from '../../support/fake-write-api.ts';

const CONFIGMAPS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: a
  labels: {app: x}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: b
  labels: {app: y}
`;

async function setup() {
	const api = realApi();
	const cluster = new FakeCluster(api);
	const ctx = fakeContext(cluster, createVfs(SAMPLE_FILES));
	const run = async (
		argv: string[],
		stdin = '',
		verb: KubectlVerb = deleteVerb
	): Promise<Captured> => {
		const { io, out } = captureIO(stdin);
		const code = await verb.run(argv, io, ctx);
		return { ...out, code };
	};
	await run(['-f', 'samples/bookinfo/platform/kube/bookinfo.yaml'], '', applyVerb);
	await run(['-f', '-'], CONFIGMAPS, applyVerb);
	const names = (typed: string): string[] => {
		const listed = api.list(api.resolve(typed)!, { namespace: 'default' });
		return isApiError(listed) ? [] : listed.map((o) => o.metadata.name);
	};
	return { api, cluster, run, names };
}

describe('kubectl delete', () => {
	it.each([
		{
			argv: ['deployment', 'productpage-v1'],
			stdout: 'deployment.apps "productpage-v1" deleted from default namespace\n'
		},
		{
			argv: ['deploy/details-v1', 'svc/details'],
			stdout:
				'deployment.apps "details-v1" deleted from default namespace\nservice "details" deleted from default namespace\n'
		},
		{
			argv: ['svc', 'details', 'ratings'],
			stdout:
				'service "details" deleted from default namespace\nservice "ratings" deleted from default namespace\n'
		},
		{ argv: ['cm', '-l', 'app=x'], stdout: 'configmap "a" deleted from default namespace\n' },
		{
			argv: ['cm', '--all'],
			stdout:
				'configmap "a" deleted from default namespace\nconfigmap "b" deleted from default namespace\n'
		},
		{ argv: ['cm', '-l', 'app=nothing'], stdout: 'No resources found\n' },
		{ argv: ['deploy/ratings-v1', '-o', 'name'], stdout: 'deployment.apps/ratings-v1\n' },
		{ argv: ['pod', 'ghost', '--ignore-not-found'], stdout: 'No resources found\n' },
		{ argv: ['namespace', 'kube-node-lease'], stdout: 'namespace "kube-node-lease" deleted\n' },
		{
			argv: ['deploy', 'reviews-v1', '--dry-run=client'],
			stdout: 'deployment.apps "reviews-v1" deleted (dry run) from default namespace\n'
		}
	])('delete $argv', async ({ argv, stdout }) => {
		const { run } = await setup();
		const r = await run(argv);
		expect(r).toEqual({ stdout, stderr: '', code: 0 });
	});

	it('removes the objects from the store', async () => {
		const { run, names } = await setup();
		await run(['cm', '-l', 'app=x']);
		expect(names('cm')).not.toContain('a');
		expect(names('cm')).toContain('b');
		await run(['deploy', 'reviews-v1', '--dry-run=client']);
		expect(names('deploy')).toContain('reviews-v1');
	});

	it('deletes what a file describes, then reports each missing object with its source', async () => {
		const { run, names } = await setup();
		const first = await run(['-f', 'samples/bookinfo/platform/kube/bookinfo.yaml']);
		expect(first.code).toBe(0);
		expect(first.stdout.split('\n')[0]).toBe('service "details" deleted from default namespace');
		expect(names('deploy')).toEqual([]);
		const again = await run(['-f', 'samples/bookinfo/platform/kube/bookinfo.yaml']);
		expect(again.stdout).toBe('');
		expect(again.stderr.split('\n')[0]).toBe(
			'Error from server (NotFound): error when deleting "samples/bookinfo/platform/kube/bookinfo.yaml": services "details" not found'
		);
		expect(again.code).toBe(1);
		const ignored = await run([
			'-f',
			'samples/bookinfo/platform/kube/bookinfo.yaml',
			'--ignore-not-found'
		]);
		expect(ignored).toEqual({ stdout: 'No resources found\n', stderr: '', code: 0 });
	});

	it('deletes the found ones and reports the missing ones after them', async () => {
		const { run } = await setup();
		const r = await run(['svc', 'ghost', 'details']);
		expect(r.stdout).toBe('service "details" deleted from default namespace\n');
		expect(r.stderr).toBe('Error from server (NotFound): services "ghost" not found\n');
		expect(r.code).toBe(1);
	});

	it.each([
		{
			argv: ['deployment'],
			stderr: 'error: resource(s) were provided, but no name was specified\n'
		},
		{
			argv: [],
			stderr:
				"error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n"
		},
		{ argv: ['pod', 'x'], stderr: 'Error from server (NotFound): pods "x" not found\n' },
		{
			argv: ['cm', '--all', '-l', 'app=x'],
			stderr: 'error: cannot set --all and --selector at the same time\n'
		},
		{ argv: ['foo', 'x'], stderr: 'error: the server doesn\'t have a resource type "foo"\n' },
		{ argv: ['-f', 'nope.yaml'], stderr: 'error: the path "nope.yaml" does not exist\n' },
		{
			argv: ['cm', 'a', '-l', 'app=x'],
			stderr: 'error: name cannot be provided when a selector is specified\n'
		}
	])('delete $argv fails', async ({ argv, stderr }) => {
		const { run } = await setup();
		const r = await run(argv);
		expect(r.stderr).toBe(stderr);
		expect(r.stdout).toBe('');
		expect(r.code).toBe(1);
	});
});
