import { describe, expect, it } from 'vitest';
import { apiError } from '../../../src/mesh/api/errors.ts';
import type { Pod } from '../../../src/mesh/api/objects.ts';
import { ms } from '../../../src/mesh/types.ts';
import { echo } from '../../../src/shell/builtins/echo.ts';
import { grep } from '../../../src/shell/builtins/grep.ts';
import { seq } from '../../../src/shell/builtins/seq.ts';
import type { Command } from '../../../src/shell/command.ts';
import { Shell } from '../../../src/shell/interpreter.ts';
import { execVerb, pickPod } from '../../../src/shell/kubectl/exec.ts';
import { logsVerb } from '../../../src/shell/kubectl/logs.ts';
import { createRegistry } from '../../../src/shell/registry.ts';
import { createVfs } from '../../../src/shell/vfs-impl.ts';
import {
	captureIO,
	deployment,
	FakeApi,
	FakeCluster,
	fakeContext,
	pod,
	type Captured,
	type ExecFn
} from '../../support/fake-write-api.ts';

/** A pod's programs as the test sees them: curl answers with alternating reviews versions. */
function podPrograms(): ExecFn {
	let n = 0;
	return async (_ns, podName, _c, argv) => {
		const done = (stdout: string, exitCode = 0, stderr = '') => ({
			stdout,
			stderr,
			exitCode,
			finishedAt: ms(0)
		});
		switch (argv[0]) {
			case 'curl':
				if (argv.includes('http://nowhere')) return done('', 6);
				if (argv.includes('http://reset')) return done('', 56);
				return done(`<html>\n<u>reviews-v${(n++ % 2) + 1}-abc</u>\n</html>\n`);
			case 'hostname':
				return done(`${podName}\n`);
			case 'cat':
				return done('', 1, 'cat: /nope: No such file or directory\n');
			case 'sh':
			case '/bin/sh':
				// kubectl exec's probe that the image has this shell (an empty script).
				return done('');
			default:
				return apiError(
					'BadRequest',
					`Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "0123abcd": OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown`
				);
		}
	};
}

function setup() {
	const api = new FakeApi();
	api.seed(deployment('curl', { app: 'curl' }));
	// Two pods: the older ready one is kubectl's pick; the newer one is not ready.
	api.seed(pod('curl-7656cf8794-old', { app: 'curl' }, { created: '2026-01-01T00:00:00Z' }));
	api.seed(
		pod('curl-7656cf8794-new', { app: 'curl' }, { created: '2026-01-01T00:05:00Z', ready: false })
	);
	api.seed(pod('multi', { app: 'multi' }, { containers: ['app', 'sidecar'] }));
	api.seed(pod('done', { app: 'job' }, { phase: 'Succeeded', ready: false }));
	const cluster = new FakeCluster(api, podPrograms());
	const ctx = fakeContext(cluster);
	const run = async (argv: string[], stdin = '', verb: Command = execVerb): Promise<Captured> => {
		const { io, out } = captureIO(stdin);
		const code = await verb.run(argv, io, ctx);
		return { ...out, code };
	};
	return { api, cluster, ctx, run };
}

