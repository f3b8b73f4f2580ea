/**
 * Makes a tab's progress fit the protocol's limits before it is sent: long text is cut with an
 * ellipsis, lists keep their last (commands) or first (evidence) items, control and direction-
 * override characters go, counts are clamped. The hub refuses what does not fit, so the page runs
 * this on every send and never loses an update to a long evidence line.
 */
import { LIMITS, type CommandSummary, type LearnerProgress } from './protocol.ts';

// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

export function fitText(text: string, max: number): string {
	const clean = text.replace(UNPRINTABLE, '');
	return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}

const count = (n: number, max: number = LIMITS.steps) =>
	Number.isFinite(n) ? Math.min(max, Math.max(0, Math.floor(n))) : 0;
const time = (t: number | null) =>
	t === null || !Number.isFinite(t) ? null : Math.max(0, Math.floor(t));
const step = (s: number | null) => (s === null ? null : Math.max(1, count(s)));

function fitCommand(c: CommandSummary): CommandSummary {
	const code =
		Number.isInteger(c.exitCode) && c.exitCode >= -1 && c.exitCode <= 255 ? c.exitCode : 1;
	return { text: fitText(c.text, LIMITS.commandChars), exitCode: code };
}

export function fitProgress(p: LearnerProgress): LearnerProgress {
	return {
		...p,
		seq: count(p.seq, Number.MAX_SAFE_INTEGER),
		sentAt: time(p.sentAt) ?? 0,
		lessonTitle: p.lessonTitle === null ? null : fitText(p.lessonTitle, LIMITS.titleChars),
		step: step(p.step),
		stepTitle: p.stepTitle === null ? null : fitText(p.stepTitle, LIMITS.titleChars),
		stepsTotal: count(p.stepsTotal),
		stepsDone: count(p.stepsDone),
		checksPassed: count(p.checksPassed),
		checksTotal: count(p.checksTotal),
		stepStartedAt: time(p.stepStartedAt),
		lastProgressAt: time(p.lastProgressAt),
		hintsUsed: count(p.hintsUsed),
		failing: p.failing && {
			name: fitText(p.failing.name, LIMITS.titleChars),
			evidence: p.failing.evidence
				.slice(0, LIMITS.evidenceLines)
				.map((line) => fitText(line, LIMITS.evidenceChars)),
			count: count(p.failing.count, 1_000_000)
		},
		recentCommands: p.recentCommands.slice(-LIMITS.recentCommands).map(fitCommand)
	};
}
