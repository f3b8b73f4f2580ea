/**
 * What a learner sees from curl when a link between the nodes drops or delays segments (the
 * test-only `testOnlyFaults.link` hook; nothing in the shell reaches it): late but whole
 * answers after retransmissions, and otherwise curl's real exit codes and messages. curl runs
 * on ambient-worker, productpage on ambient-worker2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlayground, type Playground } from '../../src/shell/playground.ts';
import { createPty } from '../../src/shell/pty.ts';
import { runTranscript } from '../../src/shell/transcript.ts';
import { nodeName } from '../../src/mesh/types.ts';
import { inProcessRuntime } from '../support/playground.ts';

const runtime = inProcessRuntime();
let p: Playground;
const run = (script: string): Promise<string> => runTranscript(script, p.shell);
const curl = (flags: string): string =>
	`kubectl exec deploy/curl -- curl -sS ${flags} http://productpage:9080/productpage`;
const worker2 = nodeName('ambient-worker2');

beforeAll(async () => {
	p = await createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
	const wide = await run('kubectl get pods -o wide');
	expect(wide).toMatch(/\ncurl-\S+ .* ambient-worker /);
	expect(wide).toMatch(/\nproductpage-v1-\S+ .* ambient-worker2 /);
});
afterAll(() => p.cluster.dispose());

/** Runs `fn` with `fault` on every link, then heals. */
async function withFault<T>(
	fault: Parameters<typeof runtime.testOnlyFaults.link>[0],
	fn: () => Promise<T>
): Promise<T> {
	const heal = runtime.testOnlyFaults.link(fault);
	try {
		return await fn();
	} finally {
		heal();
	}
}

describe('curl over a lossy link', () => {
	it('a lost SYN costs the one-second retransmission, and the page still arrives', async () => {
		const out = await withFault({ action: 'drop', types: ['connect'], port: 9080, count: 1 }, () =>
			run(curl('-o /dev/null -w "%{http_code} %{time_connect}\\n"'))
		);
		expect(out).toMatch(/\n200 1\.00\d{4}\n$/);
	});

	it('a lost response segment is retransmitted: 200, 0.2 s later', async () => {
		const base = await run(curl('-o /dev/null -w "%{time_total}\\n"'));
		const slow = await withFault(
			{ action: 'drop', types: ['data'], fromNode: worker2, port: 9080, count: 1 },
			() => run(curl('-o /dev/null -w "%{http_code} %{time_total}\\n"'))
		);
		const t = (s: string): number => Number(s.trim().split(/\s/).at(-1));
		expect(slow).toMatch(/\n200 \d/);
		expect(t(slow) - t(base)).toBeCloseTo(0.2, 2);
	});

	it('a partition with --connect-timeout: curl (28) Timeout was reached', async () => {
		const out = await withFault({ action: 'drop', crossNode: true }, () =>
			run(curl('--connect-timeout 3'))
		);
		expect(out).toContain(
			'curl: (28) Failed to connect to productpage port 9080 after 3000 ms: Timeout was reached\ncommand terminated with exit code 28\n'
		);
	});

	it('a partition without flags: the kernel gives up after 127 s of SYN retries', async () => {
		const out = await withFault({ action: 'drop', crossNode: true }, () => run(curl('')));
		expect(out).toContain(
			'curl: (28) Failed to connect to productpage port 9080 after 127000 ms: Could not connect to server\ncommand terminated with exit code 28\n'
		);
	});

	it('a request lost for good: curl (56) Connection timed out, or (28) with --max-time', async () => {
		const lose = { action: 'drop', types: ['data'], toNode: worker2, port: 9080 } as const;
		expect(await withFault(lose, () => run(curl('--max-time 5')))).toContain(
			'curl: (28) Operation timed out after 5000 milliseconds with 0 bytes received\ncommand terminated with exit code 28\n'
		);
		expect(await withFault(lose, () => run(curl('')))).toContain(
			'curl: (56) Recv failure: Connection timed out\ncommand terminated with exit code 56\n'
		);
	});

	it('a response lost for good never wedges the shell: Ctrl-C brings the prompt back', async () => {
		const pty = createPty(p.shell);
		let screen = '';
		pty.onData((d) => (screen += d));
		const heal = runtime.testOnlyFaults.link({
			action: 'drop',
			types: ['data'],
			fromNode: worker2,
			port: 9080
		});
		try {
			pty.write(`${curl('')}\r`);
			await new Promise((r) => setTimeout(r, 200));
			expect(pty.busy).toBe(true);
			pty.write('\x03');
			await pty.whenIdle();
		} finally {
			heal();
		}
		screen = '';
		pty.write('kubectl get deploy productpage-v1\r');
		await pty.whenIdle();
		expect(screen).toMatch(/productpage-v1\s+1\/1\s+1\s+1/);
		// The cluster answers as before.
		expect(await run(curl('-o /dev/null -w "%{http_code}\\n"'))).toMatch(/\n200\n$/);
	});
});
