/**
 * For instructors (issue 14): every lesson of the course has instructor notes, and every step an
 * estimated time (its ```instructor block), adding up to about the lesson's `minutes`; the notes
 * are data only (the loader validates them, tests in loader.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { lessonDirs, loadLessonDir } from '../../scripts/lessons-check.ts';

const course = lessonDirs().map((dir) => ({
	folder: dir.split('/').at(-1) ?? dir,
	lesson: loadLessonDir(dir).lesson
}));

describe('instructor notes and estimated times', () => {
	it.each(course)('$folder has lesson notes and a time for every step', ({ lesson }) => {
		expect(lesson).toBeDefined();
		expect(lesson?.notes?.length ?? 0).toBeGreaterThan(80);
		const missing = lesson?.steps.filter((s) => s.minutes === undefined).map((s) => s.title);
		expect(missing).toEqual([]);
	});

	it.each(course)('$folder: the steps’ minutes fit the lesson’s', ({ lesson }) => {
		const steps = (lesson?.steps ?? []).reduce((sum, s) => sum + (s.minutes ?? 0), 0);
		// The intro and the recap take a few minutes of their own.
		expect(lesson?.minutes).toBeGreaterThanOrEqual(steps);
		expect(lesson?.minutes).toBeLessThanOrEqual(steps + 6);
	});
});
