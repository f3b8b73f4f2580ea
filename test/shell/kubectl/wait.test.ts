import { describe, expect, it } from 'vitest';
import { isApiError } from '../../../src/mesh/api/errors.ts';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { rolloutVerb } from '../../../src/shell/kubectl/rollout.ts';
import { scaleVerb } from '../../../src/shell/kubectl/scale.ts';
import type { KubectlVerb } from '../../../src/shell/kubectl/verb.ts';
import { parseGoDuration, waitVerb } from '../../../src/shell/kubectl/wait.ts';
import {
	captureIO,
	deployment,
	FakeApi,
	FakeCluster,
	fakeContext,
	pod,
	type Captured
} from '../../support/fake-write-api.ts';

function setup() {
	const api = new FakeApi();
	api.seed(pod('productpage-v1-abc', { app: 'productpage' }, { ready: false }));
	api.seed(deployment('productpage-v1', { app: 'productpage' }, { available: false }));
	api.seed(deployment('curl', { app: 'curl' }));
	const cluster = new FakeCluster(api);
	const ctx = fakeContext(cluster);
	const run = async (verb: KubectlVerb, argv: string[]): Promise<Captured> => {
		const { io, out } = captureIO();
		const code = await verb.run(argv, io, ctx);
		return { ...out, code };
	};
	/** From `at` ms of sim time on, the pod and the deployment are ready. */
	const readyAt = (at: number) => {
		cluster.onTick = (c) => {
			if (c.time < at) return;
			api.seed(pod('productpage-v1-abc', { app: 'productpage' }, { ready: true }));
			api.seed(deployment('productpage-v1', { app: 'productpage' }, { available: true }));
		};
	};
	return { api, cluster, ctx, run, readyAt };
}

describe('kubectl wait', () => {
	it.each([
		{
			argv: ['--for=condition=Ready', 'pod', '-l', 'app=productpage', '--timeout=60s'],
			stdout: 'pod/productpage-v1-abc condition met\n'
		},
		{
			argv: ['--for=condition=available', 'deployment/productpage-v1'],
			stdout: 'deployment.apps/productpage-v1 condition met\n'
		},
		{
			argv: ['--for', 'condition=Available', 'deploy', '--all'],
			stdout: 'deployment.apps/curl condition met\ndeployment.apps/productpage-v1 condition met\n'
		}
	])('waits in sim time: $argv', async ({ argv, stdout }) => {
		const { cluster, run, readyAt } = setup();
		readyAt(2_000);
		expect(await run(waitVerb, argv)).toEqual({ stdout, stderr: '', code: 0 });
		expect(cluster.time).toBeGreaterThanOrEqual(2_000);
		expect(cluster.time).toBeLessThan(3_000);
	});

	it('times out at the deadline with kubectl’s message', async () => {
		const { cluster, run } = setup();
		expect(
			await run(waitVerb, ['--for=condition=Ready', 'pod/productpage-v1-abc', '--timeout=5s'])
		).toEqual({
			stdout: '',
			stderr: 'error: timed out waiting for the condition on pods/productpage-v1-abc\n',
			code: 1
		});
		expect(cluster.time).toBe(5_000);
	});

	it('waits for deletion', async () => {
		const { api, cluster, run } = setup();
		cluster.onTick = (c) => {
			if (c.time >= 1_000) api.delete(api.resolve('pods')!, 'default', 'productpage-v1-abc');
		};
		expect(
			await run(waitVerb, ['--for=delete', 'pod/productpage-v1-abc', '--timeout=30s'])
		).toEqual({
			stdout: 'pod/productpage-v1-abc condition met\n',
			stderr: '',
			code: 0
		});
	});

	it('stops on Ctrl-C with 130', async () => {
		const { ctx, run } = setup();
		ctx.controller.abort();
		expect((await run(waitVerb, ['--for=condition=Ready', 'pod/productpage-v1-abc'])).code).toBe(
			130
		);
	});

	it.each([
		{ argv: ['pod/productpage-v1-abc'], stderr: 'error: --for must be specified\n' },
		{ argv: ['--for=ready', 'pod/x'], stderr: 'error: unrecognized condition: "ready"\n' },
		{
			argv: ['--for=condition=Ready', 'pod/x', '--timeout=60'],
			stderr: 'error: time: missing unit in duration "60"\n'
		},
		{
			argv: ['--for=condition=Ready', 'pod', '-l', 'app=none'],
			stderr: 'error: no matching resources found\n'
		},
		{
			argv: ['--for=condition=Ready', 'pod'],
			stderr: 'error: resource(s) were provided, but no name was specified\n'
		},
		{
			argv: ['--for=condition=Ready', 'pod/ghost'],
			stderr: 'Error from server (NotFound): pods "ghost" not found\n'
		}
	])('wait $argv fails', async ({ argv, stderr }) => {
		const { run } = setup();
		expect(await run(waitVerb, argv)).toEqual({ stdout: '', stderr, code: 1 });
	});

	it.each([
		['30s', 30_000],
		['1m30s', 90_000],
		['500ms', 500],
		['2h', 7_200_000],
		['0', 0],
		['-1s', -1_000],
		['abc', 'time: invalid duration "abc"']
	])('parses Go duration %s', (text, expected) => {
		expect(parseGoDuration(text)).toBe(expected);
	});
});

