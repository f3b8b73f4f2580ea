/**
 * `npm run lessons:check` inside `npm test`, one slice of the curriculum per test file so vitest
 * replays the slices on parallel workers (the whole curriculum in one file was the suite's
 * longest tail). Each lesson loads without schema problems and replays headlessly: checks fail
 * before, pass after each solution; wrong answers do not pass.
 */
import { describe, expect, it } from 'vitest';
import { checkLessons, lessonDirs } from '../../scripts/lessons-check.ts';

/** Lessons `from`..`to` (1-based, inclusive, by their number prefix). */
export function lessonsCheckSlice(from: number, to: number): void {
	const dirs = lessonDirs().filter((d) => {
		const n = Number((d.split('/').at(-1) ?? '').split('-')[0]);
		return n >= from && n <= to;
	});
	describe(`lessons ${from}–${to}`, () => {
		it('has lessons in the slice', () => {
			expect(dirs.length).toBeGreaterThan(0);
		});
		it.each(dirs.map((d) => ({ dir: d, name: d.split('/').at(-1) })))(
			'$name passes lessons:check',
			async ({ dir }) => {
				expect(await checkLessons([dir])).toEqual([]);
			},
			180_000
		);
	});
}
