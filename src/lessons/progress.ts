/**
 * Progress per lesson and step (solved, or solved with help), kept as one versioned JSON
 * document. Pure: the storage is injected (the page gives localStorage, guarded; tests a Map),
 * and a storage that refuses reads or writes is reported, never thrown.
 */
import { isJsonObject } from '../mesh/json.ts';

export const PROGRESS_VERSION = 1;

export type StepStatus = 'pending' | 'solved' | 'solved-with-help';

export interface StepProgress {
	readonly status: StepStatus;
	/** How many hints were shown. */
	readonly hints: number;
	/**
	 * Which hints were shown (indexes, in order): a hint whose condition held may come before
	 * the first. Absent: the first `hints`.
	 */
	readonly shown?: readonly number[];
	readonly prediction?: {
		readonly choice: number;
		readonly correct: boolean;
		/** The learner ran the command that settles it: the answer and explanation show. */
		readonly settled?: boolean;
	};
}

/** A recap question answered: the choice and whether it was right. */
export interface QuizAnswer {
	readonly choice: number;
	readonly correct: boolean;
}

export interface LessonProgress {
	/** Index of the step the learner was on. */
	readonly current: number;
	readonly steps: Readonly<Record<string, StepProgress>>;
	/** The recap's questions answered, by question index. */
	readonly quiz?: Readonly<Record<string, QuizAnswer>>;
}

export interface ProgressDocument {
	readonly version: typeof PROGRESS_VERSION;
	readonly lessons: Readonly<Record<string, LessonProgress>>;
}

/** Where the document lives; both calls may throw (blocked storage), the store copes. */
export interface ProgressStorage {
	load(): string | null;
	save(text: string): void;
}

const EMPTY: ProgressDocument = { version: PROGRESS_VERSION, lessons: {} };
const STATUSES: readonly StepStatus[] = ['pending', 'solved', 'solved-with-help'];

/** Parses an exported or stored document; a message on anything else. */
export function parseProgress(text: string): ProgressDocument | { error: string } {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return { error: 'not a progress file: it is not JSON' };
	}
	if (!isJsonObject(value) || typeof value.version !== 'number')
		return { error: 'not a progress file: no "version"' };
	if (value.version > PROGRESS_VERSION)
		return {
			error: `progress file version ${value.version} is newer than this page understands (${PROGRESS_VERSION})`
		};
	if (value.version !== PROGRESS_VERSION)
		return { error: `unsupported progress file version ${value.version}` };
	if (!isJsonObject(value.lessons))
		return { error: 'not a progress file: "lessons" is not an object' };
	const lessons: Record<string, LessonProgress> = {};
	for (const [id, raw] of Object.entries(value.lessons)) {
		if (!isJsonObject(raw) || !isJsonObject(raw.steps)) continue;
		const steps: Record<string, StepProgress> = {};
		for (const [i, s] of Object.entries(raw.steps)) {
			if (!isJsonObject(s) || !STATUSES.includes(s.status as StepStatus) || !/^\d+$/.test(i))
				continue;
			const p = s.prediction;
			const shown = Array.isArray(s.shown) ? s.shown.filter(isIndex) : undefined;
			steps[i] = {
				status: s.status as StepStatus,
				hints: typeof s.hints === 'number' && s.hints >= 0 ? Math.floor(s.hints) : 0,
				...(shown ? { shown } : {}),
				...(isJsonObject(p) && typeof p.choice === 'number'
					? {
							prediction: {
								choice: p.choice,
								correct: p.correct === true,
								...(p.settled === true ? { settled: true } : {})
							}
						}
					: {})
			};
		}
		const quiz: Record<string, QuizAnswer> = {};
		for (const [q, a] of Object.entries(isJsonObject(raw.quiz) ? raw.quiz : {}))
			if (/^\d+$/.test(q) && isJsonObject(a) && isIndex(a.choice))
				quiz[q] = { choice: a.choice, correct: a.correct === true };
		lessons[id] = {
			current: typeof raw.current === 'number' ? Math.max(0, Math.floor(raw.current)) : 0,
			steps,
			...(Object.keys(quiz).length > 0 ? { quiz } : {})
		};
	}
	return { version: PROGRESS_VERSION, lessons };
}