describe('kubectl scale', () => {
	it('sets spec.replicas', async () => {
		const { api, run } = setup();
		expect(await run(scaleVerb, ['deploy/curl', '--replicas=3'])).toEqual({
			stdout: 'deployment.apps/curl scaled\n',
			stderr: '',
			code: 0
		});
		const d = api.get(api.resolve('deploy')!, 'default', 'curl');
		expect(
			isApiError(d) ? undefined : (d as KubeObject & { spec: { replicas: number } }).spec.replicas
		).toBe(3);
		expect((await run(scaleVerb, ['deployment', 'curl', '--replicas', '0'])).stdout).toBe(
			'deployment.apps/curl scaled\n'
		);
	});

	it.each([
		{ argv: ['deploy/curl'], stderr: 'error: required flag(s) "replicas" not set\n' },
		{
			argv: ['deploy/curl', '--replicas=-1'],
			stderr:
				'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n'
		},
		{
			argv: ['deploy/curl', '--replicas=2', '--current-replicas=5'],
			stderr: 'error: Expected replicas to be 5, was 1\n'
		},
		{
			argv: ['deploy/ghost', '--replicas=2'],
			stderr: 'Error from server (NotFound): deployments.apps "ghost" not found\n'
		},
		{
			argv: ['pod/productpage-v1-abc', '--replicas=2'],
			stderr: 'Error from server (NotFound): the server could not find the requested resource\n'
		}
	])('scale $argv fails', async ({ argv, stderr }) => {
		const { run } = setup();
		expect(await run(scaleVerb, argv)).toEqual({ stdout: '', stderr, code: 1 });
	});
});

describe('kubectl rollout', () => {
	const restartedAt = (api: FakeApi, name: string): string | undefined => {
		const d = api.get(api.resolve('deploy')!, 'default', name) as KubeObject & {
			spec: { template: { metadata?: { annotations?: Record<string, string> } } };
		};
		return d.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'];
	};

	it('restarts one deployment, or all of a namespace', async () => {
		const { api, cluster, run } = setup();
		cluster.time = 61_000;
		expect(await run(rolloutVerb, ['restart', 'deploy/curl'])).toEqual({
			stdout: 'deployment.apps/curl restarted\n',
			stderr: '',
			code: 0
		});
		expect(restartedAt(api, 'curl')).toBe('2026-01-01T00:01:01Z');
		expect(restartedAt(api, 'productpage-v1')).toBeUndefined();
		cluster.time = 62_000;
		expect((await run(rolloutVerb, ['restart', 'deployment'])).stdout).toBe(
			'deployment.apps/curl restarted\ndeployment.apps/productpage-v1 restarted\n'
		);
		expect(restartedAt(api, 'productpage-v1')).toBe('2026-01-01T00:01:02Z');
	});

	it('reports rollout progress until the deployment is available', async () => {
		const { api, cluster, run } = setup();
		const d = deployment('productpage-v1', { app: 'productpage' }, { available: false });
		(d['status'] as { updatedReplicas: number }).updatedReplicas = 0;
		api.seed(d);
		cluster.onTick = (c) => {
			if (c.time >= 1_000 && c.time < 2_000)
				api.seed(deployment('productpage-v1', { app: 'productpage' }, { available: false }));
			if (c.time >= 2_000)
				api.seed(deployment('productpage-v1', { app: 'productpage' }, { available: true }));
		};
		expect(await run(rolloutVerb, ['status', 'deploy/productpage-v1'])).toEqual({
			stdout: [
				'Waiting for deployment "productpage-v1" rollout to finish: 0 out of 1 new replicas have been updated...',
				'Waiting for deployment "productpage-v1" rollout to finish: 0 of 1 updated replicas are available...',
				'deployment "productpage-v1" successfully rolled out',
				''
			].join('\n'),
			stderr: '',
			code: 0
		});
	});

	it('says an available deployment is rolled out at once', async () => {
		const { run } = setup();
		expect(await run(rolloutVerb, ['status', 'deployment', 'curl'])).toEqual({
			stdout: 'deployment "curl" successfully rolled out\n',
			stderr: '',
			code: 0
		});
	});

	// The multicluster pages' `kubectl --context "${CTX}" rollout status …`: cobra finds the
	// subcommand past the global flags.
	it.each([
		['-n', 'default', 'status', 'deploy/curl'],
		['--namespace=default', 'status', 'deploy/curl'],
		['--context', 'kind-cluster1', 'status', 'deploy/curl']
	])('finds the subcommand after global flags: %j', async (...argv) => {
		const { run } = setup();
		expect((await run(rolloutVerb, argv)).stdout).toBe(
			'deployment "curl" successfully rolled out\n'
		);
	});

	it.each([
		{
			argv: ['undo-all', 'deploy/curl'],
			stderr: 'error: unknown command "undo-all" for "kubectl rollout"\n'
		},
		{
			argv: ['restart', 'deploy/ghost'],
			stderr: 'Error from server (NotFound): deployments.apps "ghost" not found\n'
		},
		{ argv: ['restart', 'pod/productpage-v1-abc'], stderr: 'error: restarting is not supported\n' },
		{
			argv: ['status', 'deploy/productpage-v1', '--timeout=3s'],
			stderr: 'error: timed out waiting for the condition\n'
		}
	])('rollout $argv fails', async ({ argv, stderr }) => {
		const { run } = setup();
		const r = await run(rolloutVerb, argv);
		expect(r.stderr).toBe(stderr);
		expect(r.code).toBe(1);
	});
});
