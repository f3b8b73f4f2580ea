/**
 * A learner's progress as their tab builds it: a session replayed as the lesson pane and the
 * terminal would report it, checked against what the instructor's row must show, and against
 * the hub's own schema (a progress the hub would reject is a learner who vanishes).
 */
import { describe, expect, it } from 'vitest';
import { lessonStatus, type LessonSnapshot } from '../../src/lessons/activity.ts';
import { LearnerState, printable, type StatusInput } from '../../src/workshop/learner-state.ts';
import { LIMITS } from '../../src/workshop/protocol.ts';
import { learnerProgress, parseMessage } from '../../src/workshop/validate.ts';

const T0 = 1_700_000_000_000;
const MIN = 60_000;

function status(over: Partial<StatusInput> = {}): StatusInput {
	return {
		lesson: 'join-the-mesh',
		lessonTitle: 'Join the mesh',
		step: 1,
		stepTitle: 'Label the namespace',
		stepsTotal: 3,
		stepsDone: 0,
		checksPassed: 0,
		checksTotal: 2,
		stepPassed: false,
		hintsUsed: 0,
		solveUsed: false,
		failing: { name: 'default is labelled', evidence: ['namespace default has no label'] },
		...over
	};
}

const learner = (command: string, exitCode = 0) => ({ command, exitCode, by: 'learner' as const });

describe('LearnerState', () => {
	it('starts with no lesson, and every send takes the next seq', () => {
		const s = new LearnerState();
		const a = s.progress(T0);
		const b = s.progress(T0 + 1);
		expect(a).toMatchObject({
			seq: 1,
			lesson: null,
			step: null,
			failing: null,
			recentCommands: []
		});
		expect(b.seq).toBe(2);
		expect(parseMessage(learnerProgress, a).ok).toBe(true);
	});

	it('opening a step sets when the learner arrived; a passing item counts as progress', () => {
		const s = new LearnerState();
		s.activity({ type: 'step' }, T0);
		s.status(status(), T0);
		s.status(status({ checksPassed: 1 }), T0 + 2 * MIN);
		const p = s.progress(T0 + 3 * MIN);
		expect(p).toMatchObject({
			lesson: 'join-the-mesh',
			step: 1,
			checksPassed: 1,
			checksTotal: 2,
			stepStartedAt: T0,
			lastProgressAt: T0 + 2 * MIN
		});
	});

	it('counts learner commands in a row that leave the same item failing; engine commands do not count', () => {
		const s = new LearnerState();
		s.status(status(), T0);
		for (const c of ['kubectl get ns', 'kubectl label ns default x=y', 'kubectl get pods']) {
			s.command(learner(c), T0);
			s.status(status(), T0);
		}
		s.command({ command: 'kubectl apply -f setup.yaml', exitCode: 0, by: 'engine' }, T0);
		s.status(status(), T0);
		const p = s.progress(T0);
		expect(p.failing).toEqual({
			name: 'default is labelled',
			evidence: ['namespace default has no label'],
			count: 3
		});
		expect(p.recentCommands.map((c) => c.text)).toEqual([
			'kubectl get ns',
			'kubectl label ns default x=y',
			'kubectl get pods'
		]);
	});

	it('a different failing item, or a new step, starts the count again', () => {
		const s = new LearnerState();
		s.status(status(), T0);
		s.command(learner('a'), T0);
		s.status(status(), T0);
		s.command(learner('b'), T0);
		s.status(status({ failing: { name: 'traffic is mTLS', evidence: [] } }), T0);
		expect(s.progress(T0).failing?.count).toBe(0);
		s.command(learner('c'), T0);
		s.status(status({ failing: { name: 'traffic is mTLS', evidence: [] } }), T0);
		expect(s.progress(T0).failing?.count).toBe(1);
		s.status(status({ step: 2 }), T0 + MIN);
		const p = s.progress(T0 + MIN);
		expect(p.failing?.count).toBe(0);
		expect(p.stepStartedAt).toBe(T0 + MIN);
	});

	it('a passed step has no failing item', () => {
		const s = new LearnerState();
		s.status(status({ stepPassed: true, checksPassed: 2, failing: null }), T0);
		expect(s.progress(T0)).toMatchObject({ stepPassed: true, failing: null });
	});

	it('keeps the last five commands, cut to the hub limits and free of terminal escapes', () => {
		const s = new LearnerState();
		for (let i = 1; i <= 7; i++) s.command(learner(`echo ${i}`, i === 7 ? 300 : 0), T0);
		s.command(learner('\u001b[31mred\u001b[0m ' + 'x'.repeat(400)), T0);
		const p = s.progress(T0);
		expect(p.recentCommands).toHaveLength(LIMITS.recentCommands);
		expect(p.recentCommands[0]?.text).toBe('echo 4');
		expect(p.recentCommands[3]).toEqual({ text: 'echo 7', exitCode: 255 });
		const last = p.recentCommands[4]!.text;
		expect(last.startsWith('red xxx')).toBe(true);
		expect(last).toHaveLength(LIMITS.commandChars);
		expect(parseMessage(learnerProgress, p).ok).toBe(true);
	});

	it('cuts long evidence to the hub limits, so the hub accepts it', () => {
		const s = new LearnerState();
		const evidence = Array.from({ length: 20 }, (_, i) => `line ${i} \r` + 'e'.repeat(500));
		s.status(status({ failing: { name: 'n'.repeat(300), evidence } }), T0);
		const p = s.progress(T0);
		expect(p.failing?.evidence).toHaveLength(LIMITS.evidenceLines);
		expect(p.failing?.evidence[0]?.length).toBe(LIMITS.evidenceChars);
		expect(parseMessage(learnerProgress, p).ok).toBe(true);
	});

	it('carries the answer to the ready check', () => {
		const s = new LearnerState();
		s.answerReady('check-1', true);
		expect(s.progress(T0).ready).toEqual({ checkId: 'check-1', ready: true });
	});

	it('closing the lesson clears lesson, step and times', () => {
		const s = new LearnerState();
		s.status(status(), T0);
		s.status(null, T0 + 1);
		expect(s.progress(T0 + 1)).toMatchObject({ lesson: null, stepStartedAt: null, failing: null });
	});
});

