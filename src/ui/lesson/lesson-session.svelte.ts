/**
 * The lesson pane's state: the catalog, progress, the open lesson's engine and what it reports.
 * Components render it and call its methods. Checks re-run after every command, on cluster
 * changes (API watch) and when new traffic appears (polled once a second).
 */
import type { Cluster } from '../../mesh/cluster.ts';
import {
	ActivityTracker,
	NO_LIMITS,
	heldBack,
	lessonStatus,
	type LessonChannel,
	type LessonControl,
	type LessonLimits,
	type LessonSnapshot
} from '../../lessons/activity.ts';
import type { CommandLog } from '../../lessons/command-log.ts';
import type { CheckReport } from '../../lessons/checks/result.ts';
import type { StepComparison } from '../../lessons/compare.ts';
import { LessonEngine, type Outcome } from '../../lessons/engine.ts';
import { ProgressStore, type ProgressStorage, type StepProgress } from '../../lessons/progress.ts';
import type { QuizAnswer } from '../../lessons/progress.ts';
import type { HintView } from '../../lessons/hints.ts';
import type { Lesson, LookView } from '../../lessons/types.ts';
import type { Pty } from '../../shell/pty-types.ts';
import { browserProgressStorage, deepLink, readDeepLink } from './browser-progress.ts';
import { inLanguage } from '../../lessons/translation.ts';
import { locale } from '../i18n/i18n.svelte.ts';
import { loadCatalog, type CatalogEntry } from './catalog.ts';
import { lessonFromFile, lessonFromText, lessonFromUrl } from './lesson-source.ts';
import { ClusterUse } from './cluster-use.ts';
import { createPageHost } from './page-host.ts';

export interface SessionInputs {
	readonly cluster: Cluster | undefined;
	readonly pty: Pty | undefined;
	readonly commands: CommandLog | undefined;
	readonly restart: (() => Promise<void>) | undefined;
	/** Puts a cluster view on show (Solve on a look step). */
	readonly look?: ((view: LookView) => void) | undefined;
}

