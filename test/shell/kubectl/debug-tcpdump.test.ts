/**
 * `kubectl debug POD -i --image=nicolaka/netshoot -- tcpdump …` as Istio's verify-mtls page runs
 * it: kubectl attaches and streams what tcpdump prints while traffic flows (sent from a second
 * terminal on the same cluster, as a learner would); Ctrl-C ends kubectl
 * (exit 130) and, without a terminal, the capture in the pod runs on (status Running), as
 * debug.go's attach does. `-c` ends tcpdump by itself with its packet counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { istioctlCommand } from '../../../src/shell/istioctl/index.ts';
import { kubectlCommand } from '../../../src/shell/kubectl/index.ts';
import type { Playground } from '../../../src/shell/playground.ts';
import { SAMPLE_FILES } from '../../../src/shell/samples/index.ts';
import { createShellSession, type ShellSession } from '../../../src/shell/session.ts';
import { createVfs } from '../../../src/shell/vfs-impl.ts';
import { playground } from '../../support/playground.ts';

let p: Playground;
/** A second terminal: one session runs one command at a time, as a shell does. */
let second: ShellSession;
let details: string;

async function run(
	line: string,
	signal?: AbortSignal,
	onOut?: (text: string) => void,
	shell: ShellSession = p.shell
): Promise<{ out: string; err: string; code: number }> {
	let out = '';
	let err = '';
	const code = await shell.execute(
		line,
		{
			stdin: '',
			stdout: (t) => {
				out += t;
				onOut?.(out);
			},
			stderr: (t) => (err += t)
		},
		signal ? { signal } : undefined
	);
	return { out, err, code };
}

beforeAll(async () => {
	p = await playground('inprocess', 'bookinfo');
	second = createShellSession({
		cluster: p.cluster,
		vfs: createVfs(SAMPLE_FILES),
		commands: [kubectlCommand, istioctlCommand]
	});
	details = (await run("kubectl get pods -l app=details -o jsonpath='{.items[0].metadata.name}'"))
		.out;
}, 60_000);

afterAll(async () => {
	await p.cluster.dispose();
});

describe('kubectl debug -i … tcpdump', () => {
	it('streams packets while traffic flows; Ctrl-C ends kubectl, the capture runs on', async () => {
		const ctrlC = new AbortController();
		let listening!: () => void;
		let sawRequest!: () => void;
		const ready = new Promise<void>((resolve) => (listening = resolve));
		const requestSeen = new Promise<void>((resolve) => (sawRequest = resolve));
		const attached = run(
			`kubectl debug ${details} -i -c live --image=nicolaka/netshoot -- tcpdump -nA -i eth0 port 9080`,
			ctrlC.signal,
			(out) => {
				if (out.includes('listening on eth0')) listening();
				if (out.includes('GET /details/0 HTTP/1.1')) sawRequest();
			}
		);
		await ready;
		const curl = await run(
			'kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}" http://details:9080/details/0',
			undefined,
			undefined,
			second
		);
		expect(curl.out).toBe('200');
		await requestSeen;
		ctrlC.abort();
		const { out, code } = await attached;
		expect(code).toBe(130);
		expect(out).toMatch(
			/^\d\d:\d\d:\d\d\.\d{6} IP [\d.]+\.\d+ > [\d.]+\.9080: Flags \[S\], seq \d+, win 64240, length 0$/m
		);
		expect(out).toContain('listening on eth0, link-type EN10MB (Ethernet)');
		// kubectl went away; tcpdump was not signalled, so it printed no counts.
		expect(out).not.toContain('packets captured');
		const state = await run(
			`kubectl get pod ${details} -o jsonpath='{.status.ephemeralContainerStatuses[0].state}'`
		);
		expect(state.out).toContain('"running"');
	}, 60_000);

	it('-c COUNT ends the capture with its counts, and kubectl with it', async () => {
		let listening!: () => void;
		const ready = new Promise<void>((resolve) => (listening = resolve));
		const attached = run(
			`kubectl debug ${details} -i -c counted --image=nicolaka/netshoot -- tcpdump -n -c 2 -i eth0 port 9080`,
			undefined,
			(out) => {
				if (out.includes('listening on eth0')) listening();
			}
		);
		await ready;
		const curl = 'kubectl exec deploy/curl -- curl -s -o /dev/null http://details:9080/details/0';
		await run(curl, undefined, undefined, second);
		const { out, code } = await attached;
		expect(code).toBe(0);
		expect(out.match(/ IP /g)).toHaveLength(2);
		expect(out).toContain(
			'2 packets captured\n2 packets received by filter\n0 packets dropped by kernel\n'
		);
	}, 60_000);
});
