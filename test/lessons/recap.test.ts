/**
 * Each lesson ends with a recap and a quiz (issue 14): the format (a `## Recap` section with
 * ```quiz blocks) is validated like the rest, so a broken or hostile quiz gets an error with its
 * line and never a throw; answers are kept in progress like steps; every lesson of the course has
 * a recap and 2–3 questions, with the right answer in varying places.
 */
import { describe, expect, it } from 'vitest';
import { loadLesson } from '../../src/lessons/loader.ts';
import { ProgressStore, parseProgress } from '../../src/lessons/progress.ts';
import { Quiz } from '../../src/lessons/quiz.ts';
import { lessonDirs, loadLessonDir } from '../../scripts/lessons-check.ts';

const FRONT = `---
id: demo
title: Demo
summary: A demo.
level: beginner
minutes: 5
---
`;

const STEP = `## Step: Label it

\`\`\`solution
kubectl label namespace default istio.io/dataplane-mode=ambient
\`\`\`

\`\`\`check
- name: labelled
  resource: { kind: namespace, name: default, labels: { istio.io/dataplane-mode: ambient } }
\`\`\`
`;

const QUIZ = `\`\`\`quiz
question: Which label puts a namespace in the ambient mesh?
choices: [istio-injection=enabled, istio.io/dataplane-mode=ambient]
answer: 1
explain: ztunnel captures pods in namespaces labelled istio.io/dataplane-mode=ambient.
\`\`\``;

const load = (recap: string): ReturnType<typeof loadLesson> =>
	loadLesson(`${FRONT}\n${STEP}\n## Recap\n\n${recap}\n`, { file: 'x.md' });

const messages = (recap: string): string[] =>
	(load(recap).problems ?? []).map((p) => `${p.line}: ${p.message}`);

function store(): ProgressStore {
	let text: string | null = null;
	return new ProgressStore({ load: () => text, save: (t) => void (text = t) });
}

describe('the recap format', () => {
	it('reads the recap text and its questions; quiz blocks leave the text', () => {
		const { lesson, problems } = load(`You labelled a namespace.\n\n${QUIZ}`);
		expect(problems).toBeUndefined();
		expect(lesson?.recap?.text).toBe('You labelled a namespace.');
		expect(lesson?.recap?.quiz).toEqual([
			{
				question: 'Which label puts a namespace in the ambient mesh?',
				choices: ['istio-injection=enabled', 'istio.io/dataplane-mode=ambient'],
				answer: 1,
				explain: 'ztunnel captures pods in namespaces labelled istio.io/dataplane-mode=ambient.'
			}
		]);
		expect(lesson?.recap?.line).toBe(20);
		expect(lesson?.steps).toHaveLength(1);
	});

	it.each([
		{
			name: 'an answer that is not an index of choices',
			recap: `Text.\n\n\`\`\`quiz\nquestion: Q?\nchoices: [a, b]\nanswer: 2\nexplain: E.\n\`\`\``,
			error: /^25: quiz.answer 2 is not an index of choices$/
		},
		{
			name: 'a missing explanation',
			recap: `Text.\n\n\`\`\`quiz\nquestion: Q?\nchoices: [a, b]\nanswer: 0\n\`\`\``,
			error: /^25: quiz: missing required field "explain"$/
		},
		{
			name: 'one choice',
			recap: `Text.\n\n\`\`\`quiz\nquestion: Q?\nchoices: [a]\nanswer: 0\nexplain: E.\n\`\`\``,
			error: /^26: quiz.choices: must NOT have fewer than 2 items$/
		},
		{
			name: 'the same choice twice',
			recap: `Text.\n\n\`\`\`quiz\nquestion: Q?\nchoices: [a, a]\nanswer: 0\nexplain: E.\n\`\`\``,
			error: /^25: quiz.choices: each choice must differ/
		},
		{
			name: 'a choice that is an object (markup smuggled as YAML)',
			recap: `Text.\n\n\`\`\`quiz\nquestion: Q?\nchoices: [{script: alert(1)}, b]\nanswer: 0\nexplain: E.\n\`\`\``,
			error: /^26: quiz.choices\[0\]: must be string$/
		},
		{
			name: 'an unknown field',
			recap: `Text.\n\n\`\`\`quiz\nquestion: Q?\nchoices: [a, b]\nanswer: 0\nexplain: E.\nonclick: x\n\`\`\``,
			error: /^29: quiz: unknown field "onclick"$/
		},
		{
			name: 'a YAML alias bomb',
			recap: `Text.\n\n\`\`\`quiz\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n\`\`\``,
			error: /invalid YAML|cannot read lesson|unknown field/
		},
		{
			name: 'a negative answer',
			recap: `Text.\n\n\`\`\`quiz\nquestion: Q?\nchoices: [a, b]\nanswer: -1\nexplain: E.\n\`\`\``,
			error: /^27: quiz.answer: must be >= 0$/
		},
		{
			name: 'not YAML at all',
			recap: `Text.\n\n\`\`\`quiz\nquestion: [unclosed\n\`\`\``,
			error: /invalid YAML/
		},
		{
			name: 'a check block in the recap',
			recap: `Text.\n\n\`\`\`check\n- name: x\n  ran: { command: ls }\n\`\`\``,
			error: /^24: a ```check block belongs in a step, not in the recap$/
		},
		{ name: 'a recap with no text', recap: QUIZ, error: /^20: the recap needs text/ }
	])('rejects $name with a message and its line', ({ recap, error }) => {
		const found = messages(recap);
		expect(found.length).toBeGreaterThan(0);
		expect(
			found.some((m) => error.test(m)),
			found.join('\n')
		).toBe(true);
	});

	it('rejects a quiz inside a step and a step after the recap', () => {
		const inStep = loadLesson(`${FRONT}\n${STEP}\n${QUIZ}\n`, { file: 'x.md' });
		expect(inStep.problems?.map((p) => p.message)).toEqual([
			'a ```quiz block belongs in the "## Recap" section after the last step'
		]);
		const after = loadLesson(`${FRONT}\n## Recap\n\nText.\n\n${STEP}`, { file: 'x.md' });
		expect(after.problems?.map((p) => `${p.line}: ${p.message}`)).toEqual([
			'13: the "## Recap" section comes after the last step'
		]);
	});
});

