/**
 * `npm run lessons:new -- NN-slug "Title"` scaffolds lessons/NN-slug/lesson.md from
 * lesson-template.ts: a lesson that passes `npm run lessons:check` as written. A bad slug, a
 * folder that exists or an id another lesson uses is refused with a message and exit code 1.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lessonId, lessonTemplate, SLUG } from './lesson-template.ts';
import { LESSONS_DIR, lessonDirs, loadLessonDir } from './lessons-check.ts';

export type NewLessonResult =
	{ readonly ok: true; readonly file: string } | { readonly ok: false; readonly error: string };

const USAGE = 'usage: npm run lessons:new -- NN-slug "Title"';

export function newLesson(args: readonly string[], root = LESSONS_DIR): NewLessonResult {
	const [slug, title, ...extra] = args;
	if (slug === undefined || title === undefined || extra.length > 0) {
		return { ok: false, error: `lessons:new: expected a slug and a title\n${USAGE}` };
	}
	if (!SLUG.test(slug)) {
		return {
			ok: false,
			error: `lessons:new: invalid slug "${slug}": two digits, a dash, then lowercase words joined by dashes (21-egress-gateway)\n${USAGE}`
		};
	}
	if (title.trim() === '' || /[\r\n]/.test(title)) {
		return { ok: false, error: `lessons:new: the title must be one non-empty line\n${USAGE}` };
	}
	const dir = join(root, slug);
	const shown = relative(process.cwd(), dir) || dir;
	if (existsSync(dir)) {
		return { ok: false, error: `lessons:new: ${shown} already exists; choose another slug` };
	}
	const id = lessonId(slug);
	const taken = existsSync(root)
		? lessonDirs(root).find((d) => loadLessonDir(d).lesson?.id === id)
		: undefined;
	if (taken) {
		return {
			ok: false,
			error: `lessons:new: id "${id}" is already used by lessons/${basename(taken)}; choose another slug`
		};
	}
	mkdirSync(dir, { recursive: true });
	const file = join(dir, 'lesson.md');
	writeFileSync(file, lessonTemplate(slug, title.trim()), { flag: 'wx' });
	return { ok: true, file };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const result = newLesson(process.argv.slice(2));
	if (!result.ok) {
		process.stderr.write(`${result.error}\n`);
		process.exit(1);
	}
	const shown = relative(process.cwd(), result.file);
	process.stdout.write(
		`created ${shown}\nedit it, then check it: npm run lessons:check ${relative(process.cwd(), join(result.file, '..'))}\n`
	);
}
