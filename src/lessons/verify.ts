/**
 * What `npm run lessons:check` proves about a lesson, on the headless host: every step's check
 * FAILS at the step's start and PASSES after its solution (the whole lesson replayed end to
 * end), each wrong answer does NOT pass, each valid one does, a look step does not pass without
 * its look, a prediction is settled by the solution and not before, a hint about what the
 * learner did (`when`) holds at the step's start or after a wrong answer (else no one sees it)
 * and not after the solution, and prerequisites name lessons that exist.
 */
import { lookViews } from './checks/looked.ts';
import type { CheckReport } from './checks/result.ts';
import { LessonEngine } from './engine.ts';
import type { HeadlessHost } from './headless-host.ts';
import type { Lesson } from './types.ts';

export interface VerifyProblem {
	readonly step?: number;
	readonly message: string;
}

export function verifyLinks(lesson: Lesson, known: ReadonlySet<string>): VerifyProblem[] {
	return lesson.prerequisites
		.filter((p) => !known.has(p))
		.map((p) => ({ message: `prerequisite "${p}" is not a lesson id` }));
}

function failing(report: CheckReport): string {
	return report.conditions
		.filter((c) => !c.passed)
		.map((c) => `"${c.name}": ${c.evidence.join('; ')}`)
		.join(' | ');
}

/** Replays the lesson; `makeHost` gives a fresh host for each independent replay. */
export async function verifyLesson(
	lesson: Lesson,
	makeHost: () => HeadlessHost
): Promise<VerifyProblem[]> {
	const problems: VerifyProblem[] = [];
	/** Per step, the conditional hints seen holding (at its start or after a wrong answer). */
	const held = lesson.steps.map(() => new Set<number>());
	const host = makeHost();
	try {
		const engine = new LessonEngine(lesson, host);
		await engine.start(0);
		for (let i = 0; i < lesson.steps.length; i++) {
			const step = lesson.steps[i]!;
			if (i > 0) {
				if (step.setup) await engine.start(i);
				else await engine.goTo(i);
			}
			// No view on show: the previous step's look must not answer this one's.
			engine.viewing(undefined);
			const before = await engine.evaluate();
			for (const h of engine.hintsHolding) held[i]!.add(h);
			if (before.passed)
				problems.push({ step: i, message: "the check already passes at the step's start" });
			if (step.predict) {
				engine.answerPrediction(step.predict.answer);
				if (engine.predictionSettled)
					problems.push({ step: i, message: 'the prediction is settled before anything ran' });
			}
			// A solution may show a failure on purpose (a denied curl exits 56): only report
			// failed commands when the check does not pass either.
			const failed: string[] = [];
			for (const command of step.solution) {
				const r = await host.type(command);
				if (r.exitCode !== 0)
					failed.push(
						`\`${command.split('\n')[0]}\` exited ${r.exitCode}: ${r.output.trim().split('\n').at(-1)}`
					);
			}
			const views = lookViews(step.check);
			if (views.length > 0 && (await engine.evaluate()).passed)
				problems.push({
					step: i,
					message: `the check passes without looking at ${views.join(', ')}: the look cannot fail`
				});
			for (const view of views) await engine.look(view);
			const after = await engine.evaluate();
			if (!after.passed) {
				const also =
					failed.length > 0 ? ` (solution commands that failed: ${failed.join('; ')})` : '';
				problems.push({
					step: i,
					message: `the check fails after the solution: ${failing(after)}${also}`
				});
				break; // later steps start from this one's end state
			}
			// A hint about a mistake must not speak to a learner who solved the step.
			for (const h of engine.hintsHolding)
				problems.push({
					step: i,
					message: `hint ${h + 1}'s "when" still holds after the solution: it would point out a mistake the solution does not make`
				});
			if (step.predict && !engine.predictionSettled)
				problems.push({
					step: i,
					message: `the solution never settles the prediction: run ${JSON.stringify(step.predict.settledBy ?? 'a solution that passes')} in it`
				});
		}
	} finally {
		await host.dispose();
	}
	for (const [i, step] of lesson.steps.entries()) {
		const answers = [
			...step.wrong.map((commands) => ({ commands, shouldPass: false })),
			...step.valid.map((commands) => ({ commands, shouldPass: true }))
		];
		for (const { commands, shouldPass } of answers) {
			const h = makeHost();
			try {
				const engine = new LessonEngine(lesson, h);
				await engine.start(i);
				for (const command of commands) await h.type(command);
				// Answers are about commands; the look is the step's own.
				for (const view of lookViews(step.check)) await engine.look(view);
				const report = await engine.evaluate();
				if (!shouldPass) for (const h of engine.hintsHolding) held[i]!.add(h);
				const shown = commands.join('; ').split('\n')[0];
				if (report.passed && !shouldPass)
					problems.push({ step: i, message: `a wrong answer passes the check: ${shown}` });
				if (!report.passed && shouldPass)
					problems.push({
						step: i,
						message: `a valid answer fails the check: ${shown}: ${failing(report)}`
					});
			} finally {
				await h.dispose();
			}
		}
	}
	for (const [i, step] of lesson.steps.entries())
		for (const [h, hint] of step.hints.entries())
			if (hint.when && !held[i]!.has(h))
				problems.push({
					step: i,
					message: `hint ${h + 1}'s "when" never holds, at the step's start or after a wrong answer: no learner would see it`
				});
	return problems;
}
