/**
 * The link-fault hook at the worker runtime's seam: the fault travels to every pod worker's
 * wire, and a lost SYN costs the same one-second retransmission as in-process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeWorkerRuntime } from '../../src/platform/node/node-workers.ts';
import type { WorkerRuntime } from '../../src/platform/worker-runtime.ts';
import { createPlayground, type Playground } from '../../src/shell/playground.ts';
import { runTranscript } from '../../src/shell/transcript.ts';

/** Packed, links inside a worker pass the same wire (the fault is on the sending side). */
describe.each(['per-pod', 'agent', 'node'] as const)(
	'worker runtime: a lossy link, packing %s',
	(packing) => {
		let rt: WorkerRuntime;
		let p: Playground;
		const run = (script: string): Promise<string> => runTranscript(script, p.shell);

		beforeAll(async () => {
			rt = createNodeWorkerRuntime(1, undefined, undefined, { packing });
			p = await createPlayground({ runtime: rt, seed: 1, scenario: 'bookinfo' });
		}, 60_000);
		afterAll(() => p?.cluster.dispose());

		it('retransmits a lost SYN after 1 s, then heals', async () => {
			const curl =
				'kubectl exec deploy/curl -- curl -sS -o /dev/null -w "%{http_code} %{time_connect}\\n" http://details:9080/details/0';
			const heal = await rt.testOnlyFaults.link({
				action: 'drop',
				types: ['connect'],
				port: 9080,
				count: 1
			});
			expect(await run(curl)).toMatch(/\n200 1\.00\d{4}\n$/);
			await heal();
			expect(await run(curl)).toMatch(/\n200 0\.00\d{4}\n$/);
		}, 30_000);
	}
);
