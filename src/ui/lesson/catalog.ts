/**
 * The lessons shipped with the page: every lessons/NN-slug/lesson.md and the files beside it,
 * bundled as text by Vite and loaded with the same loader lessons:check uses. A folder's
 * `lesson.LANG.md` files are its translations (src/lessons/translation.ts); one that does not
 * load or has drifted from the original is left out, and the learner reads the original.
 */
import { loadLesson } from '../../lessons/loader.ts';
import { translationDrift, translationLang } from '../../lessons/translation.ts';
import type { Lesson, LessonProblem } from '../../lessons/types.ts';

const FILES = import.meta.glob<string>('/lessons/*/**/*.{md,yaml,yml}', {
	query: '?raw',
	import: 'default',
	eager: true
});

export interface CatalogEntry {
	readonly folder: string;
	readonly lesson?: Lesson;
	readonly problems: readonly LessonProblem[];
	/** Translations that load and match the original, by language. */
	readonly translations: Readonly<Record<string, Lesson>>;
	/** Why a translation was left out (lessons:check reports the same). */
	readonly translationProblems: readonly string[];
}

export function loadCatalog(files: Record<string, string> = FILES): CatalogEntry[] {
	const out: CatalogEntry[] = [];
	const load = (folder: string, name: string, source: string) =>
		loadLesson(source, {
			file: `lessons/${folder}/${name}`,
			path: folder,
			readFile: (p) => files[`/lessons/${folder}/${p.replace(/^\.\//, '')}`]
		});
	for (const [path, source] of Object.entries(files)) {
		const m = /^\/lessons\/(\d\d-[^/]+)\/lesson\.md$/.exec(path);
		if (!m) continue;
		const folder = m[1] as string;
		const result = load(folder, 'lesson.md', source);
		const translations: Record<string, Lesson> = {};
		const translationProblems: string[] = [];
		for (const [other, text] of Object.entries(files)) {
			const name = other.slice(`/lessons/${folder}/`.length);
			const lang = other.startsWith(`/lessons/${folder}/`) ? translationLang(name) : undefined;
			if (!lang || lang === 'en' || !result.lesson) continue;
			const t = load(folder, name, text);
			const drift = t.lesson
				? translationDrift(result.lesson, t.lesson, lang)
				: t.problems.map((p) => `line ${p.line}: ${p.message}`);
			if (t.lesson && drift.length === 0) translations[lang] = t.lesson;
			else translationProblems.push(...drift.map((d) => `lessons/${folder}/${name}: ${d}`));
		}
		out.push({
			folder,
			...(result.lesson ? { lesson: result.lesson } : {}),
			problems: result.problems ?? [],
			translations,
			translationProblems
		});
	}
	return out.sort((a, b) => a.folder.localeCompare(b.folder));
}
