/**
 * Predict, then observe (issue 14): a prediction's answer and explanation show only once the
 * learner ran the command that settles it; until then the checklist does not name the outcome;
 * across the course the right answer is not always in the same place.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LessonEngine } from '../../src/lessons/engine.ts';
import type { HeadlessHost } from '../../src/lessons/headless-host.ts';
import { loadLesson } from '../../src/lessons/loader.ts';
import { ProgressStore } from '../../src/lessons/progress.ts';
import { verifyLesson } from '../../src/lessons/verify.ts';
import {
	headlessHost,
	LESSONS_DIR,
	lessonDirs,
	loadLessonDir
} from '../../scripts/lessons-check.ts';

const CURL = 'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage';
const ALLOW_NOTHING = `kubectl apply -f - <<EOF
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-nothing
  namespace: default
spec: {}
EOF`;
const l4 = loadLessonDir(`${LESSONS_DIR}/05-l4-authorization`).lesson!;

let host: HeadlessHost | undefined;
afterEach(async () => {
	await host?.dispose();
	host = undefined;
});

function store(): ProgressStore {
	let text: string | null = null;
	return new ProgressStore({ load: () => text, save: (t) => void (text = t) });
}

const names = (engine: LessonEngine): string[] =>
	engine.report?.conditions.map((c) => c.name) ?? [];

describe('a prediction', () => {
	it('stays unsettled, and the checklist neutral, until the learner runs the command it is about', async () => {
		host = headlessHost();
		const progress = store();
		const engine = new LessonEngine(l4, host, { progress });
		await engine.start(0);
		expect(engine.answerPrediction(0)).toBe(false);
		expect(engine.predictionSettled).toBe(false);

		// The policy alone passes the check (the engine's own probe sees the reset), but the
		// learner has not looked: nothing names the outcome yet.
		await host.type(ALLOW_NOTHING);
		const report = await engine.check();
		expect(report.passed).toBe(true);
		expect(engine.predictionSettled).toBe(false);
		expect(names(engine)).toContain('curl → productpage, with allow-nothing in place');
		expect(names(engine).join(' ')).not.toMatch(/56|reset/);

		const curl = await host.type(CURL);
		expect(curl.exitCode).toBe(56);
		await engine.evaluate();
		expect(engine.predictionSettled).toBe(true);
		expect(names(engine)).toContain('curl → productpage is reset (exit code 56)');
		expect(progress.step(l4.id, 0)?.prediction).toEqual({
			choice: 0,
			correct: false,
			settled: true
		});
	}, 90_000);

	it('hides the evidence of a neutral item while unsettled', async () => {
		host = headlessHost();
		const engine = new LessonEngine(l4, host);
		await engine.start(0);
		engine.answerPrediction(2);
		const report = await engine.check();
		const item = report.conditions.find((c) => c.name.startsWith('curl → productpage'));
		expect(item?.passed).toBe(false);
		expect(item?.failure).toBeUndefined();
		expect(item?.evidence).toEqual(['run the command the prediction is about to find out']);
	}, 90_000);

	it('settled before the answer: answering shows the explanation at once', async () => {
		host = headlessHost();
		const engine = new LessonEngine(l4, host);
		await engine.start(0);
		await host.type(ALLOW_NOTHING);
		await host.type(CURL);
		await engine.evaluate();
		expect(engine.predictionSettled).toBe(true);
		engine.answerPrediction(2);
		expect(engine.state().prediction).toEqual({ choice: 2, correct: true, settled: true });
	}, 90_000);

	it('Reset step asks it again, unsettled', async () => {
		host = headlessHost();
		const engine = new LessonEngine(l4, host);
		await engine.start(0);
		engine.answerPrediction(2);
		await host.type(CURL);
		await engine.evaluate();
		expect(engine.predictionSettled).toBe(true);
		await engine.resetStep();
		expect(engine.state().prediction).toBeUndefined();
		expect(engine.predictionSettled).toBe(false);
	}, 90_000);
});

const lessonWith = (solution: string, settledBy = 'kubectl get pods') =>
	loadLesson(
		`---
id: settle
title: Settle
summary: A prediction and the command that settles it.
level: beginner
minutes: 1
setup:
  scenario: bookinfo
---

## Step: Label

\`\`\`predict
question: Will the pods restart?
choices: ["No", "Yes"]
answer: 0
explain: Ambient mode redirects traffic without restarting pods.
settledBy: ${settledBy}
\`\`\`

\`\`\`solution
${solution}
\`\`\`

\`\`\`check
- name: default is labelled
  resource:
    kind: namespace
    name: default
    labels:
      istio.io/dataplane-mode: ambient
\`\`\`
`,
		{ file: 'settle.md' }
	).lesson!;

describe('lessons:check and predictions', () => {
	it('reports a solution that never runs the settling command', async () => {
		const label = 'kubectl label namespace default istio.io/dataplane-mode=ambient';
		expect(await verifyLesson(lessonWith(`${label}\nkubectl get pods`), headlessHost)).toEqual([]);
		expect(await verifyLesson(lessonWith(label), headlessHost)).toEqual([
			{
				step: 0,
				message: 'the solution never settles the prediction: run "kubectl get pods" in it'
			}
		]);
	}, 90_000);

	const predictions = lessonDirs().flatMap((dir) =>
		(loadLessonDir(dir).lesson?.steps ?? []).flatMap((s) =>
			s.predict ? [{ where: `${dir.split('/').at(-1)}: ${s.title}`, predict: s.predict }] : []
		)
	);

	it('every prediction in the course names the command that settles it', () => {
		expect(predictions.length).toBeGreaterThan(10);
		expect(
			predictions.filter((p) => p.predict.settledBy === undefined).map((p) => p.where)
		).toEqual([]);
	});

	it("the right answer's position varies across the course", () => {
		const counts = new Map<number, number>();
		for (const { predict } of predictions)
			counts.set(predict.answer, (counts.get(predict.answer) ?? 0) + 1);
		// Every one of the first three places holds an answer, and none holds half of them.
		expect([...counts.keys()].sort()).toEqual(expect.arrayContaining([0, 1, 2]));
		expect(Math.max(...counts.values())).toBeLessThan(predictions.length / 2);
	});
});
