/**
 * A lesson probe has a wall-time budget: a probe whose command never finishes (here: the mesh is
 * paused, so no segment moves and no timer fires) fails the check with evidence that says so,
 * instead of leaving the checklist waiting for ever. The same probe passes once the mesh runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandLog } from '../../src/lessons/command-log.ts';
import { evaluateProbe } from '../../src/lessons/checks/probe.ts';
import type { CheckContext } from '../../src/lessons/checks/context.ts';
import type { ProbePredicate } from '../../src/lessons/types.ts';
import type { InProcessRuntime } from '../../src/mesh/runtime/in-process.ts';
import type { Playground } from '../../src/shell/playground.ts';
import { playground } from '../support/playground.ts';

let pg: Playground;
beforeAll(async () => {
	pg = await playground('inprocess', 'bookinfo', 1);
});
afterAll(async () => {
	await pg.cluster.dispose();
});

const PROBE: ProbePredicate = {
	from: 'deploy/curl',
	command: 'curl -s -o /dev/null -w %{http_code} http://details:9080/details/0',
	expect: { exitCode: 0, output: '^200$' }
};
const context = (probeBudgetMs?: number): CheckContext => ({
	cluster: pg.cluster,
	log: new CommandLog(),
	window: { commands: 0, capture: 0, traffic: 0 },
	probeRanges: { capture: [], traffic: [] },
	...(probeBudgetMs === undefined ? {} : { probeBudgetMs })
});

describe('lesson probes time out', () => {
	it('a probe that cannot finish fails after its budget, and says why', async () => {
		const runtime = pg.cluster.runtime as InProcessRuntime;
		runtime.pause();
		try {
			expect(await evaluateProbe(context(300), PROBE)).toEqual({
				passed: false,
				evidence: [
					'tried: kubectl exec deploy/curl -- curl -s -o /dev/null -w %{http_code} http://details:9080/details/0',
					'the probe did not finish within 0.3 s; a curl in a probe should set --max-time'
				]
			});
		} finally {
			runtime.resume();
		}
	});

	it('the same probe passes within the default budget when the mesh runs', async () => {
		const verdict = await evaluateProbe(context(), PROBE);
		expect(verdict.passed).toBe(true);
	});
});
