/**
 * `npm run lessons:check [lessons/NN-slug …]` validates lessons: the schema (with line numbers),
 * links between lessons, and a headless replay of each (every check fails at its step's start,
 * passes after its solution; wrong answers do not pass). test/lessons runs the same code.
 */
import { KIND_CNI_CHAIN } from '../src/mesh/cni/kind-node.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { programFor } from '../src/mesh/apps/registry.ts';
import { createInProcessRuntime } from '../src/mesh/runtime/in-process.ts';
import {
	createHeadlessHost,
	type HeadlessHost,
	type HeadlessHostOptions
} from '../src/lessons/headless-host.ts';
import { loadLesson } from '../src/lessons/loader.ts';
import { translationDrift, translationLang } from '../src/lessons/translation.ts';
import type { Lesson, LessonProblem } from '../src/lessons/types.ts';
import { verifyLesson, verifyLinks } from '../src/lessons/verify.ts';

export const LESSONS_DIR = resolve(import.meta.dirname, '..', 'lessons');

/** Lesson folders: `NN-slug` directories holding lesson.md. */
export function lessonDirs(root = LESSONS_DIR): string[] {
	return readdirSync(root, { withFileTypes: true })
		.filter(
			(d) => d.isDirectory() && /^\d\d-/.test(d.name) && existsSync(join(root, d.name, 'lesson.md'))
		)
		.map((d) => join(root, d.name))
		.sort();
}

export function loadLessonDir(
	dir: string,
	name = 'lesson.md'
): {
	lesson?: Lesson;
	problems: readonly LessonProblem[];
} {
	const file = join('lessons', basename(dir), name);
	const source = readFileSync(join(dir, name), 'utf8');
	const result = loadLesson(source, {
		file,
		path: basename(dir),
		readFile: (p) => {
			const full = resolve(dir, p);
			if (!full.startsWith(resolve(dir)) || !existsSync(full)) return undefined;
			return readFileSync(full, 'utf8');
		}
	});
	return result.lesson ? { lesson: result.lesson, problems: [] } : { problems: result.problems };
}

/** The folder's translations: `lesson.LANG.md` beside lesson.md, by language. */
export function translationFiles(dir: string): { lang: string; name: string }[] {
	return readdirSync(dir)
		.map((name) => ({ name, lang: translationLang(name) }))
		.filter((f): f is { name: string; lang: string } => f.lang !== undefined && f.lang !== 'en')
		.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Problems of the lesson's translations: each must load, and only its wording may differ from
 * the original (src/lessons/translation.ts). The original's replay proves the checks.
 */
export function checkTranslations(dir: string, original: Lesson): string[] {
	const out: string[] = [];
	for (const { lang, name } of translationFiles(dir)) {
		const { lesson, problems } = loadLessonDir(dir, name);
		out.push(...problems.map((p) => `${p.file}:${p.line}: ${p.message}`));
		if (lesson)
			out.push(
				...translationDrift(original, lesson, lang).map(
					(m) => `lessons/${basename(dir)}/${name}: ${m}`
				)
			);
	}
	return out;
}

export function headlessHost(onShow?: HeadlessHostOptions['onShow']): HeadlessHost {
	return createHeadlessHost({
		runtime: () =>
			createInProcessRuntime({
				crypto: globalThis.crypto,
				programFor,
				cniChain: KIND_CNI_CHAIN,
				yieldToHost: () => new Promise((r) => setImmediate(r))
			}),
		...(onShow ? { onShow } : {})
	});
}

/** Checks lessons; returns one line per problem (empty: all good). */
export async function checkLessons(dirs: readonly string[], all = lessonDirs()): Promise<string[]> {
	const loaded = all.map((d) => ({ dir: d, ...loadLessonDir(d) }));
	const ids = new Set(loaded.flatMap((l) => (l.lesson ? [l.lesson.id] : [])));
	const out: string[] = [];
	const seen = new Map<string, string>();
	for (const l of loaded) {
		if (!l.lesson) continue;
		const other = seen.get(l.lesson.id);
		if (other) out.push(`lessons/${basename(l.dir)}: id "${l.lesson.id}" is also used by ${other}`);
		seen.set(l.lesson.id, `lessons/${basename(l.dir)}`);
	}
	for (const dir of dirs) {
		const { lesson, problems } = loaded.find((l) => l.dir === resolve(dir)) ?? {
			dir,
			...loadLessonDir(dir)
		};
		out.push(...problems.map((p) => `${p.file}:${p.line}: ${p.message}`));
		if (!lesson) continue;
		const where = `lessons/${basename(dir)}/lesson.md`;
		out.push(...checkTranslations(dir, lesson));
		const found = [
			...verifyLinks(lesson, ids),
			...(await verifyLesson(lesson, () => headlessHost()))
		];
		for (const p of found) {
			const step = p.step === undefined ? undefined : lesson.steps[p.step];
			out.push(
				`${where}:${step?.line ?? 0}: ${step ? `step ${p.step! + 1} "${step.title}": ` : ''}${p.message}`
			);
		}
	}
	return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const args = process.argv.slice(2);
	const dirs = args.length > 0 ? args.map((a) => resolve(a)) : lessonDirs();
	const problems = await checkLessons(dirs);
	for (const p of problems) process.stderr.write(`${p}\n`);
	process.stdout.write(
		problems.length === 0
			? `lessons:check: ${dirs.length} lesson(s) OK\n`
			: `lessons:check: ${problems.length} problem(s)\n`
	);
	process.exit(problems.length === 0 ? 0 : 1);
}
