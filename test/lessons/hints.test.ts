/**
 * Hints that know what the learner did (issue 14): a ```hint when``` carries a condition over the
 * cluster, the traffic and the command log; while it holds the hint comes before the plain ones,
 * while it does not it is not offered; lessons:check proves each one can hold.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LessonEngine } from '../../src/lessons/engine.ts';
import { hintOrder, shownHints } from '../../src/lessons/hints.ts';
import type { HeadlessHost } from '../../src/lessons/headless-host.ts';
import { loadLesson } from '../../src/lessons/loader.ts';
import { ProgressStore } from '../../src/lessons/progress.ts';
import type { Hint } from '../../src/lessons/types.ts';
import { verifyLesson } from '../../src/lessons/verify.ts';
import { headlessHost, LESSONS_DIR, loadLessonDir } from '../../scripts/lessons-check.ts';

let host: HeadlessHost | undefined;
afterEach(async () => {
	await host?.dispose();
	host = undefined;
});

const when = { ran: { command: 'kubectl get pods' } };
const hints: Hint[] = [{ text: 'plain 1' }, { text: 'about you', when }, { text: 'plain 2' }];

describe('hintOrder', () => {
	it.each([
		{ name: 'nothing holds: the plain ones, in order', shown: [], holds: [], expected: [0, 2] },
		{ name: 'a condition holds: that hint first', shown: [], holds: [1], expected: [1, 0, 2] },
		{ name: 'shown hints are not offered again', shown: [1, 0], holds: [1], expected: [2] },
		{ name: 'holding, once shown, it stays shown', shown: [0], holds: [], expected: [2] }
	])('$name', ({ shown, holds, expected }) => {
		expect(hintOrder(hints, shown, new Set(holds))).toEqual(expected);
	});

	it('reads progress written before hints had conditions as the first N shown', () => {
		expect(shownHints({ status: 'pending', hints: 2 })).toEqual([0, 1]);
		expect(shownHints({ status: 'pending', hints: 2, shown: [2, 0] })).toEqual([2, 0]);
	});
});

const FRONT = `---
id: demo
title: Demo
summary: A demo.
level: beginner
minutes: 5
---
`;

const step = (hint: string): string => `## Challenge: Label it

\`\`\`hint when
${hint}
\`\`\`

\`\`\`solution
kubectl label namespace default istio.io/dataplane-mode=ambient
\`\`\`

\`\`\`check
- name: labelled
  resource: { kind: namespace, name: default, labels: { istio.io/dataplane-mode: ambient } }
\`\`\`
`;

const problems = (hint: string): string[] =>
	(loadLesson(`${FRONT}\n${step(hint)}`, { file: 'x.md' }).problems ?? []).map(
		(p) => `${p.line}: ${p.message}`
	);

describe('the hint format', () => {
	it('reads a condition and its text', () => {
		const { lesson } = loadLesson(
			`${FRONT}\n${step('when: { ran: { command: kubectl get ns } }\ntext: Look first.')}`,
			{ file: 'x.md' }
		);
		expect(lesson?.steps[0]?.kind).toBe('challenge');
		expect(lesson?.steps[0]?.hints).toEqual([
			{ text: 'Look first.', when: { ran: { command: 'kubectl get ns' } } }
		]);
	});

	it.each([
		{
			name: 'no text',
			hint: 'when: { ran: { command: ls } }',
			error: /^12: hint: missing required field "text"$/
		},
		{
			name: 'a probe (a hint reads what the learner did)',
			hint: 'when: { probe: { from: curl, command: ls, expect: { exitCode: 0 } } }\ntext: x',
			error: /^12: hint.when: a hint reads what the learner did: its condition cannot run a probe$/
		},
		{
			name: 'two predicates in one condition',
			hint: 'when: { ran: { command: ls }, looked: { view: traces } }\ntext: x',
			error: /^12: hint.when: has ran and looked: use one per condition/
		},
		{
			name: 'an unknown field',
			hint: 'when: { ran: { command: ls } }\ntext: x\nonload: y',
			error: /^14: hint: unknown field "onload"$/
		},
		{ name: 'not YAML', hint: 'when: [', error: /^12: invalid YAML/ }
	])('rejects $name with its line', ({ hint, error }) => {
		const found = problems(hint);
		expect(
			found.some((m) => error.test(m)),
			found.join('\n')
		).toBe(true);
	});

	it('rejects a challenge without hints, and an unknown hint kind', () => {
		const bare = step('x').replace(/```hint when\nx\n```\n/, '');
		expect(
			(loadLesson(`${FRONT}\n${bare}`, { file: 'x.md' }).problems ?? []).map((p) => p.message)
		).toEqual([
			'challenge "Label it" needs a ```hint block: a challenge shows hints, never its solution'
		]);
		const odd = step('x').replace('```hint when', '```hint maybe');
		expect(
			(loadLesson(`${FRONT}\n${odd}`, { file: 'x.md' }).problems ?? []).map((p) => p.message)
		).toContain('unknown hint kind "maybe": write ```hint or ```hint when');
	});

	it('lessons:check reports a hint that still holds after the solution', async () => {
		const { lesson } = loadLesson(
			`${FRONT}\n${step('when: { resource: { kind: namespace, name: default } }\ntext: Always.')}`,
			{ file: 'x.md' }
		);
		const found = await verifyLesson(lesson!, () => headlessHost());
		expect(found.map((p) => p.message)).toEqual([
			`hint 1's "when" still holds after the solution: it would point out a mistake the solution does not make`
		]);
	}, 60_000);

	it('lessons:check reports a hint whose condition never holds', async () => {
		const { lesson } = loadLesson(
			`${FRONT}\n${step('when: { resource: { kind: namespace, name: nowhere } }\ntext: Never.')}`,
			{ file: 'x.md' }
		);
		const found = await verifyLesson(lesson!, () => headlessHost());
		expect(found.map((p) => p.message)).toEqual([
			`hint 1's "when" never holds, at the step's start or after a wrong answer: no learner would see it`
		]);
	}, 60_000);
});

describe('a challenge offers the hint about what the learner did first', () => {
	const lesson = loadLessonDir(`${LESSONS_DIR}/20-fix-the-broken-mesh`).lesson!;
	const shop = lesson.steps.findIndex((s) => s.title === 'The client outside the mesh');

	it('holds back a hint about a mistake not made, then offers it once made', async () => {
		host = headlessHost();
		let text: string | null = null;
		const progress = new ProgressStore({ load: () => text, save: (t) => void (text = t) });
		const engine = new LessonEngine(lesson, host, { progress });
		await engine.start(shop);
		// Nothing done yet: the two hints about mistakes are not offered, the plain ones are.
		expect(engine.hints.aboutYou).toBe(false);
		expect(engine.hints.left).toBe(2);

		await host.type('kubectl label namespace shop istio-injection=enabled');
		await engine.evaluate();
		expect(engine.hints.aboutYou).toBe(true);
		expect(engine.hints.left).toBe(3);
		expect(engine.revealHint()?.text).toMatch(/adds a sidecar only to pods created after/);
		expect(engine.revealHint()?.text).toMatch(/--show-labels/);
		expect(engine.hints.shown.map((h) => h.when !== undefined)).toEqual([true, false]);
		// Progress keeps which hints were shown, in order.
		expect(progress.step(lesson.id, shop)?.shown).toEqual([1, 2]);

		// Loosening the mesh instead: that hint comes next, before the last plain one.
		await host.type(`kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: PERMISSIVE
EOF`);
		await engine.evaluate();
		expect(engine.revealHint()?.text).toMatch(/The mesh is no longer STRICT/);
		expect(engine.revealHint()?.text).toMatch(/one label on its namespace/);
		expect(engine.revealHint()).toBeUndefined();
		expect(engine.state().hints).toBe(4);
	}, 90_000);
});
