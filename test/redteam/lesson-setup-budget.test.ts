/**
 * Issue 18 (red team), Medium: an endless loop in a lesson's setup never ended, had no cancel,
 * and kept running after the lesson closed. Each setup command now runs with a Ctrl-C the engine
 * fires when the command outlives its budget (wall time) or when the lesson is closed, switched
 * or reset; out of time, the engine says so instead of spinning.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LessonEngine } from '../../src/lessons/engine.ts';
import type { HeadlessHost } from '../../src/lessons/headless-host.ts';
import { loadLesson } from '../../src/lessons/loader.ts';
import type { Lesson } from '../../src/lessons/types.ts';
import { headlessHost } from '../../scripts/lessons-check.ts';

const lessonWithSetup = (command: string): Lesson => {
	const r = loadLesson(
		`---
id: endless-setup
title: Endless setup
summary: A setup that never ends.
level: beginner
minutes: 1
setup:
  scenario: empty
  commands:
    - kubectl create namespace first
    - ${JSON.stringify(command)}
    - kubectl create namespace after
---

Intro.

## Step: Look

Run \`kubectl get ns\`.

\`\`\`solution
kubectl get ns
\`\`\`

\`\`\`check
- name: ran get ns
  commandRan:
    matches: 'kubectl get ns'
\`\`\`
`,
		{ file: 'lesson.md' }
	);
	if (!r.lesson) throw new Error(JSON.stringify(r.problems));
	return r.lesson;
};

const ENDLESS = 'while true; do echo x; done';

let host: HeadlessHost | undefined;
afterEach(async () => {
	await host?.dispose();
	host = undefined;
});

/** The namespaces the cluster holds now. */
async function namespaces(h: HeadlessHost): Promise<string> {
	return (await h.type('kubectl get ns -o name')).output;
}

describe('a lesson whose setup never ends', () => {
	it('is stopped when its budget runs out, with a clear message, and the rest of setup is not run', async () => {
		host = headlessHost();
		// Long enough that `kubectl create namespace first` fits on a loaded machine.
		const engine = new LessonEngine(lessonWithSetup(ENDLESS), host, { setupBudgetMs: 2000 });
		const outcome = await engine.start(0);
		expect(outcome).toBe('stopped');
		expect(engine.setupProblem).toBe(
			`setup did not finish within 2 s: "${ENDLESS}" was still running and was stopped`
		);
		expect(engine.busy).toBeUndefined();
		// The loop got Ctrl-C (exit 130) and printed for a while; nothing after it ran.
		const loop = host.log.since(0).find((r) => r.command === ENDLESS);
		expect(loop?.exitCode).toBe(130);
		expect(loop?.output.startsWith('x\nx\n')).toBe(true);
		const ns = await namespaces(host);
		expect(ns).toContain('namespace/first');
		expect(ns).not.toContain('namespace/after');
	}, 60_000);

	it('is stopped when the lesson closes (cancel), without a budget message', async () => {
		host = headlessHost();
		const engine = new LessonEngine(lessonWithSetup(ENDLESS), host, { setupBudgetMs: 600_000 });
		const started = engine.start(0);
		// Close once the loop is under way (its first output is in).
		while (!host.log.since(0).some((r) => r.command === 'kubectl create namespace first'))
			await new Promise((r) => setImmediate(r));
		await new Promise((r) => setTimeout(r, 50));
		await engine.cancel();
		expect(await started).toBe('stopped');
		expect(engine.setupProblem).toBeUndefined();
		const loop = host.log.since(0).find((r) => r.command === ENDLESS);
		expect(loop?.exitCode).toBe(130);
		// Nothing keeps running: the log stays as it is.
		const total = host.log.total;
		await new Promise((r) => setTimeout(r, 100));
		expect(host.log.total).toBe(total);
	}, 60_000);

	it('a reset while it runs stops the old setup first, then replays', async () => {
		host = headlessHost();
		const engine = new LessonEngine(lessonWithSetup('sleep 1'), host, { setupBudgetMs: 600_000 });
		const first = engine.start(0);
		const second = engine.start(0);
		expect(await first).toBe('stopped');
		expect(await second).toBe('ok');
		expect(engine.setupProblem).toBeUndefined();
		expect(await namespaces(host)).toContain('namespace/after');
	}, 60_000);

	it('a setup that finishes in time is untouched', async () => {
		host = headlessHost();
		const engine = new LessonEngine(lessonWithSetup('for i in 1 2 3; do echo $i; done'), host, {
			setupBudgetMs: 30_000
		});
		expect(await engine.start(0)).toBe('ok');
		expect(engine.setupProblem).toBeUndefined();
		expect(await namespaces(host)).toContain('namespace/after');
	}, 60_000);
});
