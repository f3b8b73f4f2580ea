/**
 * When the dashboard flags a learner stuck, and why. Pure, so the hub (CSV export) and the page
 * (the live dashboard, which re-evaluates as its clock runs) agree.
 */
import type { LearnerRow, StuckReason } from './protocol.ts';

/** The same check failing after this many of the learner's commands in a row. */
export const FAILING_REPEATS = 3;

export function stuckReason(
	row: LearnerRow,
	now: number,
	stuckMinutes: number
): StuckReason | null {
	const p = row.progress;
	if (!p || p.lesson === null || p.stepPassed) return null;
	if (p.failing && p.failing.count >= FAILING_REPEATS) return 'failing';
	const since = p.lastProgressAt ?? p.stepStartedAt;
	if (since !== null && now - since >= stuckMinutes * 60_000) return 'idle';
	return null;
}
