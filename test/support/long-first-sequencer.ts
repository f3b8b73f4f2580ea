/**
 * File order for vitest: the files known to run longest start first, so the workers (the e2e
 * project's two) do not end with one of them alone on a two-minute file. Vitest's own order
 * (BaseSequencer) runs the longest first only once its results cache knows the durations; a
 * clean clone has none, and then it runs the largest files first, which puts the short fuzz
 * and transcript files (long runs, few lines) last. Files the cache has timed keep its order.
 */
import { relative } from 'node:path';
import type { TestSpecification } from 'vitest/node';
import { BaseSequencer } from 'vitest/node';

/**
 * The longest node files (one to two minutes each alone on a loaded 2-core machine, JSON
 * reporter), longest first; the order re-measured 12-07 (a run of each project at load 20–30). Only the order depends on this list: a file missing from it still
 * runs, a file listed that no longer exists is ignored.
 */
export const LONG_FILES: readonly string[] = [
	'test/runtime/parity.test.ts',
	'test/lessons/lessons-16-99.test.ts',
	'test/runtime/parity-multicluster.test.ts',
	'test/transcripts/transcripts.test.ts',
	'test/runtime/parity-istio.test.ts',
	'test/lessons/lessons-06-10.test.ts',
	'test/redteam/scale-burst.test.ts',
	'test/lessons/lessons-11-15.test.ts',
	'test/lessons/lessons-01-05.test.ts',
	'test/fuzz/lessons.fuzz.test.ts',
	'test/fuzz/manifests.fuzz.test.ts',
	'test/fuzz/commands.fuzz.test.ts',
	// The e2e files run two at a time: the longest first, so neither ends alone on a11y.
	'test/e2e/docs-site.e2e.test.ts',
	'test/e2e/a11y.e2e.test.ts',
	'test/e2e/redteam.e2e.test.ts',
	'test/e2e/embed.e2e.test.ts',
	'test/e2e/learner-state.e2e.test.ts',
	'test/e2e/workshop.e2e.test.ts',
	'test/e2e/workspace.e2e.test.ts',
	'test/e2e/lesson8.e2e.test.ts'
];

const rank = (spec: TestSpecification): number => {
	const i = LONG_FILES.findIndex((f) => spec.moduleId.endsWith(f));
	return i < 0 ? LONG_FILES.length : i;
};

export class LongFirstSequencer extends BaseSequencer {
	override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
		const sorted = await super.sort(files);
		const weight = (spec: TestSpecification): number => {
			const key = `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
			return this.ctx.cache.getFileTestResults(key) ? LONG_FILES.length : rank(spec);
		};
		// vitest keeps each project's files together: reorder within each run of one project only
		// (Array.prototype.sort is stable, so everything else keeps vitest's order).
		const out: TestSpecification[] = [];
		for (let i = 0; i < sorted.length;) {
			let j = i;
			while (j < sorted.length && sorted[j]!.project.name === sorted[i]!.project.name) j++;
			out.push(...sorted.slice(i, j).sort((a, b) => weight(a) - weight(b)));
			i = j;
		}
		return out;
	}
}
