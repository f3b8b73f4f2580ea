/**
 * The class at a glance, from the dashboard's rows: how many learners are on each step ("12 on
 * step 3, 4 on step 4") and the ready check's tally. Pure, for the dashboard and the presenter view.
 */
import type { LearnerRow, WorkshopInfo } from './protocol.ts';

export interface StepCount {
	readonly lesson: string;
	readonly step: number;
	readonly learners: number;
}

/** Learners per lesson step, in the workshop's lesson order, then by step; connected learners only. */
export function stepHistogram(
	rows: readonly LearnerRow[],
	lessons: readonly string[] = []
): StepCount[] {
	const counts = new Map<string, StepCount>();
	for (const row of rows) {
		const p = row.progress;
		if (!row.connected || !p || p.lesson === null || p.step === null) continue;
		const key = `${p.lesson}\u0000${p.step}`;
		const had = counts.get(key);
		counts.set(key, { lesson: p.lesson, step: p.step, learners: (had?.learners ?? 0) + 1 });
	}
	const order = (lesson: string) => {
		const i = lessons.indexOf(lesson);
		return i < 0 ? lessons.length : i;
	};
	return [...counts.values()].sort(
		(a, b) =>
			order(a.lesson) - order(b.lesson) || a.lesson.localeCompare(b.lesson) || a.step - b.step
	);
}

export interface ReadyTally {
	readonly ready: number;
	readonly notYet: number;
	/** Connected learners who have not answered this check. */
	readonly unanswered: number;
}

/** Answers to the open ready check; answers to an earlier check do not count. */
export function readyTally(
	rows: readonly LearnerRow[],
	check: WorkshopInfo['readyCheck']
): ReadyTally {
	let ready = 0;
	let notYet = 0;
	let unanswered = 0;
	if (!check) return { ready, notYet, unanswered };
	for (const row of rows) {
		const answer = row.progress?.ready;
		if (answer && answer.checkId === check.id) {
			if (answer.ready) ready++;
			else notYet++;
		} else if (row.connected) unanswered++;
	}
	return { ready, notYet, unanswered };
}
