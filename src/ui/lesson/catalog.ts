/**
 * The lessons shipped with the page: every lessons/NN-slug/lesson.md and the files beside it,
 * bundled as text by Vite and loaded with the same loader lessons:check uses.
 */
import { loadLesson } from '../../lessons/loader.ts';
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
}

export function loadCatalog(files: Record<string, string> = FILES): CatalogEntry[] {
	const out: CatalogEntry[] = [];
	for (const [path, source] of Object.entries(files)) {
		const m = /^\/lessons\/(\d\d-[^/]+)\/lesson\.md$/.exec(path);
		if (!m) continue;
		const folder = m[1] as string;
		const result = loadLesson(source, {
			file: `lessons/${folder}/lesson.md`,
			path: folder,
			readFile: (p) => files[`/lessons/${folder}/${p.replace(/^\.\//, '')}`]
		});
		out.push({
			folder,
			...(result.lesson ? { lesson: result.lesson } : {}),
			problems: result.problems ?? []
		});
	}
	return out.sort((a, b) => a.folder.localeCompare(b.folder));
}
