/**
 * `kubectl debug` against the bookinfo playground: kubectl's own Validate errors (pkg/cmd/debug/
 * debug.go), the API server's ephemeral-container rules (ValidatePodEphemeralContainersUpdate),
 * and the refusal of a plain pod update that touches `spec.ephemeralContainers`. Every refused
 * command leaves the pod as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/mesh/api/objects.ts';
import type { Playground } from '../../../src/shell/playground.ts';
import { playground } from '../../support/playground.ts';

let p: Playground;
let curlPod: string;

async function run(line: string): Promise<{ out: string; err: string; code: number }> {
	let out = '';
	let err = '';
	const code = await p.shell.execute(line, {
		stdin: '',
		stdout: (t) => (out += t),
		stderr: (t) => (err += t)
	});
	return { out, err, code };
}

function pod(name: string): Pod {
	const type = p.cluster.api.resolve('pods');
	if (!type) throw new Error('no pods resource');
	return p.cluster.api.get(type, 'default', name) as Pod;
}

beforeAll(async () => {
	p = await playground('inprocess', 'bookinfo');
	const r = await run("kubectl get pods -l app=curl -o jsonpath='{.items[0].metadata.name}'");
	curlPod = r.out;
}, 60_000);

afterAll(async () => {
	await p.cluster.dispose();
});

describe('kubectl debug: flag validation (debug.go Validate)', () => {
	it.each([
		{ args: 'POD -- curl x', err: 'error: you must specify --image when not using --copy-to.\n' },
		{
			args: 'POD --image=curlimages/curl -t -- curl x',
			err: 'error: -i/--stdin is required for containers with -t/--tty=true\n'
		},
		{
			args: 'POD --image=Curl:Bad:Tag -- curl x',
			err: 'error: invalid image name "Curl:Bad:Tag": invalid reference format\n'
		},
		{ args: '--image=busybox', err: 'error: NAME or filename is required for debug\n' },
		{
			args: 'POD --image=busybox --image-pull-policy=Sometimes -- true',
			err: 'error: invalid image pull policy: Sometimes\n'
		},
		{ args: 'POD --image=busybox --profile=root -- true', err: 'error: unknown profile: root\n' },
		{
			args: 'POD --image=busybox --same-node -- true',
			err: 'error: --same-node may only be used with --copy-to.\n'
		},
		{
			args: 'POD --attach -- true',
			err: 'error: you must specify --container or create a new container using --image in order to attach.\n'
		},
		{
			args: 'POD --image=busybox --bogus -- true',
			err: "error: unknown flag: --bogus\nSee 'kubectl debug --help' for usage.\n"
		}
	])('$args', async ({ args, err }) => {
		const before = JSON.stringify(pod(curlPod).spec);
		const r = await run(`kubectl debug ${args.replace('POD', curlPod)}`);
		expect(r).toEqual({ out: '', err, code: 1 });
		expect(JSON.stringify(pod(curlPod).spec)).toBe(before);
	});
});

describe('kubectl debug --help', () => {
	it("prints kubectl's description and usage, and what the playground refuses", async () => {
		const r = await run('kubectl debug --help');
		expect(r.code).toBe(0);
		expect(r.out).toMatch(/^Debug cluster resources using interactive debugging containers\.\n/);
		expect(r.out).toContain('(--copy-to) and node/NAME\nare refused');
		expect(r.out).toMatch(
			/\nUsage:\n {2}kubectl debug \(POD \| TYPE\[\[\.VERSION\]\.GROUP\]\/NAME\)/
		);
	});
});

describe('kubectl debug: what the playground does not run says so', () => {
	it.each([
		{
			args: 'node/ambient-worker --image=busybox -- true',
			err: /kubectl debug node\/NAME\) is not supported in the playground/
		},
		{
			args: 'POD --image=busybox --copy-to=copy -- true',
			err: /--copy-to is not supported in the playground/
		},
		{
			args: 'POD -it --image=busybox',
			err: /interactive shells are not simulated in the playground/
		}
	])('$args', async ({ args, err }) => {
		const before = JSON.stringify(pod(curlPod).spec);
		const r = await run(`kubectl debug ${args.replace('POD', curlPod)}`);
		expect(r.code).toBe(1);
		expect(r.err).toMatch(err);
		expect(JSON.stringify(pod(curlPod).spec)).toBe(before);
	});
});

describe('kubectl debug: the ephemeralcontainers subresource', () => {
	it("adds a container that runs in the pod's network namespace, once, and keeps its log", async () => {
		const r = await run(
			`kubectl debug ${curlPod} -i --image=curlimages/curl -c probe -- curl -s -o /dev/null -w "%{http_code}" http://productpage:9080/productpage`
		);
		expect(r).toEqual({ out: '200\n', err: '', code: 0 });
		const status = pod(curlPod).status?.ephemeralContainerStatuses?.find((s) => s.name === 'probe');
		expect(status?.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
		expect((await run(`kubectl logs ${curlPod} -c probe`)).out).toBe('200\n');
		// kubectl describe.go lists them after the pod's own containers.
		const described = (await run(`kubectl describe pod ${curlPod}`)).out;
		expect(described).toMatch(
			/\nEphemeral Containers:\n {2}probe:\n {4}Container ID: +containerd:\/\/[0-9a-f]{64}\n {4}Image: +curlimages\/curl\n/
		);
		expect(described).toMatch(
			/ {4}State: +Terminated\n {6}Reason: +Completed\n {6}Exit Code: +0\n/
		);
		expect(described).toMatch(/Normal +Started +\S+ +kubelet +Started container probe\n/);
	});

	it('records a failing command as Error with its exit code, and never restarts it', async () => {
		const r = await run(
			`kubectl debug ${curlPod} -i --image=curlimages/curl -c refused -- curl -sS localhost:1`
		);
		expect(r.out).toBe(
			'curl: (7) Failed to connect to localhost port 1 after 0 ms: Could not connect to server\n'
		);
		expect(r.code).toBe(0);
		await run('sleep 30');
		const status = pod(curlPod).status?.ephemeralContainerStatuses?.find(
			(s) => s.name === 'refused'
		);
		expect(status).toMatchObject({
			restartCount: 0,
			state: { terminated: { exitCode: 7, reason: 'Error' } }
		});
	});

	it('with -t the container has a terminal: curl shows no progress meter, as on a TTY', async () => {
		const url = 'http://productpage:9080/productpage';
		const plain = await run(
			`kubectl debug ${curlPod} -i -q --image=curlimages/curl -- curl -o /dev/null ${url}`
		);
		expect(plain.out).toMatch(/^ {2}% Total +% Received/);
		const tty = await run(
			`kubectl debug ${curlPod} -it -q --image=curlimages/curl -- curl -o /dev/null ${url}`
		);
		expect(tty).toEqual({ out: '', err: '', code: 0 });
	});

	it('without -i, only says the name and leaves the output to kubectl logs', async () => {
		const r = await run(`kubectl debug ${curlPod} --image=busybox -- wget`);
		expect(r.out).toMatch(
			/^Defaulting debug container name to debugger-[bcdfghjklmnpqrstvwxz2456789]{5}\.\n$/
		);
		expect(r.err).toBe('');
	});

	it('refuses a name already taken, changing nothing', async () => {
		const before = JSON.stringify(pod(curlPod).spec);
		const r = await run(`kubectl debug ${curlPod} --image=busybox -c curl -- true`);
		expect(r.err).toBe(
			`The Pod "${curlPod}" is invalid: spec.ephemeralContainers[${pod(curlPod).spec.ephemeralContainers?.length ?? 0}].name: Duplicate value: "curl"\n`
		);
		expect(r.code).toBe(1);
		expect(JSON.stringify(pod(curlPod).spec)).toBe(before);
	});

	it('refuses a name kubectl debug already used, and a malformed name', async () => {
		const before = JSON.stringify(pod(curlPod).spec);
		const again = await run(`kubectl debug ${curlPod} --image=busybox -c probe -- true`);
		expect(again.err).toMatch(
			/^The Pod "[^"]+" is invalid: spec\.ephemeralContainers\[\d+\]\.name: Duplicate value: "probe"\n$/
		);
		const bad = await run(`kubectl debug ${curlPod} --image=busybox -c Bad_Name -- true`);
		expect(bad.err).toMatch(
			/spec\.ephemeralContainers\[\d+\]\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of/
		);
		expect([again.code, bad.code]).toEqual([1, 1]);
		expect(JSON.stringify(pod(curlPod).spec)).toBe(before);
	});

	it('refuses --target naming no container', async () => {
		const r = await run(`kubectl debug ${curlPod} --image=busybox -c t1 --target=nope -q -- true`);
		expect(r.err).toMatch(
			/spec\.ephemeralContainers\[\d+\]\.targetContainerName: Not found: "nope"/
		);
		expect(r.code).toBe(1);
	});

	it('a plain update that changes ephemeral containers is refused (only the subresource writes them)', async () => {
		const before = JSON.stringify(pod(curlPod).spec);
		const r = await run(
			`kubectl patch pod ${curlPod} --type=json -p '[{"op":"remove","path":"/spec/ephemeralContainers/0"}]'`
		);
		expect(r.err).toBe(
			`The Pod "${curlPod}" is invalid: spec: Forbidden: pod updates may not change fields other than \`spec.containers[*].image\`\n`
		);
		expect(r.code).toBe(1);
		expect(JSON.stringify(pod(curlPod).spec)).toBe(before);
	});

	it('an unknown image shows ErrImagePull on the container, and the pod runs on', async () => {
		const r = await run(`kubectl debug ${curlPod} --image=example/nope -c nope -- true`);
		expect(r.code).toBe(0);
		await run('sleep 1');
		const status = pod(curlPod).status?.ephemeralContainerStatuses?.find((s) => s.name === 'nope');
		expect(status?.state.waiting).toEqual({
			reason: 'ErrImagePull',
			message:
				'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/example/nope:latest": failed to resolve reference "docker.io/example/nope:latest": docker.io/example/nope:latest: not found'
		});
		expect(pod(curlPod).status?.phase).toBe('Running');
	});
});
