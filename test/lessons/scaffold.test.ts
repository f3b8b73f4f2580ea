/**
 * Fading scaffolding (issue 14): from lesson 5 on, a step states its goal and the manifest that
 * reaches it is a hint, not the step's text. Challenges (lesson 10, the final lesson) state a
 * symptom and a goal and show no fix at all: no manifest, no command that changes the cluster,
 * in the text or the hints; the other steps keep the manifest as their last hint for a learner
 * who is stuck.
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

/** What a fix types: commands that change the cluster, by their first words. */
const WRITES =
	/^(kubectl\s+(apply|create|delete|label|annotate|patch|edit|replace|set|scale|rollout)\b|istioctl\s+(waypoint\s+apply|install)\b)/;

const challenges = steps.filter((s) => s.step.kind === 'challenge');

describe('from lesson 5 on', () => {
	it('covers the later lessons', () => {
		expect(new Set(steps.map((s) => s.folder)).size).toBe(16);
	});

	it.each(steps)('$where: the text states the goal, not the manifest', ({ step }) => {
		for (const manifest of manifests(step.solution))
			expect(flat(step.text)).not.toContain(flat(manifest));
	});

	it.each(steps.filter((s) => s.step.kind !== 'challenge'))(
		'$where: a stuck learner finds the manifest in the last hint',
		({ step }) => {
			const last = flat(step.hints.at(-1)?.text ?? '');
			for (const manifest of manifests(step.solution)) expect(last).toContain(flat(manifest));
		}
	);
});

describe('challenges', () => {
	it('lesson 10 and the final lesson are challenges, every step', () => {
		const folders = new Set(challenges.map((c) => c.folder));
		expect([...folders].sort()).toEqual(['10-troubleshooting', '20-fix-the-broken-mesh']);
		for (const folder of folders)
			expect(
				steps.filter((s) => s.folder === folder).every((s) => s.step.kind === 'challenge')
			).toBe(true);
	});

	it.each(challenges)('$where: shows no fix, in its text or its hints', ({ step }) => {
		const shown = flat([step.text, ...step.hints.map((h) => h.text)].join(' '));
		for (const manifest of manifests(step.solution)) expect(shown).not.toContain(flat(manifest));
		for (const command of step.solution.filter((c) => WRITES.test(c)))
			expect(shown).not.toContain(flat(command.split('\n')[0]!));
	});

	it.each(challenges)('$where: alternative fixes are proven, wrong ones rejected', ({ step }) => {
		expect(step.wrong.length).toBeGreaterThan(0);
		expect(step.valid.length).toBeGreaterThan(0);
	});
});
