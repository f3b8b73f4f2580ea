/**
 * One lesson being taken: the current step, hints shown, the check's latest report, and whether
 * each step was solved by the learner or with Solve. It drives a LessonHost and never touches
 * the DOM, so lessons:check, the CLI and the page share it (one checker everywhere).
 *
 * Going back in time (reset step, undo Solve, jump to a step) is a replay: a fresh cluster, the
 * lesson's setup, then the solutions of the steps before (or the step's own setup). Replays are
 * deterministic (seeded cluster), cheap (a few commands) and need no snapshot format that would
 * have to follow every kind the cluster grows.
 */
import type { CommandRecord } from './command-log.ts';
import { compareStep, type StepComparison } from './compare.ts';
import { evaluateCheck } from './checks/evaluate.ts';
import type { CheckContext, ProbeRanges, StepWindow } from './checks/context.ts';
import { lookViews } from './checks/looked.ts';
import type { CheckReport } from './checks/result.ts';
import { hintView, hintsHolding, shownHints, type HintView } from './hints.ts';
import type { LessonHost } from './host.ts';
import { maskReport, settles } from './prediction.ts';
import { ViewsSeen } from './views.ts';
import type { StepProgress, StepStatus } from './progress.ts';
import { Quiz, type QuizProgress } from './quiz.ts';
import type { Hint, Lesson, LessonSetup, LookView } from './types.ts';

export interface EngineOptions {
	/** Called after every state change (step, hints, report, status). */
	readonly onChange?: () => void;
	/** Reads and records per-step progress (the page's ProgressStore). */
	readonly progress?: {
		step(lessonId: string, step: number): StepProgress | undefined;
		record(lessonId: string, step: number, progress: StepProgress): void;
	} & QuizProgress;
	/**
	 * Wall milliseconds one setup or replay command may run (default 30 s). A command still
	 * running then (an endless loop in a lesson's setup) is stopped with Ctrl-C and the replay
	 * ends with `setupProblem` set. Wall time, not sim time: a busy loop moves no sim clock.
	 */
	readonly setupBudgetMs?: number;
}

/** A setup command may run this long (wall time) before the engine stops it. */
export const SETUP_BUDGET_MS = 30_000;

/**
 * `reload`: the host could not restart its cluster; reload the page at this step instead.
 * `stopped`: the replay was stopped (out of time: see `setupProblem`; or cancelled).
 */
export type Outcome = 'ok' | 'reload' | 'stopped';

/** "30 s", "1.5 s", "200 ms". */
function duration(ms: number): string {
	return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}

export class LessonEngine {
	#lesson: Lesson;
	readonly #host: LessonHost;
	readonly #options: EngineOptions;
	#step = 0;
	#window: StepWindow = { commands: 0, capture: 0, traffic: 0 };
	#probes: ProbeRanges = { capture: [], traffic: [] };
	#report: CheckReport | undefined;
	#states: StepProgress[];
	/** The step's progress before Solve, restored by undo. */
	#beforeSolve: StepProgress | undefined;
	#solving = false;
	#replaying = false;
	#busy: string | undefined;
	/** The learner asked why the check fails (Check) since the step started. */
	#explained = false;
	#evaluating: Promise<CheckReport> | undefined;
	/** The cluster `#evaluating` reads, and which run it is. */
	#evaluatingOn: unknown;
	#evaluationToken: object | undefined;
	#again = false;
	/** The running replay's Ctrl-C, and the replay itself (a new one waits for it to stop). */
	#replay: { abort: AbortController; done: Promise<unknown> } | undefined;
	#setupProblem: string | undefined;
	/** Journal indexes after the last evaluation: new traffic since then means re-check. */
	#seen = { capture: 0, traffic: 0 };
	/** What the learner had on screen (look steps). */
	readonly #views = new ViewsSeen();
	/** The learner ran the command that settles this step's prediction. */
	#settled = false;
	/** A step has started: before that the cluster is not the lesson's yet (nothing to judge). */
	#started = false;
	/** The step's conditional hints whose `when` held at the last evaluation (indexes). */
	#hintsHolding: ReadonlySet<number> = new Set();
	/** The recap's questions and the learner's answers. */
	readonly quiz: Quiz;
	/** The command log's length when the step's check first passed in this window (compare). */
	#passedAt: number | undefined;

