/**
 * A learner's `LearnerProgress`, built in their tab from what the lesson pane says (activity
 * events and its full status) and what the terminal ran (command records). Pure: the caller
 * passes the time, so tests replay a session without a clock.
 *
 * The inputs are structural copies of src/lessons' `LessonActivity`, `LessonStatus` and
 * `CommandRecord` (this folder imports nothing outside itself): those types fit them as they are.
 */
import { LIMITS, type CommandSummary, type LearnerProgress } from './protocol.ts';

/** The part of a lesson activity event this state reads (src/lessons/activity.ts). */
export interface ActivityInput {
	readonly type: string;
	readonly passed?: boolean;
}

/** The lesson pane's status (src/lessons/activity.ts `LessonStatus`); steps 1-based. */
export interface StatusInput {
	readonly lesson: string;
	readonly lessonTitle: string;
	readonly step: number;
	readonly stepTitle: string;
	readonly stepsTotal: number;
	readonly stepsDone: number;
	readonly checksPassed: number;
	readonly checksTotal: number;
	readonly stepPassed: boolean;
	readonly hintsUsed: number;
	readonly solveUsed: boolean;
	readonly failing: { readonly name: string; readonly evidence: readonly string[] } | null;
}

/** A command the terminal ran (src/lessons/command-log.ts `CommandRecord`). */
export interface CommandInput {
	readonly command: string;
	readonly exitCode: number;
	readonly by: 'learner' | 'engine';
}

// Terminal colour codes and control characters: the hub accepts printable text only.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Printable text of at most `max` characters (an ellipsis marks a cut). */
export function printable(text: string, max: number): string {
	const clean = text.replace(ANSI, '').replace(CONTROL, '');
	return clean.length <= max ? clean : clean.slice(0, max - 1) + '…';
}

export class LearnerState {
	#status: StatusInput | null = null;
	#stepStartedAt: number | null = null;
	#lastProgressAt: number | null = null;
	#failingCount = 0;
	/** Learner commands since the last status: each one that leaves the same item failing counts. */
	#unjudged = 0;
	#commands: CommandSummary[] = [];
	#ready: LearnerProgress['ready'] = null;
	#seq = 0;

	/** A lesson activity event (step opened, check item turned, Solve…). */
	activity(a: ActivityInput, now: number): void {
		if (a.type === 'step') {
			this.#stepStartedAt = now;
			this.#lastProgressAt = now;
		} else if ((a.type === 'check' && a.passed) || a.type === 'complete') {
			this.#lastProgressAt = now;
		}
	}

	/** A command the terminal ran; the engine's own (setup, Solve) are not the learner's. */
	command(r: CommandInput, _now: number): void {
		if (r.by !== 'learner') return;
		this.#unjudged++;
		this.#commands = [
			...this.#commands,
			{ text: printable(r.command, LIMITS.commandChars), exitCode: clampExit(r.exitCode) }
		].slice(-LIMITS.recentCommands);
	}

	/** The pane's status after a change; null when no lesson is open. */
	status(s: StatusInput | null, now: number): void {
		const prev = this.#status;
		this.#status = s;
		if (!s) {
			this.#stepStartedAt = null;
			this.#lastProgressAt = null;
			this.#failingCount = 0;
			this.#unjudged = 0;
			return;
		}
		const sameStep = prev !== null && prev.lesson === s.lesson && prev.step === s.step;
		if (!sameStep) {
			this.#stepStartedAt = now;
			this.#lastProgressAt = now;
			this.#failingCount = 0;
		} else {
			if (s.checksPassed > prev.checksPassed || (s.stepPassed && !prev.stepPassed))
				this.#lastProgressAt = now;
			if (s.failing && prev.failing?.name === s.failing.name) this.#failingCount += this.#unjudged;
			else this.#failingCount = 0;
		}
		this.#unjudged = 0;
	}

	/** The learner answered the open ready check. */
	answerReady(checkId: string, ready: boolean): void {
		this.#ready = { checkId, ready };
	}

	get ready(): LearnerProgress['ready'] {
		return this.#ready;
	}

	/** The whole progress to send now; every call takes the next `seq`. */
	progress(now: number): LearnerProgress {
		const s = this.#status;
		const title = (t: string) => printable(t, LIMITS.titleChars);
		return {
			seq: ++this.#seq,
			sentAt: now,
			lesson: s?.lesson ?? null,
			lessonTitle: s ? title(s.lessonTitle) : null,
			step: s?.step ?? null,
			stepTitle: s ? title(s.stepTitle) : null,
			stepsTotal: s?.stepsTotal ?? 0,
			stepsDone: s?.stepsDone ?? 0,
			checksPassed: s?.checksPassed ?? 0,
			checksTotal: s?.checksTotal ?? 0,
			stepStartedAt: this.#stepStartedAt,
			lastProgressAt: this.#lastProgressAt,
			hintsUsed: s?.hintsUsed ?? 0,
			solveUsed: s?.solveUsed ?? false,
			stepPassed: s?.stepPassed ?? false,
			failing:
				s?.failing && !s.stepPassed
					? {
							name: title(s.failing.name),
							evidence: s.failing.evidence
								.slice(0, LIMITS.evidenceLines)
								.map((l) => printable(l, LIMITS.evidenceChars)),
							count: this.#failingCount
						}
					: null,
			recentCommands: this.#commands,
			ready: this.#ready
		};
	}
}

function clampExit(code: number): number {
	return Number.isInteger(code) ? Math.max(-1, Math.min(255, code)) : -1;
}
