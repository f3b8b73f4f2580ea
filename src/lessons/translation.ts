/**
 * Translated lessons. A translation lives beside the original as `lesson.LANG.md`
 * (`lessons/01-meet-the-cluster/lesson.de.md`) with the same `id` and `lang: LANG` in its front
 * matter. Only what a learner reads may differ: titles, prose, hints' text, predictions' and
 * quizzes' wording, check names and failure messages, instructor notes. Everything the engine
 * runs or judges must be identical, so a translation cannot drift from its original: steps
 * (their number, order and kind), setup, solutions, wrong and valid answers, checks, hints'
 * conditions, the answers of predictions and quizzes. Progress is kept by `id`, so it is shared.
 */
import type { Condition, Lesson, Step } from './types.ts';

/** `lesson.de.md` → `de`; `lesson.md` → `en`; anything else → undefined. */
export function translationLang(fileName: string): string | undefined {
	if (fileName === 'lesson.md') return 'en';
	return /^lesson\.([a-z]{2,3}(?:-[a-z0-9]{2,8})?)\.md$/.exec(fileName)?.[1];
}

/** Condition fields a learner reads; everything else in a check is behaviour. */
const WORDING = new Set(['name', 'failure', 'settledName']);

/** The condition without its wording, for comparison. */
function behaviour(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(behaviour);
	if (typeof value !== 'object' || value === null) return value;
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(value)) if (!WORDING.has(k)) out[k] = behaviour(v);
	return out;
}

function same(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/** Why `translated` (of `lang`) is not a faithful translation of `original`: [] when it is. */
export function translationDrift(original: Lesson, translated: Lesson, lang: string): string[] {
	const out: string[] = [];
	if (translated.lang !== lang)
		out.push(`front matter lang is "${translated.lang ?? 'en'}", the file name says "${lang}"`);
	if (translated.id !== original.id)
		out.push(`id "${translated.id}" differs from the original’s "${original.id}"`);
	for (const key of ['level', 'minutes', 'seed', 'prerequisites', 'setup'] as const)
		if (!same(original[key], translated[key])) out.push(`${key} differs from the original’s`);
	if (original.steps.length !== translated.steps.length)
		out.push(
			`${translated.steps.length} step(s), the original has ${original.steps.length}: translate every step, add none`
		);
	original.steps.forEach((o, i) => {
		const t = translated.steps[i];
		if (t) out.push(...stepDrift(o, t).map((m) => `step ${i + 1} "${t.title}": ${m}`));
	});
	const oq = original.recap?.quiz ?? [];
	const tq = translated.recap?.quiz ?? [];
	if (Boolean(original.recap) !== Boolean(translated.recap))
		out.push(original.recap ? 'the recap is missing' : 'a recap the original does not have');
	else if (oq.length !== tq.length)
		out.push(`the recap has ${tq.length} quiz question(s), the original ${oq.length}`);
	oq.forEach((q, i) => {
		const t = tq[i];
		if (t && (t.answer !== q.answer || t.choices.length !== q.choices.length))
			out.push(`quiz question ${i + 1}: choices or answer differ from the original’s`);
	});
	return out;
}

function stepDrift(o: Step, t: Step): string[] {
	const out: string[] = [];
	if (o.kind !== t.kind) out.push(`is a ${t.kind}, the original a ${o.kind}`);
	if (!same(o.solution, t.solution)) out.push('the solution differs from the original’s');
	if (!same(o.setup, t.setup)) out.push('the setup differs from the original’s');
	if (!same(o.wrong, t.wrong)) out.push('the wrong answers differ from the original’s');
	if (!same(o.valid, t.valid)) out.push('the valid answers differ from the original’s');
	if (o.minutes !== t.minutes) out.push('the estimated minutes differ from the original’s');
	if (!same(behaviour(o.check), behaviour(t.check as readonly Condition[])))
		out.push('the check differs from the original’s (only name, settledName and failure may)');
	if (o.hints.length !== t.hints.length)
		out.push(`${t.hints.length} hint(s), the original has ${o.hints.length}`);
	else if (
		!same(
			o.hints.map((h) => behaviour(h.when)),
			t.hints.map((h) => behaviour(h.when))
		)
	)
		out.push('a hint’s `when` differs from the original’s');
	const op = o.predict;
	const tp = t.predict;
	if (Boolean(op) !== Boolean(tp))
		out.push(op ? 'the prediction is missing' : 'a prediction the original does not have');
	else if (
		op &&
		tp &&
		(op.answer !== tp.answer ||
			op.choices.length !== tp.choices.length ||
			!same(op.settledBy, tp.settledBy))
	)
		out.push('the prediction’s choices, answer or settledBy differ from the original’s');
	return out;
}

/** A lesson (undefined if it did not load) with the translations that load and match it. */
export interface LocalizedLesson {
	readonly lesson?: Lesson | undefined;
	readonly translations: Readonly<Record<string, Lesson>>;
}

/** The lesson in `lang` if it is translated, else the original (English). */
export function inLanguage(entry: LocalizedLesson, lang: string): Lesson | undefined {
	return entry.lesson && (entry.translations[lang] ?? entry.lesson);
}
