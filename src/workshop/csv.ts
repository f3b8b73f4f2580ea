/** The class's progress as CSV, one row per learner, for the instructor's records. */
import type { LearnerRow } from './protocol.ts';
import { stuckReason } from './stuck.ts';

const HEADER = [
	'name',
	'connected',
	'lesson',
	'step',
	'steps_done',
	'steps_total',
	'checks_passed',
	'checks_total',
	'step_passed',
	'minutes_on_step',
	'hints_used',
	'solve_used',
	'stuck',
	'last_seen'
];

/**
 * RFC 4180 quoting, and a leading `'` on text a spreadsheet would run as a formula (names are
 * typed by learners: `=HYPERLINK(…)` must stay text).
 */
function cell(value: string | number | boolean | null): string {
	if (value === null) return '';
	let s = String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function classCsv(rows: readonly LearnerRow[], now: number, stuckMinutes: number): string {
	const lines = [HEADER.join(',')];
	const sorted = [...rows].sort((a, b) => a.name.localeCompare(b.name));
	for (const row of sorted) {
		const p = row.progress;
		const minutes = p?.stepStartedAt != null ? Math.floor((now - p.stepStartedAt) / 60_000) : null;
		lines.push(
			[
				row.name,
				row.connected,
				p?.lesson ?? null,
				p?.step ?? null,
				p?.stepsDone ?? null,
				p?.stepsTotal ?? null,
				p?.checksPassed ?? null,
				p?.checksTotal ?? null,
				p?.stepPassed ?? null,
				minutes,
				p?.hintsUsed ?? null,
				p?.solveUsed ?? null,
				stuckReason(row, now, stuckMinutes),
				new Date(row.lastSeen).toISOString()
			]
				.map(cell)
				.join(',')
		);
	}
	return `${lines.join('\r\n')}\r\n`;
}
