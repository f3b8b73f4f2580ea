/**
 * Fuzzes the lesson loader with damaged bundled lessons and generated ones: every file is either
 * a lesson the engine can run or problems with a line and a message, never a throw, never past
 * the time budget.
 *
 * FUZZ_SEED picks the seed, FUZZ_LESSONS the number of files, FUZZ_VERBOSE prints a summary.
 */
import { describe, expect, it } from 'vitest';
import { generateLesson } from './lesson-generator.ts';
import { runLessonInput } from './lesson-harness.ts';
import { createPrng } from './prng.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 11001);
const TOTAL = Number(process.env.FUZZ_LESSONS ?? 1500);
const MAX_FAILURES = 12;

describe('lesson file fuzz', () => {
	it(
		`${TOTAL} lesson files with seed ${SEED} load or are refused with a line, never throw or hang`,
		() => {
			const rng = createPrng(SEED);
			const failures: string[] = [];
			let loaded = 0;
			for (let i = 0; i < TOTAL && failures.length < MAX_FAILURES; i++) {
				const input = generateLesson(rng);
				const outcome = runLessonInput(input);
				if (outcome.loaded) loaded++;
				if (outcome.problems.length > 0)
					failures.push(
						[
							`lessons seed=${SEED} #${i} (${input.label})`,
							`  markdown: ${JSON.stringify(input.markdown.slice(0, 600))}${input.markdown.length > 600 ? `… (${input.markdown.length} chars)` : ''}`,
							...outcome.problems.map((p) => `  - ${p.slice(0, 1500)}`)
						].join('\n')
					);
			}
			if (process.env.FUZZ_VERBOSE)
				console.log(
					`lessons seed=${SEED}: ${TOTAL} files, ${loaded} loaded, ${failures.length} failing`
				);
			expect(failures.join('\n\n')).toBe('');
			// The corpus mutations must leave some lessons valid, or the fuzz tests only the error paths.
			expect(loaded).toBeGreaterThan(0);
		},
		Math.max(300_000, TOTAL * 40)
	);
});
