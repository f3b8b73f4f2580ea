/**
 * What a lesson being taken says to the world outside the lesson pane: an embed posts it to the
 * docs page around it, the workshop client sends it to the hub. It is derived by diffing
 * snapshots of the engine after each change, so the engine knows nothing of who listens.
 * Steps are 1-based here, as in URLs, the UI and the embed protocol.
 */
import type { CheckReport } from './checks/result.ts';
import type { StepProgress } from './progress.ts';

export type LessonActivity =
	| {
			readonly type: 'step';
			readonly lesson: string;
			readonly step: number;
			readonly title: string;
	  }
	| {
			readonly type: 'check';
			readonly lesson: string;
			readonly step: number;
			/** The checklist item's text. */
			readonly name: string;
			readonly passed: boolean;
	  }
	| {
			readonly type: 'hint';
			readonly lesson: string;
			readonly step: number;
			readonly hints: number;
	  }
	| { readonly type: 'solve'; readonly lesson: string; readonly step: number }
	/** Every step solved (by the learner or with help), seen happen in this tracker's life. */
	| { readonly type: 'complete'; readonly lesson: string }
	| { readonly type: 'close'; readonly lesson: string };

/** The engine's state after a change, as the tracker needs it. */
export interface LessonSnapshot {
	readonly lesson: {
		readonly id: string;
		readonly title?: string;
		readonly steps: readonly { readonly title: string }[];
	};
	/** 0-based, as the engine counts. */
	readonly step: number;
	/** Set while the engine replays or solves: such snapshots are skipped. */
	readonly busy: string | undefined;
	readonly report: CheckReport | undefined;
	readonly states: readonly StepProgress[];
}

/** Turns a stream of snapshots into the events that happened between them. */
export class ActivityTracker {
	#last: LessonSnapshot | undefined;
	/** Per condition name, the verdict last announced for the current step. */
	#verdicts = new Map<string, boolean>();
	#complete = false;

