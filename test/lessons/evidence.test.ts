/**
 * What a learner reads when a resource check fails (issue 14): the controller's own words from
 * the object's status, never a bare `status.conditions.0.status is "False"`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LessonEngine } from '../../src/lessons/engine.ts';
import type { HeadlessHost } from '../../src/lessons/headless-host.ts';
import { headlessHost, LESSONS_DIR, loadLessonDir } from '../../scripts/lessons-check.ts';

const { lesson } = loadLessonDir(`${LESSONS_DIR}/08-l7-authorization`);
let host: HeadlessHost | undefined;
afterEach(async () => {
	await host?.dispose();
});

describe('resource check evidence', () => {
	it("quotes istiod's condition when a policy binds with a selector instead of targetRefs", async () => {
		host = headlessHost();
		const engine = new LessonEngine(lesson!, host);
		await engine.start(0);
		const [wrong] = lesson!.steps[0]!.wrong;
		for (const command of wrong!) await host.type(command);
		const report = await engine.evaluate();
		const accepted = report.conditions.find((c) => c.name.startsWith('The waypoint accepted'));
		expect(accepted?.passed).toBe(false);
		const evidence = accepted!.evidence.join('\n');
		expect(evidence).not.toMatch(/status\.conditions\.\d/);
		// The policy went to ztunnel, which says so in Istio's own words.
		expect(evidence).toContain(
			'its status says ZtunnelAccepted is True (UnsupportedValue): ztunnel does not support HTTP attributes (found: methods). In ambient mode you must use a waypoint proxy'
		);
	}, 120_000);
});
