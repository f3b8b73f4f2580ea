/**
 * Hints that know what the learner did: a hint with `when` speaks to a mistake visible in the
 * cluster, the traffic or the command log (a `spiffe://` principal, a selector policy that still
 * has `methods`). Those whose condition holds are offered first; one whose condition does not
 * hold is not offered at all (it would talk about a mistake the learner did not make).
 */
import type { StepProgress } from './progress.ts';
import type { Hint } from './types.ts';

/** The hints shown so far, as indexes into the step's hints, in the order they were shown. */
export function shownHints(progress: StepProgress): number[] {
	if (progress.shown) return [...progress.shown];
	// Progress written before hints had conditions: the first `hints` were shown, in order.
	return Array.from({ length: progress.hints }, (_, i) => i);
}

/**
 * The hints to offer next, in order: conditional ones that hold now, then plain ones, each in
 * the lesson's order; `holds` says which conditional hints hold (by index).
 */
export function hintOrder(
	hints: readonly Hint[],
	shown: readonly number[],
	holds: ReadonlySet<number>
): number[] {
	const left = hints.map((_, i) => i).filter((i) => !shown.includes(i));
	return [
		...left.filter((i) => hints[i]!.when !== undefined && holds.has(i)),
		...left.filter((i) => hints[i]!.when === undefined)
	];
}
