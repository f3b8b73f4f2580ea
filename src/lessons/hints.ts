/**
 * Hints that know what the learner did: a hint with `when` speaks to a mistake visible in the
 * cluster, the traffic or the command log (a `spiffe://` principal, a selector policy that still
 * has `methods`). Those whose condition holds are offered first; one whose condition does not
 * hold is not offered at all (it would talk about a mistake the learner did not make).
 */
import { evaluateCondition } from './checks/evaluate.ts';
import type { CheckContext } from './checks/context.ts';
import type { StepProgress } from './progress.ts';
import type { Hint, Step } from './types.ts';

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

/** Which of the step's conditional hints hold now (indexes). */
export async function hintsHolding(step: Step, ctx: CheckContext): Promise<ReadonlySet<number>> {
	const holding = new Set<number>();
	for (const [i, hint] of step.hints.entries())
		if (hint.when && (await evaluateCondition(hint.when, ctx)).passed) holding.add(i);
	return holding;
}

/** What the pane shows of a step's hints: those shown, how many more, whether the next is about the learner. */
export interface HintView {
	readonly shown: Hint[];
	/** The next hint to offer (an index), if any. */
	readonly next: number | undefined;
	readonly left: number;
	readonly aboutYou: boolean;
}

export function hintView(
	hints: readonly Hint[],
	progress: StepProgress,
	holds: ReadonlySet<number>
): HintView {
	const shown = shownHints(progress);
	const order = hintOrder(hints, shown, holds);
	const next = order[0];
	return {
		shown: shown.flatMap((i) => (hints[i] ? [hints[i]] : [])),
		next,
		left: order.length,
		aboutYou: next !== undefined && hints[next]?.when !== undefined
	};
}
