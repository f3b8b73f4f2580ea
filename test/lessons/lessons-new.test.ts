/**
 * `npm run lessons:new` (issue 14): the scaffold is a lesson that passes lessons:check as written
 * (schema, then the headless replay: its check fails at the start, passes after the solution and
 * the valid answer, not after the wrong one, and not without the look), holds every block an
 * author needs, and bad input is refused with a message and exit code 1, writing nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkLessons, LESSONS_DIR, loadLessonDir } from '../../scripts/lessons-check.ts';
import { newLesson } from '../../scripts/lessons-new.ts';

let root: string;
beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'lessons-new-'));
});
afterEach(() => {
	rmSync(root, { recursive: true, force: true });
});

describe('lessons:new', () => {
	it('scaffolds a lesson that loads and passes lessons:check as generated', async () => {
		const made = newLesson(['21-my-topic', 'My topic: "quoted" too'], root);
		expect(made).toEqual({ ok: true, file: join(root, '21-my-topic', 'lesson.md') });

		const { lesson, problems } = loadLessonDir(join(root, '21-my-topic'));
		expect(problems).toEqual([]);
		expect(lesson).toMatchObject({
			id: 'my-topic',
			title: 'My topic: "quoted" too',
			notes: expect.stringMatching(/projector/)
		});
		const step = lesson!.steps[0]!;
		expect(lesson!.steps).toHaveLength(1);
		expect(step.hints.length).toBeGreaterThan(0);
		expect(step.wrong).toHaveLength(1);
		expect(step.valid).toHaveLength(1);
		expect(step.minutes).toBe(3);
		expect(step.notes).toBeTruthy();
		expect(lesson!.recap?.quiz).toHaveLength(2);
		expect(lesson!.recap!.quiz.map((q) => q.answer)).toEqual([1, 0]);

		expect(await checkLessons([join(root, '21-my-topic')], [join(root, '21-my-topic')])).toEqual(
			[]
		);
	}, 120_000);

	it.each([
		[['my-topic', 'T'], /invalid slug "my-topic"/],
		[['1-x', 'T'], /invalid slug "1-x"/],
		[['21-My_Topic', 'T'], /invalid slug "21-My_Topic"/],
		[['21-../../etc', 'T'], /invalid slug/],
		[['21-x'], /expected a slug and a title/],
		[['21-x', 'T', 'extra'], /expected a slug and a title/],
		[['21-x', '  '], /title must be one non-empty line/],
		[['21-x', 'two\nlines'], /title must be one non-empty line/]
	])('refuses %j, writing nothing', (args, error) => {
		const result = newLesson(args, root);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.error).toMatch(error);
		expect(readdirSync(root)).toEqual([]);
	});

	it('refuses a folder that exists and an id another lesson uses', () => {
		mkdirSync(join(root, '21-taken'));
		expect(newLesson(['21-taken', 'T'], root)).toMatchObject({
			ok: false,
			error: expect.stringMatching(/21-taken already exists; choose another slug$/)
		});
		expect(readdirSync(join(root, '21-taken'))).toEqual([]);

		expect(newLesson(['22-my-topic', 'T'], root).ok).toBe(true);
		expect(newLesson(['23-my-topic', 'T'], root)).toEqual({
			ok: false,
			error:
				'lessons:new: id "my-topic" is already used by lessons/22-my-topic; choose another slug'
		});
		expect(existsSync(join(root, '23-my-topic'))).toBe(false);
	});

	it('exits 1 with the message on the command line', () => {
		const cli = resolve(import.meta.dirname, '../../scripts/lessons-new.ts');
		const tsx = resolve(import.meta.dirname, '../../node_modules/.bin/tsx');
		const run = spawnSync(tsx, [cli, 'bad slug', 'T'], { encoding: 'utf8' });
		expect(run.status).toBe(1);
		expect(run.stderr).toMatch(/^lessons:new: invalid slug "bad slug"/);
		// The course's own folder was not touched.
		expect(existsSync(join(LESSONS_DIR, 'bad slug'))).toBe(false);
		expect(readFileSync(join(LESSONS_DIR, 'README.md'), 'utf8')).toContain('lessons:new');
	}, 30_000);
});
