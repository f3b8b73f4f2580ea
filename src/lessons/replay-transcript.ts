/**
 * A lesson replayed headlessly as a transcript: each step's heading, its solution typed as a
 * learner would (`$ COMMAND` and output, like `npm run sim`), and the check before and after.
 * `npm run sim -- --lesson lessons/NN-slug` prints it.
 */
import { lookViews } from './checks/looked.ts';
import type { ConditionResult, CheckReport } from './checks/result.ts';
import { LessonEngine } from './engine.ts';
import type { HeadlessHost } from './headless-host.ts';
import type { Lesson } from './types.ts';

function lines(report: CheckReport, indent = '  '): string {
	const one = (c: ConditionResult): string[] => [
		`${indent}${c.passed ? '✓' : '✗'} ${c.name}`,
		...(c.passed ? [] : c.evidence.map((e) => `${indent}    ${e}`))
	];
	return report.conditions.flatMap(one).join('\n') + '\n';
}

/** Replays `lesson` on `host`, writing the transcript to `write`. Resolves true if all passed. */
export async function replayTranscript(
	lesson: Lesson,
	host: HeadlessHost,
	write: (text: string) => void
): Promise<boolean> {
	const engine = new LessonEngine(lesson, host);
	write(`# ${lesson.title} (${lesson.id})\n`);
	await engine.start(0);
	let ok = true;
	for (let i = 0; i < lesson.steps.length; i++) {
		const step = lesson.steps[i]!;
		if (i > 0) {
			await (step.setup ? engine.start(i) : engine.goTo(i));
		}
		write(`\n## Step ${i + 1}: ${step.title}\ncheck before:\n${lines(await engine.evaluate())}`);
		for (const command of step.solution) {
			const r = await host.type(command);
			write(`$ ${r.command}\n${r.output}${r.output === '' || r.output.endsWith('\n') ? '' : '\n'}`);
		}
		for (const view of lookViews(step.check)) {
			await engine.look(view);
			write(`(looks at the ${view} view)\n`);
		}
		const after = await engine.evaluate();
		write(`check after:\n${lines(after)}`);
		ok &&= after.passed;
	}
	return ok;
}