	constructor(lesson: Lesson, host: LessonHost, options: EngineOptions = {}) {
		this.#lesson = lesson;
		this.#host = host;
		this.#options = options;
		this.#states = lesson.steps.map(
			(_, i) => options.progress?.step(lesson.id, i) ?? { status: 'pending', hints: 0 }
		);
		this.quiz = new Quiz(lesson, options.progress, () => this.#changed());
	}

	get lesson(): Lesson {
		return this.#lesson;
	}

	/**
	 * The same lesson in another language, mid-lesson: a translation differs only in wording
	 * (translation.ts proves it in lessons:check), so the step, progress and cluster stay and
	 * the next evaluation names the checks in the new language. False for another lesson.
	 */
	translate(lesson: Lesson): boolean {
		const now = this.#lesson;
		if (lesson.id !== now.id || lesson.steps.length !== now.steps.length) return false;
		this.#lesson = lesson;
		this.#changed();
		if (this.#started && !this.#replaying) this.recheck();
		return true;
	}

	/**
	 * A re-evaluation nobody awaits (a view shown, a cluster event): it may find no cluster (a
	 * restart between the old one and the new one), which is no error; the next one judges.
	 */
	recheck(): void {
		this.evaluate().catch(() => undefined);
	}

	get step(): number {
		return this.#step;
	}
	get report(): CheckReport | undefined {
		return this.#report;
	}
	/** What the engine is doing ("Resetting the step…"), or undefined when idle. */
	get busy(): string | undefined {
		return this.#busy;
	}
	state(step = this.#step): StepProgress {
		return this.#states[step] ?? { status: 'pending', hints: 0 };
	}
	/**
	 * Whether the step's prediction is settled: its explanation and right answer may show, and
	 * the checklist may name the outcome. False until the learner ran `settledBy`.
	 */
	get predictionSettled(): boolean {
		return this.#settled || this.state().prediction?.settled === true;
	}
	get canUndoSolve(): boolean {
		return this.#beforeSolve !== undefined;
	}
	/**
	 * Whether failing conditions show their failure text: only once the learner pressed Check on
	 * this step, never at a step's start (nothing was tried yet).
	 */
	get explained(): boolean {
		return this.#explained;
	}

	/** The learner's Check: evaluates, then explains what fails. */
	async check(): Promise<CheckReport> {
		const report = await this.evaluate();
		this.#explained = true;
		this.#changed();
		return report;
	}

	/** Why the last replay stopped before its end ("setup did not finish within 30 s: …"). */
	get setupProblem(): string | undefined {
		return this.#setupProblem;
	}

	/**
	 * Stops a running setup or replay (its command gets Ctrl-C): the lesson was closed, another
	 * opened, or the step is being reset. Resolves once the replay has stopped.
	 */
	async cancel(): Promise<void> {
		const replay = this.#replay;
		if (!replay) return;
		replay.abort.abort();
		await replay.done.catch(() => undefined);
	}

	/**
	 * Puts the cluster at the start of `step`. `fresh`: the cluster was just booted with the
	 * lesson's scenario (a deep link), so no restart is needed.
	 */
	start(step = 0, options: { fresh?: boolean } = {}): Promise<Outcome> {
		// A reset while a replay runs: that one stops first (its command gets Ctrl-C).
		const previous = this.#replay;
		previous?.abort.abort();
		const target = Math.max(0, Math.min(step, this.lesson.steps.length - 1));
		const abort = new AbortController();
		const done = (async (): Promise<Outcome> => {
			await previous?.done.catch(() => undefined);
			if (abort.signal.aborted) return 'stopped';
			return this.#replayTo(target, options, abort.signal);
		})();
		const replay = { abort, done };
		this.#replay = replay;
		return done.finally(() => {
			if (this.#replay === replay) this.#replay = undefined;
		});
	}

	#replayTo(target: number, options: { fresh?: boolean }, signal: AbortSignal): Promise<Outcome> {
		return this.#while(`Preparing step ${target + 1}…`, async (): Promise<Outcome> => {
			const { setup, solutions } = this.replayPlan(target);
			this.#replaying = true;
			this.#setupProblem = undefined;
			try {
				if (!options.fresh && !(await this.#host.restart(setup.scenario, this.lesson.seed)))
					return 'reload';
				for (const command of [...setup.commands, ...solutions]) {
					if (signal.aborted) return 'stopped';
					const problem = await this.#runBudgeted(command, signal);
					if (problem !== undefined) {
						this.#setupProblem = problem;
						return 'stopped';
					}
				}
				if (signal.aborted) return 'stopped';
			} finally {
				this.#replaying = false;
			}
			this.#step = target;
			this.#beforeSolve = undefined;
			await this.#markStart();
			return 'ok';
		});
	}

	/**
	 * Runs one setup command with the budget; returns why it was stopped when it ran out. A
	 * cancel (`signal`) stops it too, without a problem to report.
	 */
	async #runBudgeted(command: string, signal: AbortSignal): Promise<string | undefined> {
		const budget = this.#options.setupBudgetMs ?? SETUP_BUDGET_MS;
		const own = new AbortController();
		const cancel = (): void => own.abort();
		signal.addEventListener('abort', cancel, { once: true });
		let outOfTime = false;
		const timer = setTimeout(() => {
			outOfTime = true;
			own.abort();
		}, budget);
		try {
			await this.#host.run(command, { signal: own.signal });
		} finally {
			clearTimeout(timer);
			signal.removeEventListener('abort', cancel);
		}
		if (!outOfTime) return undefined;
		const shown = command.length > 80 ? `${command.slice(0, 77)}…` : command;
		return `setup did not finish within ${duration(budget)}: "${shown}" was still running and was stopped`;
	}

