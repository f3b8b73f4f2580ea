/**
 * `npm run lessons:check` inside `npm test`: every lesson under lessons/ loads without schema
 * problems and replays headlessly (checks fail before, pass after each solution; wrong answers
 * do not pass).
 */
import { describe, expect, it } from 'vitest';
import { checkLessons, lessonDirs } from '../../scripts/lessons-check.ts';

const dirs = lessonDirs();

describe('lessons', () => {
	it('there are lessons to check', () => {
		expect(dirs.length).toBeGreaterThanOrEqual(6);
	});

	it.each(dirs.map((d) => ({ dir: d, name: d.split('/').at(-1) })))(
		'$name passes lessons:check',
		async ({ dir }) => {
			expect(await checkLessons([dir])).toEqual([]);
		},
		180_000
	);
});