export class LessonSession {
	readonly catalog: CatalogEntry[] = loadCatalog();
	readonly progress: ProgressStore;
	/** Bumped on every engine change: views read it to re-render. */
	version = $state(0);
	lesson = $state.raw<Lesson | undefined>(undefined);
	error = $state<string | undefined>(undefined);
	confirmSolve = $state(false);
	/** The lesson's recap and quiz are on show instead of the step. */
	recapOpen = $state(false);
	/** A workshop's limits (lessons offered, a held step); none outside a workshop. */
	limits = $state.raw<LessonLimits>(NO_LIMITS);
	#engine: LessonEngine | undefined;
	#inputs = $state.raw<SessionInputs>({
		cluster: undefined,
		pty: undefined,
		commands: undefined,
		restart: undefined
	});
	/** What the page's cluster went through: whether a lesson may start on it as it is. */
	readonly #use = new ClusterUse();
	/**
	 * A lesson the learner picked while the sandbox holds their changes: it opens on a fresh
	 * cluster only once they confirm (`confirmOpen`) that the sandbox may be replaced.
	 */
	pendingSwitch = $state.raw<{ id: string; step: number | undefined; title: string } | undefined>(
		undefined
	);
	readonly #channel: LessonChannel | undefined;
	readonly #tracker = new ActivityTracker();
	/** The cluster view on show (a tab id), for look steps; undefined when the views are hidden. */
	#view: string | undefined;
	/** The views this page has (an embed's panes); undefined: all. */
	#offered: readonly string[] | undefined;

	/**
	 * `channel`: where the lesson's activity goes and outside control comes from (embed, workshop).
	 * `progressStorage`: where progress is kept (an embed keys it by the embedding origin).
	 */
	constructor(channel?: LessonChannel, progressStorage: ProgressStorage = browserProgressStorage) {
		this.#channel = channel;
		this.progress = new ProgressStore(progressStorage);
	}

	/**
	 * A bundled lesson by id or folder name (`03-join-the-mesh`), in the page's language when it
	 * is translated, or an opened outside one.
	 */
	find(id: string): Lesson | undefined {
		const entry = this.catalog.find((c) => c.lesson?.id === id || c.folder === id);
		return this.#external.get(id) ?? (entry && this.localized(entry));
	}

	/** A catalog entry's lesson in the page's language (the original if not translated). */
	localized(entry: CatalogEntry): Lesson | undefined {
		return inLanguage(entry, locale.lang);
	}

	/**
	 * The page's language changed: the open lesson's text follows in place (same step, same
	 * cluster, same progress: progress is kept by lesson id, whatever the language).
	 */
	followLanguage(): void {
		const engine = this.#engine;
		const now = engine?.lesson ?? this.lesson;
		const next = now && this.find(now.id);
		if (!now || !next || next === now) return;
		if (engine && !engine.translate(next)) return;
		this.lesson = next;
		this.version++;
	}

	/** Why `step` (1-based) cannot be opened in `lesson`, if it cannot. */
	#stepProblem(lesson: Lesson, step: number): string | undefined {
		if (Number.isInteger(step) && step >= 1 && step <= lesson.steps.length) return undefined;
		return `step ${step} is out of range: "${lesson.title}" has steps 1 to ${lesson.steps.length}`;
	}

	/** Publishes what changed since the last call (step, checks, hints, Solve, completion). */
	#announce(): void {
		if (!this.#channel) return;
		for (const a of this.#tracker.update(this.#snapshot())) this.#channel.publish(a);
		this.#channel.changed();
	}

	#snapshot(): LessonSnapshot | undefined {
		const engine = this.#engine;
		return (
			engine && {
				lesson: { ...engine.lesson, id: publicId(engine.lesson.id) },
				step: engine.step,
				busy: engine.busy,
				report: engine.report,
				states: engine.lesson.steps.map((_, i) => engine.state(i))
			}
		);
	}

	/** The lessons the picker offers: the workshop's choice, or all. */
	get offered(): CatalogEntry[] {
		const only = this.limits.lessons;
		return only.length === 0
			? this.catalog
			: this.catalog.filter((c) => c.lesson && only.includes(c.lesson.id));
	}

	/** Why the learner may not go to `step` (0-based) of the open lesson, if held. */
	held(step: number): string | undefined {
		return this.lesson && heldBack(this.limits, this.lesson.id, step + 1);
	}

	/** What the channel's adapters may do; steps are 1-based there. */
	readonly control: LessonControl = {
		current: () => {
			const e = this.#engine;
			return e && { lesson: publicId(e.lesson.id), step: e.step + 1 };
		},
		open: async (id, step) => {
			const lesson = this.find(id);
			if (!lesson) return `no lesson "${id}"`;
			const problem = step === undefined ? undefined : this.#stepProblem(lesson, step);
			if (problem) return problem;
			await this.open(lesson.id, step === undefined ? undefined : step - 1);
			return this.error;
		},
		openText: async (markdown, name, step) => {
			return this.#openChecked(lessonFromText(markdown, name), step);
		},
		openUrl: async (url, step) => {
			return this.#openChecked(await lessonFromUrl(url), step);
		},
		goTo: async (step) => {
			const e = this.#engine;
			if (!e) return 'no lesson is open';
			if (!Number.isInteger(step) || step < 1 || step > e.lesson.steps.length)
				return `step ${step} is out of range: "${e.lesson.title}" has steps 1 to ${e.lesson.steps.length}`;
			await this.goTo(step - 1);
			return this.error;
		},
		reset: async (scope) => {
			if (scope === 'mesh') await this.restartMesh();
			else if (!this.#engine) return 'no lesson is open';
			else if (scope === 'step') await this.resetStep();
			else await this.resetLesson();
			return this.error;
		},
		status: () => {
			const s = this.#snapshot();
			return s && lessonStatus(s);
		}
	};

	get storageProblem(): string | undefined {
		void this.version;
		return this.progress.problem;
	}
	get step(): number {
		void this.version;
		return this.#engine?.step ?? 0;
	}
	get report(): CheckReport | undefined {
		void this.version;
		return this.#engine?.report;
	}
	get busy(): string | undefined {
		void this.version;
		return this.#engine?.busy;
	}
	/** The open step's prediction may show its answer (the settling command ran). */
	get predictionSettled(): boolean {
		void this.version;
		return this.#engine?.predictionSettled ?? false;
	}
	get canUndoSolve(): boolean {
		void this.version;
		return this.#engine?.canUndoSolve ?? false;
	}
	/** Failing conditions show why only after the learner's Check on this step. */
	get explained(): boolean {
		void this.version;
		return this.#engine?.explained ?? false;
	}
	/** The open step's hints: shown (in order), how many more, whether the next is about the learner. */
	get hints(): HintView {
		void this.version;
		return this.#engine?.hints ?? { shown: [], next: undefined, left: 0, aboutYou: false };
	}
	/** The learner's commands beside the step's solution: undefined until the step passed. */
	get comparison(): StepComparison | undefined {
		void this.version;
		return this.#engine?.comparison();
	}
	quizAnswer(question: number): QuizAnswer | undefined {
		void this.version;
		return this.#engine?.quiz.answer(question);
	}
	get quizScore(): { answered: number; right: number; total: number } {
		void this.version;
		return this.#engine?.quiz.score ?? { answered: 0, right: 0, total: 0 };
	}
	state(step?: number): StepProgress {
		void this.version;
		return this.#engine?.state(step) ?? { status: 'pending', hints: 0 };
	}
	summary(lesson: Lesson): { solved: number; withHelp: number; total: number } {
		void this.version;
		return this.progress.summary(lesson.id, lesson.steps.length);
	}
	get ready(): boolean {
		return this.#inputs.cluster !== undefined;
	}

	/** The page's cluster, pty and command log changed (boot, restart). */
	connect(inputs: SessionInputs): () => void {
		this.#inputs = inputs;
		const cluster = inputs.cluster;
		if (!cluster) return () => {};
		this.#use.cluster(cluster);
		// A lesson restarting the cluster (reset, replay) sets the new one up as its own.
		if (this.#engine) this.#use.lessonRan();
		const recheck = (): void => this.#engine?.recheck();
		const offWatch = cluster.api.watch(() => this.#debounced(recheck));
		const offLog =
			inputs.commands?.subscribe((record) => {
				this.#use.command(record, this.#engine !== undefined);
				recheck();
			}) ?? (() => {});
		const timer = setInterval(() => void this.#engine?.poll().catch(() => {}), 1000);
		if (this.#pendingOpen) {
			const { id, step } = this.#pendingOpen;
			this.#pendingOpen = undefined;
			void this.open(id, step);
		}
		return () => {
			offWatch();
			offLog();
			clearInterval(timer);
		};
	}

	#timer: ReturnType<typeof setTimeout> | undefined;
	#debounced(fn: () => void): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(fn, 250);
	}
	/** `step` undefined: where the learner's progress left off. */
	#pendingOpen: { id: string; step: number | undefined } | undefined;
	/** Lessons opened from a file or `?lessonUrl=`, by id (they stay for this page's life). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup for open(), never rendered
	#external = new Map<string, Lesson>();

	/** Opens `?lessonUrl=URL` or `?lesson=ID`, at `&step=N`, if any. */
	openFromUrl(): void {
		const link = readDeepLink(location.search, location.href);
		if (link.lessonUrl) void this.openUrl(link.lessonUrl, link.step - 1);
		else if (link.lesson) void this.open(link.lesson, link.step - 1);
	}

	/** A lesson the learner picked from disk. */
	async openFile(file: File): Promise<void> {
		this.error = undefined;
		await this.#openExternal(await lessonFromFile(file), 0);
	}

	async openUrl(url: string, step = 0): Promise<void> {
		this.error = undefined;
		await this.#openExternal(await lessonFromUrl(url), step);
	}

	async #openChecked(
		result: ReturnType<typeof lessonFromText>,
		step: number | undefined
	): Promise<string | undefined> {
		if (!result.lesson) return result.error;
		const problem = step === undefined ? undefined : this.#stepProblem(result.lesson, step);
		if (problem) return problem;
		await this.#openExternal(result, step === undefined ? undefined : step - 1);
		return this.error;
	}

	async #openExternal(
		result: ReturnType<typeof lessonFromText>,
		step: number | undefined
	): Promise<void> {
		if (!result.lesson) {
			this.error = result.error;
			return;
		}
		// Outside lessons get their own progress namespace: one reusing a built-in id
		// (`id: meet-the-cluster`) must not mark the built-in lesson's steps solved.
		const lesson = { ...result.lesson, id: externalId(result.lesson.id) };
		this.#external.set(lesson.id, lesson);
		await this.open(lesson.id, step);
	}

	/**
	 * Opens a lesson at `step` on the lesson's own cluster state. A cluster the learner changed in
	 * the sandbox is not replaced unasked: `confirmed` says they agreed (see `pendingSwitch`).
	 */
	async open(id: string, step?: number, options: { confirmed?: boolean } = {}): Promise<void> {
		const entry = { lesson: this.find(id) };
		if (!entry?.lesson) {
			this.error = `no lesson "${id}"`;
			return;
		}
		if (!this.#inputs.cluster) {
			this.#pendingOpen = { id, step };
			this.lesson = entry.lesson;
			return;
		}
		const start = this.#use.start(entry.lesson.setup.scenario, this.#engine !== undefined);
		if (start === 'ask' && !options.confirmed) {
			this.pendingSwitch = { id, step, title: entry.lesson.title };
			return;
		}
		this.pendingSwitch = undefined;
		this.recapOpen = false;
		// Switching lessons: the old one's setup, if still running, stops now.
		void this.#engine?.cancel();
		this.error = undefined;
		this.lesson = entry.lesson;
		const host = createPageHost({
			cluster: () => this.#inputs.cluster,
			pty: () => this.#inputs.pty,
			log: this.#inputs.commands,
			restart: this.#inputs.restart,
			look: (view) => this.#inputs.look?.(view)
		});
		this.#engine = new LessonEngine(entry.lesson, host, {
			progress: this.progress,
			onChange: () => {
				this.version++;
				this.#announce();
			}
		});
		this.#engine.offerViews(this.#offered);
		this.#engine.viewing(this.#view);
		let at = step ?? this.progress.lesson(id)?.current ?? 0;
		// A workshop hold: open at the held step at most.
		const hold = this.limits.hold;
		if (hold?.lesson === id) at = Math.min(at, hold.step - 1);
		const fresh = start === 'as-is';
		await this.#act(() => this.#engine!.start(at, { fresh }));
	}

	/** The learner agreed to replace their sandbox cluster with the lesson's. */
	confirmSwitch = async (): Promise<void> => {
		const pending = this.pendingSwitch;
		if (pending) await this.open(pending.id, pending.step, { confirmed: true });
	};

	/** The learner keeps their sandbox: the lesson does not open. */
	cancelSwitch = (): void => {
		this.pendingSwitch = undefined;
	};

	close(): void {
		// A setup still running (an endless loop) must not outlive its lesson.
		void this.#engine?.cancel();
		this.#engine = undefined;
		this.#announce();
		this.lesson = undefined;
		history.replaceState(null, '', deepLink(location.href, undefined, 0));
		this.version++;
	}

	async #act(work: () => Promise<Outcome>): Promise<void> {
		this.#use.lessonRan();
		try {
			const outcome = await work();
			const engine = this.#engine;
			if (!engine) return;
			const url = deepLink(location.href, engine.lesson.id, engine.step);
			if (outcome === 'reload') location.assign(url);
			else if (outcome === 'stopped') {
				// Out of time (say so); cancelled by a newer action (that one reports).
				if (engine.setupProblem) this.error = engine.setupProblem;
			} else {
				history.replaceState(null, '', url);
				this.progress.setCurrent(engine.lesson.id, engine.step);
			}
		} catch (e) {
			this.error = e instanceof Error ? e.message : String(e);
		}
		this.version++;
	}

	/**
	 * The page says which cluster view is on show (look steps read it) and, for an embed, which
	 * views it has at all (undefined: all).
	 */
	viewing(view: string | undefined, offered?: readonly string[]): void {
		this.#view = view;
		this.#offered = offered;
		this.#engine?.offerViews(offered);
		this.#engine?.viewing(view);
	}

	check = (): Promise<unknown> => this.#engine?.check() ?? Promise.resolve();
	hint = (): void => void this.#engine?.revealHint();
	answerQuiz = (question: number, choice: number): void =>
		void this.#engine?.quiz.choose(question, choice);
	openRecap = (): void => {
		this.confirmSolve = false;
		this.recapOpen = true;
	};
	closeRecap = (): void => {
		this.recapOpen = false;
	};
	predict = (choice: number): void => void this.#engine?.answerPrediction(choice);
	goTo = async (step: number): Promise<void> => {
		this.recapOpen = false;
		const held = this.held(step);
		if (held) {
			this.error = held;
			return;
		}
		await this.#act(() => this.#engine!.goTo(step));
	};
	resetStep = (): Promise<void> => this.#act(() => this.#engine!.resetStep());
	resetLesson = (): Promise<void> => {
		this.recapOpen = false;
		return this.#act(() => this.#engine!.resetLesson());
	};
	undoSolve = (): Promise<void> => this.#act(() => this.#engine!.undoSolve());

	async solve(): Promise<void> {
		this.confirmSolve = false;
		// A challenge shows hints, never its solution.
		if (this.#engine?.lesson.steps[this.#engine.step]?.kind === 'challenge') return;
		try {
			await this.#engine?.solve();
		} catch (e) {
			this.error = e instanceof Error ? e.message : String(e);
		}
	}

	/** Types a command into the terminal, as if the learner had. */
	run(command: string): void {
		this.#inputs.pty?.write(command.replace(/\n/g, '\r') + '\r');
	}

	/** Restart the mesh: a fresh cluster; the open lesson starts over at its current step. */
	async restartMesh(): Promise<void> {
		if (this.#engine) return this.resetStep();
		if (this.#inputs.restart) await this.#inputs.restart();
		else location.reload();
	}

	exportProgress(): void {
		const blob = new Blob([this.progress.export()], { type: 'application/json' });
		const a = document.createElement('a');
		a.href = URL.createObjectURL(blob);
		a.download = 'mesh-playground-progress.json';
		a.click();
		URL.revokeObjectURL(a.href);
	}

	async importProgress(file: File): Promise<void> {
		const problem = this.progress.import(await file.text());
		this.error = problem ? `could not import progress: ${problem}` : undefined;
		this.version++;
	}
}

/** The progress key of a lesson opened from a file or a URL. */
export function externalId(id: string): string {
	return `outside:${id}`;
}

/** The id the lesson itself declares: what embeds and workshops are told (the prefix is storage's). */
function publicId(id: string): string {
	return id.startsWith('outside:') ? id.slice('outside:'.length) : id;
}