	/**
	 * The learner's commands of this step beside its solution: only once the step's check passed
	 * here (a challenge's solution is never offered before the learner solved it).
	 */
	comparison(): StepComparison | undefined {
		const step = this.lesson.steps[this.#step];
		if (!step || this.#passedAt === undefined) return undefined;
		const log = this.#host.log;
		const records = log.since(this.#window.commands);
		// Commands typed after the pass are exploring, not the answer.
		const firstIndex = log.total - records.length;
		return compareStep(step, records.slice(0, Math.max(0, this.#passedAt - firstIndex)));
	}

	/** Setup and earlier solutions that rebuild the start of `step`. */
	replayPlan(step: number): { setup: LessonSetup; solutions: string[] } {
		let base = step;
		while (base > 0 && !this.lesson.steps[base]?.setup) base--;
		const setup = this.lesson.steps[base]?.setup ?? this.lesson.setup;
		const solutions = this.lesson.steps.slice(base, step).flatMap((s) => s.solution);
		return { setup, solutions };
	}

	/** Re-evaluates the check; concurrent calls share one run and trigger at most one more. */
	async evaluate(): Promise<CheckReport> {
		// Mid-replay the cluster is between steps: judging it would credit the wrong step.
		if (this.#replaying) return this.#report ?? { passed: false, conditions: [] };
		// A run against a cluster a restart replaced may never answer (its workers are gone).
		const cluster = this.#host.cluster;
		if (this.#evaluating && this.#evaluatingOn === cluster) {
			this.#again = true;
			return this.#evaluating;
		}
		this.#evaluatingOn = cluster;
		const token = {};
		this.#evaluationToken = token;
		const run = (async (): Promise<CheckReport> => {
			let report = await this.#evaluateOnce();
			// Stop when a newer run or a new step window took over (see #markStart).
			while (this.#again && this.#evaluationToken === token) {
				this.#again = false;
				report = await this.#evaluateOnce();
			}
			return report;
		})();
		this.#evaluating = run;
		try {
			return await run;
		} finally {
			if (this.#evaluationToken === token) this.#evaluating = undefined;
		}
	}

	/** Re-checks when traffic arrived since the last evaluation (the page polls this). */
	async poll(): Promise<void> {
		const runtime = this.#host.cluster.runtime;
		const capture = (await runtime.capture(Number.MAX_SAFE_INTEGER)).next;
		const traffic = (await runtime.traffic(Number.MAX_SAFE_INTEGER)).next;
		if (capture !== this.#seen.capture || traffic !== this.#seen.traffic) await this.evaluate();
	}

	async #evaluateOnce(): Promise<CheckReport> {
		const step = this.lesson.steps[this.#step];
		if (!step) return { passed: false, conditions: [] };
		const window = this.#window;
		// A command still running when the check passes is the one that passed it.
		const logged = this.#host.log.started;
		// What is on show now was seen with everything the journals hold now.
		await this.#views.mark(this.#host.cluster);
		if (window !== this.#window) return this.#report ?? { passed: false, conditions: [] };
		const ctx: CheckContext = {
			cluster: this.#host.cluster,
			log: this.#host.log,
			window: this.#window,
			probeRanges: this.#probes,
			...this.#views.context()
		};
		const raw = await evaluateCheck(step.check, ctx);
		const settledNow = step.predict !== undefined && (await settles(step.predict, ctx, raw));
		const holding = await hintsHolding(step, ctx);
		// The learner moved on (or a replay began) meanwhile: this report is about the past.
		if (window !== this.#window || this.#replaying) return raw;
		this.#hintsHolding = holding;
		if (settledNow && !this.predictionSettled) {
			this.#settled = true;
			const p = this.state().prediction;
			if (p) this.#update({ prediction: { ...p, settled: true } });
		}
		const report = maskReport(raw, step.check, !step.predict || this.predictionSettled);
		const runtime = this.#host.cluster.runtime;
		this.#seen = {
			capture: (await runtime.capture(Number.MAX_SAFE_INTEGER)).next,
			traffic: (await runtime.traffic(Number.MAX_SAFE_INTEGER)).next
		};
		this.#report = report;
		if (report.passed) this.#passedAt ??= logged;
		if (report.passed && this.state().status === 'pending') {
			this.#update({ status: this.#solving ? 'solved-with-help' : 'solved' });
		}
		this.#changed();
		return report;
	}

	/**
	 * The page says which view is on show now (undefined: none, or the views are hidden). A
	 * `looked` condition passes once its view was on show while it held this step's traffic.
	 */
	viewing(view: string | undefined): void {
		this.#views.current = view;
		if (view !== undefined && this.#started) this.recheck();
	}

	/** The views this page has at all; a look at one it lacks is skipped, and says so. */
	offerViews(views: readonly string[] | undefined): void {
		this.#views.offer(views);
	}

	/** Opens a view for the learner (Solve; lessons:check): the host shows it, the engine marks it. */
	async look(view: LookView): Promise<void> {
		this.#host.look?.(view);
		this.#views.current = view;
		await this.#views.mark(this.#host.cluster);
	}

	/**
	 * Shows the next hint and returns it (undefined: none left). One about what the learner did
	 * (its `when` held at the last evaluation) comes before the plain ones.
	 */
	revealHint(): Hint | undefined {
		const hints = this.lesson.steps[this.#step]?.hints ?? [];
		const { next } = this.hints;
		if (next === undefined) return undefined;
		const shown = shownHints(this.state());
		this.#update({ hints: shown.length + 1, shown: [...shown, next] });
		this.#changed();
		return hints[next];
	}

	/** The step's hints: shown so far (in order), how many are left, whether the next is about the learner. */
	get hints(): HintView {
		const hints = this.lesson.steps[this.#step]?.hints ?? [];
		return hintView(hints, this.state(), this.#hintsHolding);
	}

	/** The conditional hints (indexes) whose `when` held at the last evaluation. */
	get hintsHolding(): ReadonlySet<number> {
		return this.#hintsHolding;
	}

	answerPrediction(choice: number): boolean {
		const predict = this.lesson.steps[this.#step]?.predict;
		const correct = predict?.answer === choice;
		this.#update({ prediction: { choice, correct, ...(this.#settled ? { settled: true } : {}) } });
		this.#changed();
		return correct;
	}

	/** Runs the solution where the learner sees it; the step counts as solved with help. */
	async solve(): Promise<CheckReport> {
		const step = this.lesson.steps[this.#step];
		if (!step) throw new Error('no step to solve');
		this.#beforeSolve = { ...this.state() };
		this.#solving = true;
		try {
			await this.#while('Running the solution…', async () => {
				for (const command of step.solution) await this.#host.show(command);
				for (const view of lookViews(step.check)) await this.look(view);
			});
			const report = await this.evaluate();
			if (this.state().status === 'solved') this.#update({ status: 'solved-with-help' });
			this.#changed();
			return report;
		} finally {
			this.#solving = false;
		}
	}

	/** Back to the step's start, with the progress it had before Solve. */
	async undoSolve(): Promise<Outcome> {
		const before = this.#beforeSolve;
		const outcome = await this.start(this.#step);
		if (outcome === 'ok' && before) {
			this.#states[this.#step] = before;
			this.#options.progress?.record(this.lesson.id, this.#step, before);
			this.#changed();
		}
		return outcome;
	}

	/** The step from its start, its hints hidden and its prediction asked again. */
	resetStep(): Promise<Outcome> {
		this.#forgetHelp(this.#step);
		return this.start(this.#step);
	}

	/**
	 * The lesson from step 1; every step's hints and prediction as new, the recap's questions
	 * asked again. Solved steps stay solved.
	 */
	resetLesson(): Promise<Outcome> {
		for (let i = 0; i < this.lesson.steps.length; i++) this.#forgetHelp(i);
		this.quiz.reset();
		return this.start(0);
	}

	#forgetHelp(step: number): void {
		const { status, hints, prediction } = this.state(step);
		if (hints === 0 && !prediction) return;
		this.#states[step] = { status, hints: 0 };
		this.#options.progress?.record(this.lesson.id, step, { status, hints: 0 });
	}

	/**
	 * Moves to `step`. The next step after a passed one continues on the same cluster (its start
	 * is this end state); any other jump replays.
	 */
	async goTo(step: number): Promise<Outcome> {
		if (step === this.#step + 1 && this.#report?.passed && step < this.lesson.steps.length) {
			this.#step = step;
			this.#beforeSolve = undefined;
			await this.#markStart();
			return 'ok';
		}
		return this.start(step);
	}

	async #markStart(): Promise<void> {
		const runtime = this.#host.cluster.runtime;
		await this.#host.cluster.settle();
		this.#window = {
			commands: this.#host.log.total,
			capture: (await runtime.capture(Number.MAX_SAFE_INTEGER)).next,
			traffic: (await runtime.traffic(Number.MAX_SAFE_INTEGER)).next
		};
		this.#probes = { capture: [], traffic: [] };
		this.#views.reset();
		this.#settled = false;
		this.#hintsHolding = new Set();
		this.#started = true;
		this.#report = undefined;
		this.#passedAt = undefined;
		this.#explained = false;
		// A check still running against the cluster a restart replaced may never answer (its
		// workers are gone): the new step does not wait for it.
		this.#evaluating = undefined;
		this.#evaluationToken = undefined;
		this.#again = false;
		this.#changed();
		await this.evaluate();
	}

	async #while<T>(what: string, work: () => Promise<T>): Promise<T> {
		this.#busy = what;
		this.#changed();
		try {
			return await work();
		} finally {
			this.#busy = undefined;
			this.#changed();
		}
	}

	#update(patch: Partial<StepProgress>): void {
		const next = { ...this.state(), ...patch };
		this.#states[this.#step] = next;
		this.#options.progress?.record(this.lesson.id, this.#step, next);
	}

	#changed(): void {
		this.#options.onChange?.();
	}
}

export type { CommandRecord, StepStatus };