describe('kubectl exec', () => {
	it('resolves deploy/NAME to its ready pod and runs the command there', async () => {
		const { cluster, run } = setup();
		expect(await run(['deploy/curl', '--', 'hostname'])).toEqual({
			stdout: 'curl-7656cf8794-old\n',
			stderr: '',
			code: 0
		});
		expect(cluster.execCalls[0]).toEqual({
			namespace: 'default',
			pod: 'curl-7656cf8794-old',
			container: 'curl',
			argv: ['hostname']
		});
	});

	it('never defaults to a native sidecar; the notice marks init containers (init)', async () => {
		const { api, cluster, run } = setup();
		const native = pod('native', { app: 'native' }, { containers: ['app'] }) as Pod;
		native.spec.initContainers = [
			{ name: 'istio-proxy', image: 'istio/proxyv2:1.30.3', restartPolicy: 'Always' }
		];
		api.seed(native);
		const r = await run(['native', '--', 'hostname']);
		expect(r.stderr).toBe('Defaulted container "app" out of: app, istio-proxy (init)\n');
		await run(['native', '-c', 'istio-proxy', '--', 'hostname']);
		expect(cluster.execCalls.map((c) => c.container)).toEqual(['app', 'istio-proxy']);
	});

	it.each([
		{ argv: ['curl-7656cf8794-new', '--', 'hostname'], stdout: 'curl-7656cf8794-new\n' },
		{ argv: ['pod/curl-7656cf8794-new', '--', 'hostname'], stdout: 'curl-7656cf8794-new\n' },
		{ argv: ['-it', 'deployment/curl', '--', 'hostname'], stdout: 'curl-7656cf8794-old\n' },
		{ argv: ['-n', 'default', 'deploy/curl', '--', 'hostname'], stdout: 'curl-7656cf8794-old\n' }
	])('exec $argv', async ({ argv, stdout }) => {
		const { run } = setup();
		expect(await run(argv)).toEqual({ stdout, stderr: '', code: 0 });
	});

	it('propagates a non-zero exit code with kubectl’s message', async () => {
		const { run } = setup();
		expect(await run(['deploy/curl', '--', 'curl', '-s', 'http://reset'])).toEqual({
			stdout: '',
			stderr: 'command terminated with exit code 56\n',
			code: 56
		});
		expect(await run(['deploy/curl', '--', 'cat', '/nope'])).toEqual({
			stdout: '',
			stderr: 'cat: /nope: No such file or directory\ncommand terminated with exit code 1\n',
			code: 1
		});
	});

	it('defaults to the first container and says so, or uses -c', async () => {
		const { cluster, run } = setup();
		const r = await run(['multi', '--', 'hostname']);
		expect(r.stderr).toBe('Defaulted container "app" out of: app, sidecar\n');
		await run(['multi', '-c', 'sidecar', '--', 'hostname']);
		expect(cluster.execCalls.map((c) => c.container)).toEqual(['app', 'sidecar']);
	});

	it.each([
		{
			argv: ['deploy/curl', 'hostname'],
			stderr:
				"error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n"
		},
		{
			argv: ['deploy/curl'],
			stderr: 'error: you must specify at least one command for the container\n'
		},
		{ argv: [], stderr: 'error: pod, type/name or --filename must be specified\n' },
		{
			argv: ['deploy/ghost', '--', 'ls'],
			stderr: 'Error from server (NotFound): deployments.apps "ghost" not found\n'
		},
		{
			argv: ['ghost', '--', 'ls'],
			stderr: 'Error from server (NotFound): pods "ghost" not found\n'
		},
		{
			argv: ['done', '--', 'ls'],
			stderr: 'error: cannot exec into a container in a completed pod; current phase is Succeeded\n'
		},
		{
			argv: ['deploy/curl', '--', 'foo'],
			stderr:
				'Error from server (BadRequest): Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "0123abcd": OCI runtime exec failed: exec failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown\n'
		}
	])('exec $argv fails', async ({ argv, stderr }) => {
		const { run } = setup();
		const r = await run(argv);
		expect(r.stderr).toBe(stderr);
		expect(r.code).not.toBe(0);
	});

	it('runs `sh -c` scripts in the real shell, with non-builtins executed in the pod', async () => {
		const { cluster, ctx } = setup();
		const kubectl: Command = {
			name: 'kubectl',
			summary: 'kubectl',
			run: (argv, io, c) =>
				argv[0] === 'exec' ? execVerb.run(argv.slice(1), io, c) : Promise.resolve(1)
		};
		const shell = new Shell({
			cluster,
			vfs: createVfs(),
			vars: new Map(),
			exported: new Set(),
			builtins: new Map([echo, grep, seq].map((b) => [b.name, b])),
			registry: createRegistry([kubectl])
		});
		const { io, out } = captureIO();
		const code = await shell.runSource(
			'kubectl exec deploy/curl -- sh -c "for i in \\$(seq 1 4); do curl -s http://productpage:9080/productpage | grep reviews-v; done"',
			io,
			ctx.signal,
			'bash: '
		);
		expect(out.stderr).toBe('');
		expect(code).toBe(0);
		expect(out.stdout).toBe(
			'<u>reviews-v1-abc</u>\n<u>reviews-v2-abc</u>\n<u>reviews-v1-abc</u>\n<u>reviews-v2-abc</u>\n'
		);
		// seq, grep and the loop ran in the shell; only curl went to the pod.
		// The probe that the image has sh, its env for the script, then each curl.
		expect(cluster.execCalls.map((c) => c.argv)).toEqual([
			['sh', '-c', ''],
			['env'],
			...Array(4).fill(['curl', '-s', 'http://productpage:9080/productpage'])
		]);

		const failing = captureIO();
		const status = await shell.runSource(
			'kubectl exec deploy/curl -- sh -c "curl -s http://nowhere; foo"',
			failing.io,
			ctx.signal,
			'bash: '
		);
		expect(failing.out.stderr).toBe('sh: foo: not found\ncommand terminated with exit code 127\n');
		expect(status).toBe(127);
	});

	it('refuses a shell the image does not have, as the container runtime does', async () => {
		const { run, cluster } = setup();
		const r = await run(['deploy/curl', '--', 'bash', '-c', 'echo hi']);
		expect(r.stderr).toMatch(/exec: "bash": executable file not found in \$PATH/);
		expect(r.code).toBe(1);
		expect(cluster.execCalls.map((c) => c.argv)).toEqual([['bash', '-c', '']]);
	});

	it('passes a sh -c script to runScript with an external runner bound to the pod', async () => {
		const { ctx, cluster } = setup();
		const scripts: string[] = [];
		ctx.runScript = async (script, io, options) => {
			scripts.push(script);
			return (await options?.external?.(['curl', '-s', 'http://reset'], io)) ?? 127;
		};
		const { io, out } = captureIO();
		const code = await execVerb.run(
			['deploy/curl', '--', '/bin/sh', '-c', 'curl -s http://reset'],
			io,
			ctx
		);
		expect(scripts).toEqual(['curl -s http://reset']);
		expect(cluster.execCalls[0]?.pod).toBe('curl-7656cf8794-old');
		expect(out.stderr).toBe('command terminated with exit code 56\n');
		expect(code).toBe(56);
	});

	it('picks pods the way kubectl’s ActivePods ordering does', () => {
		const older = pod('a', {}, { created: '2026-01-01T00:00:00Z' }) as Pod;
		const newer = pod('b', {}, { created: '2026-01-01T00:01:00Z' }) as Pod;
		const pending = pod('c', {}, { ready: false }) as Pod;
		const terminating = pod('d', {}, { created: '2025-12-31T00:00:00Z' }) as Pod;
		terminating.metadata.deletionTimestamp = '2026-01-01T00:02:00Z';
		expect(pickPod([pending, newer, older, terminating])?.metadata.name).toBe('a');
		expect(pickPod([pending])?.metadata.name).toBe('c');
		expect(pickPod([])).toBeUndefined();
	});
});

