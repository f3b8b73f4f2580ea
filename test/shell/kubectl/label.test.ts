import { createVfs } from '../../../src/shell/vfs-impl.ts';
import { describe, expect, it } from 'vitest';
import type { ApiServer } from '../../../src/mesh/api/api-server.ts';
import { isApiError } from '../../../src/mesh/api/errors.ts';
import { annotateVerb } from '../../../src/shell/kubectl/annotate.ts';
import { applyVerb } from '../../../src/shell/kubectl/apply.ts';
import { labelVerb } from '../../../src/shell/kubectl/label.ts';
import type { KubectlVerb } from '../../../src/shell/kubectl/verb.ts';
import { SAMPLE_FILES } from '../../../src/shell/samples/index.ts';
import {
	captureIO,
	FakeCluster,
	fakeContext,
	realApi,
	type Captured
} from '../../support/fake-write-api.ts';

async function setup() {
	const api = realApi();
	const ctx = fakeContext(new FakeCluster(api), createVfs(SAMPLE_FILES));
	const run = async (verb: KubectlVerb, argv: string[], stdin = ''): Promise<Captured> => {
		const { io, out } = captureIO(stdin);
		const code = await verb.run(argv, io, ctx);
		return { ...out, code };
	};
	await run(applyVerb, ['-f', 'samples/curl/curl.yaml']);
	return { api, run };
}

function metaOf(
	api: ApiServer,
	typed: string,
	ns: string | undefined,
	name: string,
	field: 'labels' | 'annotations'
) {
	const o = api.get(api.resolve(typed)!, ns, name);
	return isApiError(o) ? undefined : o.metadata[field];
}

describe('kubectl label', () => {
	it('labels, refuses to overwrite, overwrites, and removes', async () => {
		const { api, run } = await setup();
		const steps: [string[], Captured][] = [
			[
				['namespace', 'default', 'istio.io/dataplane-mode=ambient'],
				{ stdout: 'namespace/default labeled\n', stderr: '', code: 0 }
			],
			[
				['namespace', 'default', 'istio.io/dataplane-mode=ambient'],
				{
					stdout: '',
					stderr:
						"error: 'istio.io/dataplane-mode' already has a value (ambient), and --overwrite is false\n",
					code: 1
				}
			],
			[
				['ns', 'default', 'istio.io/dataplane-mode=ambient', '--overwrite'],
				{ stdout: 'namespace/default not labeled\n', stderr: '', code: 0 }
			],
			[
				['ns/default', 'istio.io/dataplane-mode=none', '--overwrite'],
				{ stdout: 'namespace/default labeled\n', stderr: '', code: 0 }
			],
			[
				['namespace', 'default', 'istio.io/dataplane-mode-'],
				{ stdout: 'namespace/default unlabeled\n', stderr: '', code: 0 }
			],
			[
				['namespace', 'default', 'istio.io/use-waypoint-'],
				{
					stdout: 'label "istio.io/use-waypoint" not found.\nnamespace/default not labeled\n',
					stderr: '',
					code: 0
				}
			]
		];
		const labels: unknown[] = [];
		for (const [argv, expected] of steps) {
			expect(await run(labelVerb, argv), argv.join(' ')).toEqual(expected);
			labels.push(metaOf(api, 'ns', undefined, 'default', 'labels')?.['istio.io/dataplane-mode']);
		}
		expect(labels).toEqual(['ambient', 'ambient', 'ambient', 'none', undefined, undefined]);
	});

	it('labels every object with --all, or those a selector picks', async () => {
		const { api, run } = await setup();
		expect((await run(labelVerb, ['svc', '--all', 'team=mesh'])).stdout).toBe(
			'service/curl labeled\nservice/kubernetes labeled\n'
		);
		expect((await run(labelVerb, ['svc', '-l', 'app=curl', 'tier=client'])).stdout).toBe(
			'service/curl labeled\n'
		);
		expect(metaOf(api, 'svc', 'default', 'curl', 'labels')).toMatchObject({
			team: 'mesh',
			tier: 'client'
		});
		expect(metaOf(api, 'svc', 'default', 'kubernetes', 'labels')).not.toHaveProperty('tier');
		expect((await run(labelVerb, ['deploy/curl', 'x=y', '-o', 'name'])).stdout).toBe(
			'deployment.apps/curl\n'
		);
	});

	it.each([
		{ argv: ['namespace', 'default'], stderr: 'error: at least one label update is required\n' },
		{
			argv: ['a=b'],
			stderr:
				'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n'
		},
		{
			argv: ['ns', 'default', 'a=b', 'extra'],
			stderr: 'error: all resources must be specified before label changes: extra\n'
		},
		{ argv: ['ns', 'default', 'a=b=c'], stderr: 'error: invalid label spec: a=b=c\n' },
		{
			argv: ['ns', 'default', 'a=b', 'a-'],
			stderr: 'error: can not both modify and remove a label in the same command\n'
		},
		{
			argv: ['ns', 'default', 'a=-bad-'],
			stderr: /^error: invalid label value: "a=-bad-": a valid label must be/
		},
		{
			argv: ['ns', 'ghost', 'a=b'],
			stderr: 'Error from server (NotFound): namespaces "ghost" not found\n'
		},
		{
			argv: ['svc', 'a=b'],
			stderr: 'error: resource(s) were provided, but no name was specified\n'
		},
		{
			argv: ['svc', '--all', '-l', 'x=y', 'a=b'],
			stderr: 'error: cannot set --all and --selector at the same time\n'
		}
	])('label $argv fails', async ({ argv, stderr }) => {
		const { run } = await setup();
		const r = await run(labelVerb, argv);
		if (typeof stderr === 'string') expect(r.stderr).toBe(stderr);
		else expect(r.stderr).toMatch(stderr);
		expect(r.code).toBe(1);
	});
});

describe('kubectl annotate', () => {
	it('annotates, refuses to overwrite, overwrites, and removes', async () => {
		const { api, run } = await setup();
		const key = 'networking.istio.io/service-type';
		expect(await run(annotateVerb, ['svc', 'curl', `${key}=ClusterIP`])).toEqual({
			stdout: 'service/curl annotated\n',
			stderr: '',
			code: 0
		});
		expect(await run(annotateVerb, ['svc', 'curl', `${key}=NodePort`])).toEqual({
			stdout: '',
			stderr: `error: --overwrite is false but found the following declared annotation(s): '${key}' already has a value (ClusterIP)\n`,
			code: 1
		});
		expect(metaOf(api, 'svc', 'default', 'curl', 'annotations')?.[key]).toBe('ClusterIP');
		expect((await run(annotateVerb, ['svc/curl', `${key}=a=b`, '--overwrite'])).stdout).toBe(
			'service/curl annotated\n'
		);
		expect(metaOf(api, 'svc', 'default', 'curl', 'annotations')?.[key]).toBe('a=b');
		expect((await run(annotateVerb, ['svc/curl', `${key}-`])).stdout).toBe(
			'service/curl annotated\n'
		);
		expect(metaOf(api, 'svc', 'default', 'curl', 'annotations')?.[key]).toBeUndefined();
	});

	it.each([
		{ argv: ['svc', 'curl'], stderr: 'error: at least one annotation update is required\n' },
		{
			argv: ['svc', 'curl', 'a=b', 'a-'],
			stderr:
				'error: can not both modify and remove the following annotation(s) in the same command: a\n'
		}
	])('annotate $argv fails', async ({ argv, stderr }) => {
		const { run } = await setup();
		expect(await run(annotateVerb, argv)).toEqual({ stdout: '', stderr, code: 1 });
	});
});
