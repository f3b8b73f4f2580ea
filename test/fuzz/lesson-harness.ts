/**
 * Loads one fuzzed lesson file through the real loader and says what is wrong with the outcome:
 * a throw (or a throw the loader caught: "cannot read lesson"), a run past the time budget, a
 * problem without a file, line or message, JavaScript leaking into a message, or a "valid"
 * lesson the engine could not run (no steps, a step without a check or a solution, fields of
 * the wrong type). A loaded lesson's text must also render: marked, configured as the page's
 * renderer is, within the budget (the loader's markdown limits promise it).
 */
import { Marked } from 'marked';
import { loadLesson, type LoadResult } from '../../src/lessons/loader.ts';
import type { Lesson } from '../../src/lessons/types.ts';
import type { LessonCase } from './lesson-generator.ts';

/** Far above what a real lesson takes (a few ms); a catastrophic pattern takes seconds. */
export const LESSON_BUDGET_MS = 1_000;

const LEAKS: readonly RegExp[] = [
	/\n\s+at .*:\d+:\d+\)?/,
	/\b(Type|Range|Reference)Error\b/,
	/undefined is not/,
	/\[object Object\]/,
	/Cannot (read|set) propert/,
	/is not a function/,
	/Maximum call stack/,
	/cannot read lesson/
];

const marked = new Marked({ gfm: true });

export interface LessonOutcome {
	readonly loaded: boolean;
	readonly millis: number;
	readonly problems: string[];
}

export function runLessonInput(input: LessonCase): LessonOutcome {
	const problems: string[] = [];
	const started = performance.now();
	let result: LoadResult | undefined;
	try {
		result = loadLesson(input.markdown, {
			file: 'fuzz/lesson.md',
			readFile: (path) => input.files.get(path)
		});
	} catch (e) {
		problems.push(`loadLesson threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
	}
	if (result?.problems) {
		if (result.problems.length === 0) problems.push('no lesson and no problems');
		for (const p of result.problems) {
			if (p.file !== 'fuzz/lesson.md')
				problems.push(`problem names file ${JSON.stringify(p.file)}`);
			if (!Number.isInteger(p.line) || p.line < 0) problems.push(`problem line ${String(p.line)}`);
			if (typeof p.message !== 'string' || p.message.trim() === '')
				problems.push('a problem without a message');
			const leak = LEAKS.find((re) => re.test(p.message) && !re.test(input.markdown));
			if (leak)
				problems.push(`problem matches ${leak}: ${JSON.stringify(p.message.slice(0, 300))}`);
		}
	}
	if (result?.lesson) {
		problems.push(...lessonShapeProblems(result.lesson));
		try {
			for (const text of [result.lesson.intro, ...result.lesson.steps.map((s) => s.text)])
				marked.parse(text, { async: false });
		} catch (e) {
			problems.push(`a loaded lesson's text does not render: ${String(e)}`);
		}
	}
	const millis = performance.now() - started;
	if (millis > LESSON_BUDGET_MS) problems.push(`took ${Math.round(millis)} ms`);
	return { loaded: !!result?.lesson, millis, problems };
}

/** What the engine relies on in a lesson the loader accepted. */
function lessonShapeProblems(lesson: Lesson): string[] {
	const out: string[] = [];
	const str = (v: unknown, what: string): void => {
		if (typeof v !== 'string' || v === '') out.push(`${what} is ${JSON.stringify(v)}`);
	};
	str(lesson.id, 'id');
	str(lesson.title, 'title');
	if (!['beginner', 'intermediate', 'advanced'].includes(lesson.level))
		out.push(`level is ${JSON.stringify(lesson.level)}`);
	if (typeof lesson.minutes !== 'number' || !(lesson.minutes > 0))
		out.push(`minutes is ${JSON.stringify(lesson.minutes)}`);
	if (!Number.isInteger(lesson.seed)) out.push(`seed is ${JSON.stringify(lesson.seed)}`);
	if (!lesson.setup.commands.every((c) => typeof c === 'string'))
		out.push('a setup command is not a string');
	if (lesson.steps.length === 0) out.push('a lesson without steps');
	for (const [i, s] of lesson.steps.entries()) {
		if (s.title === '') out.push(`step ${i + 1} has no title`);
		if (!Array.isArray(s.check) || s.check.length === 0) out.push(`step ${i + 1} has no check`);
		if (s.solution.length === 0) out.push(`step ${i + 1} has no solution`);
		if (s.predict && !(s.predict.answer >= 0 && s.predict.answer < s.predict.choices.length))
			out.push(`step ${i + 1}'s predict answer is not an index of its choices`);
	}
	return out;
}
