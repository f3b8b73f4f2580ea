/** What the dashboard shows of a row, computed from the row and the clock. Pure. */
import type { LearnerRow, StuckReason } from '../../workshop/protocol.ts';
import { stuckReason } from '../../workshop/stuck.ts';
import { t } from '../i18n/i18n.svelte.ts';

export interface RowView {
	readonly row: LearnerRow;
	readonly where: string;
	readonly checks: string;
	readonly onStep: string;
	readonly stuck: StuckReason | null;
}

/** `m:ss`, or `h:mm:ss` past an hour. */
export function duration(ms: number): string {
	const s = Math.max(0, Math.floor(ms / 1000));
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const ss = String(s % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function rowView(row: LearnerRow, now: number, stuckMinutes: number): RowView {
	const p = row.progress;
	const inLesson = p && p.lesson !== null && p.step !== null;
	return {
		row,
		where: inLesson
			? t('learners.whereIn', {
					lesson: p.lessonTitle ?? p.lesson ?? '',
					step: p.step ?? '',
					count: p.stepsTotal
				})
			: t('learners.sandbox'),
		checks: inLesson ? `${p.checksPassed}/${p.checksTotal}${p.stepPassed ? ' ✓' : ''}` : '–',
		onStep: inLesson && p.stepStartedAt !== null ? duration(now - p.stepStartedAt) : '–',
		stuck: stuckReason(row, now, stuckMinutes)
	};
}

/** Stuck learners first, then connected ones, then by name. */
export function sortRows(views: readonly RowView[]): RowView[] {
	const rank = (v: RowView) => (v.stuck ? 0 : v.row.connected ? 1 : 2);
	return [...views].sort((a, b) => rank(a) - rank(b) || a.row.name.localeCompare(b.row.name));
}