	update(next: LessonSnapshot | undefined): LessonActivity[] {
		// Mid-replay the step number and report are about a cluster in between: wait for the end.
		if (next?.busy !== undefined) return [];
		const prev = this.#last;
		this.#last = next;
		const out: LessonActivity[] = [];
		if (prev && (!next || next.lesson.id !== prev.lesson.id))
			out.push({ type: 'close', lesson: prev.lesson.id });
		if (!next) return out;
		const lesson = next.lesson.id;
		const sameLesson = prev?.lesson.id === lesson;
		if (!sameLesson) this.#complete = allSolved(next.states);
		const step = next.step + 1;
		if (!sameLesson || prev.step !== next.step) {
			this.#verdicts.clear();
			out.push({ type: 'step', lesson, step, title: next.lesson.steps[next.step]?.title ?? '' });
		}
		const before = sameLesson ? prev.states[next.step] : undefined;
		const now = next.states[next.step];
		if (before && now && now.hints > before.hints)
			out.push({ type: 'hint', lesson, step, hints: now.hints });
		if (before && now && before.status !== 'solved-with-help' && now.status === 'solved-with-help')
			out.push({ type: 'solve', lesson, step });
		if (next.report && next.report !== prev?.report) {
			for (const c of next.report.conditions) {
				if (this.#verdicts.get(c.name) === c.passed) continue;
				this.#verdicts.set(c.name, c.passed);
				out.push({ type: 'check', lesson, step, name: c.name, passed: c.passed });
			}
		}
		if (!this.#complete && allSolved(next.states)) {
			this.#complete = true;
			out.push({ type: 'complete', lesson });
		}
		return out;
	}
}

function allSolved(states: readonly StepProgress[]): boolean {
	return states.length > 0 && states.every((s) => s.status !== 'pending');
}

/**
 * Where the learner stands in the open lesson, in full: what a workshop instructor's dashboard
 * shows (events say what changed; this says what is). Steps are 1-based.
 */
export interface LessonStatus {
	readonly lesson: string;
	readonly lessonTitle: string;
	readonly step: number;
	readonly stepTitle: string;
	readonly stepsTotal: number;
	/** Steps solved, by the learner or with help. */
	readonly stepsDone: number;
	/** Top-level checklist items passing, of all. */
	readonly checksPassed: number;
	readonly checksTotal: number;
	readonly stepPassed: boolean;
	readonly hintsUsed: number;
	readonly solveUsed: boolean;
	/** The first failing checklist item, with the lesson's failure message first in its evidence. */
	readonly failing: { readonly name: string; readonly evidence: readonly string[] } | null;
}

/** The status a snapshot shows; undefined while the engine is busy (replay, Solve). */
export function lessonStatus(s: LessonSnapshot): LessonStatus | undefined {
	if (s.busy !== undefined) return undefined;
	const conditions = s.report?.conditions ?? [];
	const first = conditions.find((c) => !c.passed);
	const state = s.states[s.step];
	return {
		lesson: s.lesson.id,
		lessonTitle: s.lesson.title ?? s.lesson.id,
		step: s.step + 1,
		stepTitle: s.lesson.steps[s.step]?.title ?? '',
		stepsTotal: s.lesson.steps.length,
		stepsDone: s.states.filter((p) => p.status !== 'pending').length,
		checksPassed: conditions.filter((c) => c.passed).length,
		checksTotal: conditions.length,
		stepPassed: s.report?.passed ?? false,
		hintsUsed: state?.hints ?? 0,
		solveUsed: state?.status === 'solved-with-help',
		failing: first
			? {
					name: first.name,
					evidence: [...(first.failure ? [first.failure] : []), ...first.evidence]
				}
			: null
	};
}

/**
 * What an outside party (an embedding page, a workshop instructor) may ask of the lesson pane.
 * Steps are 1-based. Each call reports a problem as a message rather than throwing.
 */
export interface LessonControl {
	/** The open lesson and step, if any. */
	current(): { readonly lesson: string; readonly step: number } | undefined;
	/** Without `step`, the lesson opens where this learner's progress left off (else step 1). */
	open(lessonId: string, step?: number): Promise<string | undefined>;
	/** Opens a lesson from its markdown (an inline scenario); the message says what is wrong. */
	openText(markdown: string, name: string, step?: number): Promise<string | undefined>;
	/** Opens an outside lesson from its URL (same rules as `?lessonUrl=`); optional for fakes. */
	openUrl?(url: string, step?: number): Promise<string | undefined>;
	goTo(step: number): Promise<string | undefined>;
	reset(scope: 'step' | 'lesson' | 'mesh'): Promise<string | undefined>;
	/** The open lesson's full status (undefined: no lesson, or the engine is busy). */
	status?(): LessonStatus | undefined;
}

/**
 * Limits an outside party (a workshop instructor) puts on the pane: which lessons the picker
 * offers, and a step of a lesson no one proceeds past until released. Steps are 1-based.
 */
export interface LessonLimits {
	/** Lesson ids offered; empty: all. */
	readonly lessons: readonly string[];
	readonly hold: { readonly lesson: string; readonly step: number } | null;
}

export const NO_LIMITS: LessonLimits = { lessons: [], hold: null };

/** Whether `limits` lets the learner open `step` (1-based) of `lesson`; the reason if not. */
export function heldBack(limits: LessonLimits, lesson: string, step: number): string | undefined {
	const h = limits.hold;
	return h && h.lesson === lesson && step > h.step
		? `Held by your instructor at step ${h.step}`
		: undefined;
}

/**
 * The meeting point between the lesson pane (which loads lazily) and the adapters around it:
 * the pane publishes activity and attaches its control; adapters subscribe and call `control`,
 * which waits until the pane is there.
 */
export class LessonChannel {
	#listeners = new Set<(a: LessonActivity) => void>();
	#control: LessonControl | undefined;
	#waiting: ((c: LessonControl) => void)[] = [];
	#changeListeners = new Set<() => void>();
	#limits: LessonLimits = NO_LIMITS;
	#limitListeners = new Set<(l: LessonLimits) => void>();

	publish(activity: LessonActivity): void {
		for (const l of this.#listeners) {
			try {
				l(activity);
			} catch (e) {
				// One broken listener must not silence the others or the pane.
				console.warn('lesson activity listener failed:', e);
			}
		}
	}

	subscribe(listener: (a: LessonActivity) => void): () => void {
		this.#listeners.add(listener);
		return () => void this.#listeners.delete(listener);
	}

	attach(control: LessonControl): () => void {
		this.#control = control;
		for (const w of this.#waiting.splice(0)) w(control);
		return () => {
			if (this.#control === control) this.#control = undefined;
		};
	}

	/** The pane says something changed (a check re-ran, a step opened): read `status()` again. */
	changed(): void {
		for (const l of this.#changeListeners) l();
	}

	onChange(listener: () => void): () => void {
		this.#changeListeners.add(listener);
		return () => void this.#changeListeners.delete(listener);
	}

	get limits(): LessonLimits {
		return this.#limits;
	}

	setLimits(limits: LessonLimits): void {
		this.#limits = limits;
		for (const l of this.#limitListeners) l(limits);
	}

	/** Calls `listener` now and on every change of the limits. */
	onLimits(listener: (l: LessonLimits) => void): () => void {
		this.#limitListeners.add(listener);
		listener(this.#limits);
		return () => void this.#limitListeners.delete(listener);
	}

	/** The pane's control, once it has loaded. */
	control(): Promise<LessonControl> {
		const c = this.#control;
		return c ? Promise.resolve(c) : new Promise((resolve) => this.#waiting.push(resolve));
	}
}