describe('quiz answers', () => {
	const lesson = load(
		`Text.\n\n${QUIZ}\n\n\`\`\`quiz\nquestion: Second?\nchoices: [x, y, z]\nanswer: 0\nexplain: X.\n\`\`\``
	).lesson!;

	it('records the first answer and whether it was right, in progress', () => {
		const progress = store();
		let changes = 0;
		const quiz = new Quiz(lesson, progress, () => changes++);
		expect(quiz.choose(0, 0)).toBe(false);
		// The explanation is out: a second answer changes nothing.
		expect(quiz.choose(0, 1)).toBe(false);
		expect(quiz.choose(1, 0)).toBe(true);
		expect(changes).toBe(2);
		expect(progress.quiz('demo')).toEqual({
			0: { choice: 0, correct: false },
			1: { choice: 0, correct: true }
		});
		expect(quiz.score).toEqual({ answered: 2, right: 1, total: 2 });
		// Reopened (a reload): the answers are still there.
		expect(new Quiz(lesson, progress, () => {}).answer(0)).toEqual({ choice: 0, correct: false });
		quiz.reset();
		expect(progress.quiz('demo')).toEqual({});
	});

	it('records nothing for a question or choice that does not exist', () => {
		const progress = store();
		const quiz = new Quiz(lesson, progress, () => {});
		expect(quiz.choose(5, 0)).toBeUndefined();
		expect(quiz.choose(0, 7)).toBeUndefined();
		expect(quiz.choose(0, -1)).toBeUndefined();
		expect(quiz.choose(0, 0.5)).toBeUndefined();
		expect(progress.quiz('demo')).toEqual({});
	});

	it('keeps answers through export and import; drops malformed ones', () => {
		const progress = store();
		new Quiz(lesson, progress, () => {}).choose(1, 2);
		const parsed = parseProgress(progress.export());
		expect('error' in parsed ? parsed : parsed.lessons.demo?.quiz).toEqual({
			1: { choice: 2, correct: false }
		});
		const bad = parseProgress(
			JSON.stringify({
				version: 1,
				lessons: { demo: { steps: {}, quiz: { 0: { choice: 'x' }, x: { choice: 1 }, 1: 5 } } }
			})
		);
		expect('error' in bad ? bad : bad.lessons.demo).toEqual({ current: 0, steps: {} });
	});
});

describe('the course', () => {
	const lessons = lessonDirs().map((d) => ({ folder: d.split('/').at(-1)!, ...loadLessonDir(d) }));

	it.each(lessons)('$folder ends with a recap and 2–3 questions', ({ lesson }) => {
		expect(lesson?.recap?.text.length).toBeGreaterThan(80);
		expect(lesson!.recap!.quiz.length).toBeGreaterThanOrEqual(2);
		expect(lesson!.recap!.quiz.length).toBeLessThanOrEqual(3);
	});

	it('varies where the right answer sits: no position holds half of them', () => {
		const answers = lessons.flatMap(({ lesson }) => lesson?.recap?.quiz.map((q) => q.answer) ?? []);
		const counts = new Map<number, number>();
		for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
		expect(answers.length).toBeGreaterThanOrEqual(2 * lessons.length);
		for (const n of counts.values()) expect(n).toBeLessThan(answers.length / 2);
	});
});
