/**
 * Fading scaffolding (issue 14): from lesson 5 on, a step states its goal and the manifest that
 * reaches it is a hint, not the step's text. Lesson 10's troubleshooting steps give no manifest
 * at all; the others keep it as their last hint for a learner who is stuck.
 */
import { describe, expect, it } from 'vitest';
import { lessonDirs, loadLessonDir } from '../../scripts/lessons-check.ts';

/** The manifests a solution applies through `kubectl apply -f - <<EOF`. */
function manifests(solution: readonly string[]): string[] {
	return solution.flatMap((command) => {
		const m = /<<EOF\n([\s\S]*?)\nEOF/.exec(command);
		return m ? [m[1]!] : [];
	});
}

const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();

const steps = lessonDirs()
	.map((dir) => ({ folder: dir.split('/').at(-1)!, lesson: loadLessonDir(dir).lesson! }))
	.filter(({ folder }) => Number(folder.slice(0, 2)) >= 5)
	.flatMap(({ folder, lesson }) =>
		lesson.steps.map((step) => ({ where: `${folder}: ${step.title}`, folder, step }))
	);

describe('from lesson 5 on', () => {
	it('covers the later lessons', () => {
		expect(new Set(steps.map((s) => s.folder)).size).toBe(7);
	});

	it.each(steps)('$where: the text states the goal, not the manifest', ({ step }) => {
		for (const manifest of manifests(step.solution))
			expect(flat(step.text)).not.toContain(flat(manifest));
	});

	it.each(steps.filter((s) => !s.folder.startsWith('10-')))(
		'$where: a stuck learner finds the manifest in the last hint',
		({ step }) => {
			const last = flat(step.hints.at(-1)?.text ?? '');
			for (const manifest of manifests(step.solution)) expect(last).toContain(flat(manifest));
		}
	);
});
