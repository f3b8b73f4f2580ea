/**
 * Look steps (issue 14, "Make mTLS and policy visible"): a `looked` condition passes only when
 * the learner had the view on screen while it held this step's traffic; `capture` reads what the
 * Capture view lists. Every built-in lesson has such a step, and lessons:check proves the look
 * can fail.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LessonEngine } from '../../src/lessons/engine.ts';
import type { HeadlessHost } from '../../src/lessons/headless-host.ts';
import { loadLesson } from '../../src/lessons/loader.ts';
import { lookViews } from '../../src/lessons/checks/looked.ts';
import type { ConditionResult } from '../../src/lessons/checks/result.ts';
import type { LookView } from '../../src/lessons/types.ts';
import { verifyLesson } from '../../src/lessons/verify.ts';
import {
	headlessHost,
	LESSONS_DIR,
	lessonDirs,
	loadLessonDir
} from '../../scripts/lessons-check.ts';

const CURL = 'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage';
const join = loadLessonDir(`${LESSONS_DIR}/03-join-the-mesh`).lesson!;
/** "Send a request over mTLS": the capture must show only TLS on 15008 between the nodes. */
const SEND = join.steps.findIndex((s) => s.title === 'Send a request over mTLS');

let host: HeadlessHost | undefined;
afterEach(async () => {
	await host?.dispose();
	host = undefined;
});

const item = (conditions: readonly ConditionResult[], start: string): ConditionResult => {
	const found = conditions.find((c) => c.name.startsWith(start));
	if (!found) throw new Error(`no checklist item "${start}"`);
	return found;
};