function isIndex(v: unknown): v is number {
	return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

export class ProgressStore {
	readonly #storage: ProgressStorage;
	#doc: ProgressDocument = EMPTY;
	/** Why progress will not be kept, for a visible warning; undefined when storage works. */
	problem: string | undefined;
	/** True when storage holds a newer version's progress, which saving would destroy. */
	#readOnly = false;
	/** What this tab last wrote, to tell another tab's save from its own. */
	#lastSaved: string | undefined;

	constructor(storage: ProgressStorage) {
		this.#storage = storage;
		try {
			const text = storage.load();
			if (text !== null) {
				const parsed = parseProgress(text);
				this.#lastSaved = text;
				if ('error' in parsed) {
					this.problem = `saved progress was ignored: ${parsed.error}`;
					// A newer page wrote it: keep it for that page rather than overwrite it.
					this.#readOnly = /is newer than this page understands/.test(parsed.error);
				} else this.#doc = parsed;
			}
		} catch {
			this.problem =
				'this browser blocks storage here, so progress will not be kept after a reload (export it to a file instead)';
		}
	}

	get document(): ProgressDocument {
		return this.#doc;
	}

	lesson(id: string): LessonProgress | undefined {
		return this.#doc.lessons[id];
	}

	step(id: string, step: number): StepProgress | undefined {
		return this.#doc.lessons[id]?.steps[String(step)];
	}

	/** Solved steps (with or without help) out of `total`. */
	summary(id: string, total: number): { solved: number; withHelp: number; total: number } {
		const steps = Object.values(this.#doc.lessons[id]?.steps ?? {});
		return {
			solved: steps.filter((s) => s.status === 'solved').length,
			withHelp: steps.filter((s) => s.status === 'solved-with-help').length,
			total
		};
	}

	record(id: string, step: number, progress: StepProgress): void {
		const lesson = this.#doc.lessons[id] ?? { current: 0, steps: {} };
		this.#put(id, { ...lesson, steps: { ...lesson.steps, [String(step)]: progress } });
	}

	/** The recap's answers so far. */
	quiz(id: string): Readonly<Record<string, QuizAnswer>> {
		return this.#doc.lessons[id]?.quiz ?? {};
	}

	/** Replaces the recap's answers (an empty record: the quiz is asked again). */
	recordQuiz(id: string, answers: Readonly<Record<string, QuizAnswer>>): void {
		const lesson = this.#doc.lessons[id] ?? { current: 0, steps: {} };
		const quiz = Object.keys(answers).length > 0 ? { quiz: answers } : {};
		this.#put(id, { current: lesson.current, steps: lesson.steps, ...quiz });
	}

	setCurrent(id: string, step: number): void {
		const lesson = this.#doc.lessons[id] ?? { current: 0, steps: {} };
		this.#put(id, { ...lesson, current: step });
	}

	forget(id: string): void {
		const lessons = { ...this.#doc.lessons };
		delete lessons[id];
		this.#doc = { ...this.#doc, lessons };
		this.#save();
	}

	/** The document as a file's text. */
	export(): string {
		return JSON.stringify(this.#doc, null, 2) + '\n';
	}

	/** Replaces progress with a file's; returns an error message for a bad file. */
	import(text: string): string | undefined {
		const parsed = parseProgress(text);
		if ('error' in parsed) return parsed.error;
		this.#doc = parsed;
		this.#readOnly = false;
		this.#save();
		return undefined;
	}

	#put(id: string, lesson: LessonProgress): void {
		// Another tab may have saved since this one loaded: start from what storage holds now,
		// so a step solved there is not overwritten by this tab's older copy.
		const stored = this.#stored();
		const lessons = { ...this.#doc.lessons, ...stored?.lessons };
		lessons[id] = mergeLesson(stored?.lessons[id], lesson);
		this.#doc = { ...this.#doc, lessons };
		this.#save();
	}

	#stored(): ProgressDocument | undefined {
		if (this.#readOnly) return undefined;
		try {
			const text = this.#storage.load();
			// Unchanged since this tab saved: nothing to merge (and Undo may lower a step).
			if (text === null || text === this.#lastSaved) return undefined;
			const parsed = parseProgress(text);
			return 'error' in parsed ? undefined : parsed;
		} catch {
			return undefined;
		}
	}

	#save(): void {
		if (this.#readOnly) return;
		try {
			const text = JSON.stringify(this.#doc);
			this.#storage.save(text);
			this.#lastSaved = text;
		} catch {
			this.problem ??=
				'this browser refused to save progress (storage full or blocked); export it to a file to keep it';
		}
	}
}

const RANK: Record<StepStatus, number> = { pending: 0, 'solved-with-help': 1, solved: 2 };

/** This tab's lesson over the stored one, step by step; a solved step never goes back. */
function mergeLesson(stored: LessonProgress | undefined, mine: LessonProgress): LessonProgress {
	if (!stored) return mine;
	const steps: Record<string, StepProgress> = { ...stored.steps };
	for (const [i, step] of Object.entries(mine.steps)) {
		const other = stored.steps[i];
		steps[i] =
			other && RANK[other.status] > RANK[step.status]
				? { ...other, hints: Math.max(other.hints, step.hints) }
				: step;
	}
	// An answer another tab gave stays; this tab's answers win where both answered.
	const quiz = { ...stored.quiz, ...mine.quiz };
	return { current: mine.current, steps, ...(Object.keys(quiz).length > 0 ? { quiz } : {}) };
}
