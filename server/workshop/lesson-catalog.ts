/**
 * The bundled lessons as the hub needs them: id, title and step count, read from `lessons/` with
 * the same loader the page uses, so `--lessons 03,05` and a move to "step 4" are checked against
 * the real curriculum.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadLesson } from '../../src/lessons/loader.ts';

export interface CatalogLesson {
	readonly id: string;
	readonly title: string;
	readonly steps: number;
	/** `03-join-the-mesh` */
	readonly folder: string;
}

export const LESSONS_DIR = resolve(import.meta.dirname, '..', '..', 'lessons');

export function loadCatalog(root = LESSONS_DIR): CatalogLesson[] {
	if (!existsSync(root)) return [];
	const out: CatalogLesson[] = [];
	for (const d of readdirSync(root, { withFileTypes: true })) {
		const file = join(root, d.name, 'lesson.md');
		if (!d.isDirectory() || !/^\d\d-/.test(d.name) || !existsSync(file)) continue;
		const result = loadLesson(readFileSync(file, 'utf8'), {
			file: `lessons/${d.name}/lesson.md`,
			path: d.name,
			readFile: (p) => {
				const full = resolve(root, d.name, p);
				return full.startsWith(resolve(root, d.name)) && existsSync(full)
					? readFileSync(full, 'utf8')
					: undefined;
			}
		});
		if (result.lesson) {
			const { id, title, steps } = result.lesson;
			out.push({ id, title, steps: steps.length, folder: d.name });
		}
	}
	return out.sort((a, b) => a.folder.localeCompare(b.folder));
}

/**
 * `03`, `3`, `03-join-the-mesh` or `join-the-mesh` → the lesson id; an unknown name is an error
 * that lists what exists.
 */
export function resolveLessons(
	names: readonly string[],
	catalog: readonly CatalogLesson[]
): { ids: string[] } | { error: string } {
	const ids: string[] = [];
	for (const raw of names) {
		const name = raw.trim();
		if (!name) continue;
		const hit = catalog.find(
			(l) =>
				l.id === name ||
				l.folder === name ||
				(/^\d+$/.test(name) && Number(l.folder.slice(0, 2)) === Number(name))
		);
		if (!hit) {
			const known = catalog.map((l) => `${l.folder.slice(0, 2)} ${l.id}`).join(', ');
			return { error: `unknown lesson "${name}"; the lessons are: ${known}` };
		}
		if (!ids.includes(hit.id)) ids.push(hit.id);
	}
	return { ids };
}