describe('printable', () => {
	it.each([
		['plain', 10, 'plain'],
		['tab\tand\nnewline stay', 40, 'tab\tand\nnewline stay'],
		['bell\u0007 and cr\r go', 40, 'bell and cr go'],
		['abcdefghij', 5, 'abcd…']
	])('%j (max %i) → %j', (input, max, expected) => {
		expect(printable(input, max)).toBe(expected);
	});
});

describe('lessonStatus (the lesson pane’s status for a snapshot)', () => {
	const snapshot = (over: Partial<LessonSnapshot> = {}): LessonSnapshot => ({
		lesson: { id: 'l4', title: 'L4 policy', steps: [{ title: 'one' }, { title: 'two' }] },
		step: 1,
		busy: undefined,
		report: {
			passed: false,
			conditions: [
				{ name: 'policy exists', passed: true, evidence: [] },
				{
					name: 'sleep is denied',
					passed: false,
					failure: 'curl still works',
					evidence: ['curl → 200']
				}
			]
		},
		states: [
			{ status: 'solved', hints: 0 },
			{ status: 'pending', hints: 2 }
		],
		...over
	});

	it('names the step, counts checks and finds the first failing item with its failure first', () => {
		expect(lessonStatus(snapshot())).toEqual({
			lesson: 'l4',
			lessonTitle: 'L4 policy',
			step: 2,
			stepTitle: 'two',
			stepsTotal: 2,
			stepsDone: 1,
			checksPassed: 1,
			checksTotal: 2,
			stepPassed: false,
			hintsUsed: 2,
			solveUsed: false,
			failing: { name: 'sleep is denied', evidence: ['curl still works', 'curl → 200'] }
		});
	});

	it('is undefined while the engine replays or solves', () => {
		expect(lessonStatus(snapshot({ busy: 'Solving…' }))).toBeUndefined();
	});

	it('reports Solve on the current step', () => {
		const s = lessonStatus(
			snapshot({
				states: [
					{ status: 'solved', hints: 0 },
					{ status: 'solved-with-help', hints: 0 }
				]
			})
		);
		expect(s?.solveUsed).toBe(true);
		expect(s?.stepsDone).toBe(2);
	});
});