describe('kubectl logs', () => {
	function withLogs() {
		const s = setup();
		s.cluster.logsByPod.set('default/curl-7656cf8794-old/curl', ['one', 'two', 'three']);
		s.cluster.logsByPod.set('default/curl-7656cf8794-new/curl', ['new']);
		s.cluster.logsByPod.set('default/multi/sidecar', ['side']);
		s.cluster.logsByPod.set('default/multi/app', ['app']);
		return s;
	}
	it.each([
		{ argv: ['curl-7656cf8794-old'], stdout: 'one\ntwo\nthree\n', stderr: '' },
		{ argv: ['curl-7656cf8794-old', '--tail', '2'], stdout: 'two\nthree\n', stderr: '' },
		{ argv: ['curl-7656cf8794-old', '--tail=0'], stdout: '', stderr: '' },
		{
			argv: ['deploy/curl'],
			stdout: 'one\ntwo\nthree\n',
			stderr: 'Found 2 pods, using pod/curl-7656cf8794-old\n'
		},
		{ argv: ['multi', '-c', 'sidecar'], stdout: 'side\n', stderr: '' },
		{
			argv: ['multi'],
			stdout: 'app\n',
			stderr: 'Defaulted container "app" out of: app, sidecar\n'
		},
		{
			argv: ['-l', 'app=curl', '--prefix'],
			stdout:
				'[pod/curl-7656cf8794-new/curl] new\n[pod/curl-7656cf8794-old/curl] one\n[pod/curl-7656cf8794-old/curl] two\n[pod/curl-7656cf8794-old/curl] three\n',
			stderr: ''
		},
		{ argv: ['-l', 'app=none'], stdout: '', stderr: 'No resources found in default namespace.\n' }
	])('logs $argv', async ({ argv, stdout, stderr }) => {
		const { run } = withLogs();
		expect(await run(argv, '', logsVerb)).toEqual({ stdout, stderr, code: 0 });
	});

	it.each([
		{
			argv: [],
			stderr:
				"error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n"
		},
		{ argv: ['ghost'], stderr: 'Error from server (NotFound): pods "ghost" not found\n' },
		{ argv: ['multi', '-c', 'nope'], stderr: 'error: container nope is not valid for pod multi\n' }
	])('logs $argv fails', async ({ argv, stderr }) => {
		const { run } = withLogs();
		expect(await run(argv, '', logsVerb)).toEqual({ stdout: '', stderr, code: 1 });
	});
});