describe('a look step', () => {
	it('at the Cost view counts once it is on screen: it shows pods, not traffic', async () => {
		const sidecars = loadLessonDir(`${LESSONS_DIR}/11-sidecar-and-ambient`).lesson!;
		const count = sidecars.steps.findIndex((s) => s.title === 'Count the proxies');
		host = headlessHost();
		const engine = new LessonEngine(sidecars, host);
		await engine.start(count);
		for (const command of sidecars.steps[count]!.solution) await host.type(command);
		let report = await engine.check();
		const name = 'You compared the data planes in the Cost view';
		expect(item(report.conditions, name).evidence).toEqual([
			'you have not opened the Cost view during this step'
		]);
		engine.viewing('capture');
		expect(item((await engine.evaluate()).conditions, name).passed).toBe(false);
		engine.viewing('cost');
		report = await engine.evaluate();
		expect(item(report.conditions, name).evidence).toEqual([
			'you looked at the Cost view during this step'
		]);
		expect(report.passed).toBe(true);
	}, 90_000);

	it('passes only once the learner opened the view, and says so in words', async () => {
		host = headlessHost();
		const engine = new LessonEngine(join, host);
		await engine.start(SEND);
		await host.type(CURL);
		let report = await engine.check();
		const look = item(report.conditions, 'The Capture view shows');
		expect(look.passed).toBe(false);
		expect(look.evidence.join('\n')).toContain(
			'you have not opened the Capture view during this step'
		);
		// The request itself is fine: only the look is missing.
		expect(item(report.conditions, 'curl reached productpage').passed).toBe(true);

		engine.viewing('nodes');
		expect((await engine.evaluate()).passed).toBe(false);
		engine.viewing('capture');
		report = await engine.evaluate();
		expect(report.passed).toBe(true);
		expect(item(report.conditions, 'The Capture view shows').evidence).toEqual([]);
	}, 90_000);

	it('does not count a view opened before the request, until traffic arrives while it is open', async () => {
		host = headlessHost();
		const engine = new LessonEngine(join, host);
		await engine.start(SEND);
		engine.viewing('capture');
		let report = await engine.check();
		const look = item(report.conditions, 'The Capture view shows');
		expect(look.passed).toBe(false);
		expect(look.evidence.join('\n')).toContain(
			'the Capture view was open before any traffic of this step'
		);
		// The tab stays open: the request appears in it.
		await host.type(CURL);
		report = await engine.evaluate();
		expect(report.passed).toBe(true);
	}, 90_000);

	it('forgets what was on screen when the step changes', async () => {
		host = headlessHost();
		const engine = new LessonEngine(join, host);
		await engine.start(SEND);
		await host.type(CURL);
		engine.viewing('capture');
		expect((await engine.evaluate()).passed).toBe(true);
		engine.viewing(undefined);
		await engine.resetStep();
		await host.type(CURL);
		const report = await engine.evaluate();
		expect(item(report.conditions, 'The Capture view shows').passed).toBe(false);
	}, 90_000);

	it('is skipped, and says so, on a page without that view (an embed with a few panes)', async () => {
		host = headlessHost();
		const engine = new LessonEngine(join, host);
		engine.offerViews(['topology']);
		await engine.start(SEND);
		await host.type(CURL);
		const report = await engine.evaluate();
		expect(report.passed).toBe(true);
		const look = item(report.conditions, 'The Capture view shows').children![0]!;
		expect(look.evidence).toEqual(['this page has no Capture view: the look is skipped']);
	}, 90_000);

	it('a view reported before the lesson started judges nothing (the sandbox is not the lesson)', async () => {
		host = headlessHost();
		await host.restart('bookinfo', 1);
		const engine = new LessonEngine(join, host);
		engine.viewing('capture');
		await new Promise((r) => setTimeout(r, 50));
		expect(engine.report).toBeUndefined();
		expect(engine.state(0).status).toBe('pending');
	}, 90_000);

	it('Solve runs the commands and opens the view for the learner', async () => {
		host = headlessHost();
		const looked: LookView[] = [];
		// The page's host switches its tab; this one writes down what it was asked to show.
		const withViews = Object.assign(Object.create(host) as HeadlessHost, {
			look: (view: LookView) => void looked.push(view)
		});
		const engine = new LessonEngine(join, withViews);
		await engine.start(SEND);
		const report = await engine.solve();
		expect(report.passed).toBe(true);
		expect(looked).toEqual(['capture']);
		expect(engine.state().status).toBe('solved-with-help');
	}, 90_000);

	it('before enrolment, the capture shows plaintext HTTP between the nodes, request line and all', async () => {
		const meet = loadLessonDir(`${LESSONS_DIR}/01-meet-the-cluster`).lesson!;
		host = headlessHost();
		const engine = new LessonEngine(meet, host);
		await engine.start(meet.steps.length - 1);
		await host.type(CURL);
		engine.viewing('capture');
		const report = await engine.evaluate();
		const seen = item(report.conditions, 'You found plaintext HTTP between the nodes');
		expect(seen.passed).toBe(true);
		const children = seen.children!.map((c) => c.evidence.join(' '));
		expect(children[1]).toMatch(
			/the capture shows plaintext HTTP between nodes: .*\(ambient-worker\) → 10\.244\.\d+\.\d+:9080 \(ambient-worker2\) "GET \/productpage HTTP\/1\.1"/
		);
	}, 90_000);
});

describe('lessons:check and look steps', () => {
	it('every lesson has a step that sends the learner to a view', () => {
		const without = lessonDirs().filter((dir) => {
			const { lesson } = loadLessonDir(dir);
			return !lesson?.steps.some((s) => lookViews(s.check).length > 0);
		});
		expect(without).toEqual([]);
	});

	it('reports a look that cannot fail', async () => {
		const { lesson } = loadLesson(
			`---
id: weak-look
title: A look that proves nothing
summary: The traffic alone passes it.
level: beginner
minutes: 1
setup:
  scenario: bookinfo
---

## Step: Look

\`\`\`solution
${CURL}
\`\`\`

\`\`\`check
- name: You looked, or not
  anyOf:
    - looked: { view: topology }
    - traffic: { from: curl, to: productpage }
\`\`\`
`,
			{ file: 'weak-look.md' }
		);
		const problems = await verifyLesson(lesson!, () => headlessHost());
		expect(problems).toEqual([
			{
				step: 0,
				message: 'the check passes without looking at topology: the look cannot fail'
			}
		]);
	}, 90_000);
});
