/**
 * `looked`: the learner had a view on screen while it showed this step's traffic. The page
 * reports the view on show (src/ui via LessonEngine.viewing); the engine marks how far the
 * journals had grown each time it saw it there. A view opened before any request of the step
 * showed nothing of it, so it does not count until traffic arrives while it is open.
 */
import { STATE_VIEWS, type Condition, type LookView, type LookedPredicate } from '../types.ts';
import { learnerCount, type CheckContext } from './context.ts';
import type { Verdict } from './resource.ts';

const LABELS: Record<LookView, string> = {
	topology: 'the Topology view',
	traces: 'the Traces view',
	capture: 'the Capture view',
	cost: 'the Cost view'
};

export function viewLabel(view: LookView): string {
	return LABELS[view];
}

export function evaluateLooked(ctx: CheckContext, p: LookedPredicate): Verdict {
	const label = LABELS[p.view];
	// An embed its author gave no such view cannot send the learner there: say so, and move on.
	if (ctx.offered && !ctx.offered.has(p.view))
		return { passed: true, evidence: [`this page has no ${label.slice(4)}: the look is skipped`] };
	const seen = ctx.views?.get(p.view);
	if (!seen) return { passed: false, evidence: [`you have not opened ${label} during this step`] };
	// The Cost view counts the cluster's pods: there is no traffic to wait for.
	if (STATE_VIEWS.includes(p.view))
		return { passed: true, evidence: [`you looked at ${label} during this step`] };
	const shown =
		learnerCount(ctx.window.capture, seen.capture, ctx.probeRanges.capture) +
		learnerCount(ctx.window.traffic, seen.traffic, ctx.probeRanges.traffic);
	if (shown === 0)
		return {
			passed: false,
			evidence: [`${label} was open before any traffic of this step: send the request, then look`]
		};
	return { passed: true, evidence: [`you looked at ${label} after this step's traffic`] };
}

/** The views a check asks the learner to look at (what Solve and lessons:check open). */
export function lookViews(conditions: readonly Condition[]): LookView[] {
	const out = new Set<LookView>();
	const walk = (c: Condition): void => {
		if ('looked' in c) out.add(c.looked.view);
		else if ('allOf' in c) c.allOf.forEach(walk);
		// Of alternatives, Solve shows the first.
		else if ('anyOf' in c) c.anyOf.slice(0, 1).forEach(walk);
		// Under `not`, a view is one the learner must not need: never opened for them.
	};
	conditions.forEach(walk);
	return [...out];
}
