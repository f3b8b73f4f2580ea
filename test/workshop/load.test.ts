/**
 * The load test's own harness, small: hubs as processes, headless learners, and the two-instance
 * run where instance A is killed mid-run and every learner must be back on B with nothing lost.
 * (`npm run workshop:load` and `npm run bench` run it at 500 learners.)
 */
import { describe, expect, it } from 'vitest';
import { runLoad } from './load/run-load.ts';

describe('workshop load test', () => {
	it('two hubs behind a balancer, one killed mid-run: learners reconnect, nothing is lost', async () => {
		const r = await runLoad({ learners: 20, instances: 2, durationMs: 3000, meanIntervalMs: 300 });
		expect(r.learners).toBe(20);
		expect(r.events).toBeGreaterThan(50);
		expect(r.disconnected).toBeGreaterThan(0);
		expect(r.reconnected).toBe(r.disconnected);
		expect(r.dashboardConnected).toBe(20);
		expect(r.lost).toBe(0);
		expect(r.ackedNotSeen).toBe(0);
		expect(r.errors).toBe(0);
		expect(r.hubMemoryMB).toBeGreaterThan(0);
		expect(r.p99Ms).toBeGreaterThan(0);
	}, 60_000);
});
