/** The engine on a real (in-process) cluster, driven by lesson 03's data. */
import { afterEach, describe, expect, it } from 'vitest';
import { LessonEngine } from '../../src/lessons/engine.ts';
import type { HeadlessHost } from '../../src/lessons/headless-host.ts';
import { ProgressStore } from '../../src/lessons/progress.ts';
import { headlessHost, LESSONS_DIR, loadLessonDir } from '../../scripts/lessons-check.ts';

const { lesson } = loadLessonDir(`${LESSONS_DIR}/03-join-the-mesh`);
let host: HeadlessHost | undefined;
afterEach(async () => {
	await host?.dispose();
});

function store(): ProgressStore {
	let text: string | null = null;
	return new ProgressStore({ load: () => text, save: (t) => void (text = t) });
}

describe('LessonEngine', () => {
	it('reveals hints one at a time, then none', async () => {
		host = headlessHost();
		const engine = new LessonEngine(lesson!, host);
		await engine.start(1);
		expect(engine.revealHint()?.text).toMatch(/istio.io\/dataplane-mode/);
		expect(engine.revealHint()?.text).toMatch(/kubectl label namespace default/);
		expect(engine.revealHint()).toBeUndefined();
		expect(engine.state().hints).toBe(2);
	}, 60_000);

	it('keeps recap answers in progress; Reset lesson asks the quiz again', async () => {
		host = headlessHost();
		const progress = store();
		const engine = new LessonEngine(lesson!, host, { progress });
		await engine.start(0);
		const right = lesson!.recap!.quiz[0]!.answer;
		expect(engine.quiz.choose(0, right)).toBe(true);
		expect(new LessonEngine(lesson!, host, { progress }).quiz.answer(0)).toEqual({
			choice: right,
			correct: true
		});
		await engine.resetLesson();
		expect(engine.quiz.answer(0)).toBeUndefined();
		expect(progress.quiz(lesson!.id)).toEqual({});
	}, 60_000);

	it('credits a learner who solves the step, and not one who used Solve; undo restores', async () => {
		host = headlessHost();
		const progress = store();
		const engine = new LessonEngine(lesson!, host, { progress });
		await engine.start(1);
		expect(engine.report?.passed).toBe(false);

		// A harmless failed command first: it must not poison the step.
		await host.type('kubectl label namespace nope istio.io/dataplane-mode=ambient');
		await host.type('kubectl label namespace default istio.io/dataplane-mode=ambient');
		expect((await engine.evaluate()).passed).toBe(true);
		expect(engine.state().status).toBe('solved');

		await engine.goTo(2);
		expect(engine.step).toBe(2);
		const solved = await engine.solve();
		expect(solved.passed).toBe(true);
		expect(engine.state().status).toBe('solved-with-help');
		expect(progress.step(lesson!.id, 2)?.status).toBe('solved-with-help');

		expect(engine.canUndoSolve).toBe(true);
		expect(await engine.undoSolve()).toBe('ok');
		expect(engine.state().status).toBe('pending');
		expect(engine.report?.passed).toBe(false);
		// The step starts again from the end of step 2: the namespace is still labelled.
		const ns = host.cluster.api.get(host.cluster.api.resolve('namespaces')!, undefined, 'default');
		expect('metadata' in ns && ns.metadata.labels?.['istio.io/dataplane-mode']).toBe('ambient');
	}, 90_000);

	it('records a prediction and whether it was right', async () => {
		host = headlessHost();
		const engine = new LessonEngine(lesson!, host);
		await engine.start(1);
		expect(engine.answerPrediction(0)).toBe(false);
		expect(engine.state().prediction).toEqual({ choice: 0, correct: false });
	}, 60_000);
});

describe('LessonEngine resets and explanations', () => {
	it('Reset lesson hides every revealed hint and asks every prediction again; solved stays solved', async () => {
		host = headlessHost();
		const progress = store();
		const engine = new LessonEngine(lesson!, host, { progress });
		await engine.start(1);
		expect(engine.revealHint()).toBeDefined();
		engine.answerPrediction(0);
		await host.type('kubectl label namespace default istio.io/dataplane-mode=ambient');
		expect((await engine.evaluate()).passed).toBe(true);
		expect(engine.state()).toMatchObject({ status: 'solved', hints: 1 });

		expect(await engine.resetLesson()).toBe('ok');
		expect(engine.step).toBe(0);
		expect(engine.state(1)).toEqual({ status: 'solved', hints: 0 });
		expect(progress.step(lesson!.id, 1)).toEqual({ status: 'solved', hints: 0 });
		// The cluster is back at the lesson's start too.
		const ns = host.cluster.api.get(host.cluster.api.resolve('namespaces')!, undefined, 'default');
		expect('metadata' in ns && ns.metadata.labels?.['istio.io/dataplane-mode']).toBeFalsy();
	}, 90_000);

	it('Reset step forgets that step’s hints and prediction', async () => {
		host = headlessHost();
		const engine = new LessonEngine(lesson!, host);
		await engine.start(1);
		engine.revealHint();
		engine.answerPrediction(1);
		expect(await engine.resetStep()).toBe('ok');
		expect(engine.state()).toEqual({ status: 'pending', hints: 0 });
	}, 60_000);

	it('explains failures only after Check, and not again at the next step’s start', async () => {
		host = headlessHost();
		const engine = new LessonEngine(lesson!, host);
		await engine.start(1);
		expect(engine.report?.passed).toBe(false);
		expect(engine.explained).toBe(false);
		await engine.check();
		expect(engine.explained).toBe(true);
		await host.type('kubectl label namespace default istio.io/dataplane-mode=ambient');
		expect((await engine.evaluate()).passed).toBe(true);
		await engine.goTo(2);
		expect(engine.step).toBe(2);
		expect(engine.explained).toBe(false);
		await engine.check();
		expect(engine.explained).toBe(true);
		await engine.resetStep();
		expect(engine.explained).toBe(false);
	}, 60_000);
});
