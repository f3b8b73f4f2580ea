/**
 * Progress per lesson and step (solved, or solved with help), kept as one versioned JSON
 * document. Pure: the storage is injected (the page gives localStorage, guarded; tests a Map),
 * and a storage that refuses reads or writes is reported, never thrown.
 */

export const PROGRESS_VERSION = 1;

export type StepStatus = 'pending' | 'solved' | 'solved-with-help';

export interface StepProgress {
	readonly status: StepStatus;
	/** How many hints were shown. */
	readonly hints: number;
	readonly prediction?: { readonly choice: number; readonly correct: boolean };
}

export interface LessonProgress {
	/** Index of the step the learner was on. */
	readonly current: number;
	readonly steps: Readonly<Record<string, StepProgress>>;
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
	if (!isRecord(value) || typeof value.version !== 'number')
		return { error: 'not a progress file: no "version"' };
	if (value.version > PROGRESS_VERSION)
		return {
			error: `progress file version ${value.version} is newer than this page understands (${PROGRESS_VERSION})`
		};
	if (value.version !== PROGRESS_VERSION || !isRecord(value.lessons))
		return { error: `unsupported progress file version ${value.version}` };
	const lessons: Record<string, LessonProgress> = {};
	for (const [id, raw] of Object.entries(value.lessons)) {
		if (!isRecord(raw) || !isRecord(raw.steps)) continue;
		const steps: Record<string, StepProgress> = {};
		for (const [i, s] of Object.entries(raw.steps)) {
			if (!isRecord(s) || !STATUSES.includes(s.status as StepStatus) || !/^\d+$/.test(i)) continue;
			const p = s.prediction;
			steps[i] = {
				status: s.status as StepStatus,
				hints: typeof s.hints === 'number' && s.hints >= 0 ? Math.floor(s.hints) : 0,
				...(isRecord(p) && typeof p.choice === 'number'
					? { prediction: { choice: p.choice, correct: p.correct === true } }
					: {})
			};
		}
		lessons[id] = {
			current: typeof raw.current === 'number' ? Math.max(0, Math.floor(raw.current)) : 0,
			steps
		};
	}
	return { version: PROGRESS_VERSION, lessons };
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class ProgressStore {
	readonly #storage: ProgressStorage;
	#doc: ProgressDocument = EMPTY;
	/** Why progress will not be kept, for a visible warning; undefined when storage works. */
	problem: string | undefined;
	/** True when storage holds a newer version's progress, which saving would destroy. */
	#readOnly = false;

	constructor(storage: ProgressStorage) {
		this.#storage = storage;
		try {
			const text = storage.load();
			if (text !== null) {
				const parsed = parseProgress(text);
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
		this.#doc = { ...this.#doc, lessons: { ...this.#doc.lessons, [id]: lesson } };
		this.#save();
	}

	#save(): void {
		if (this.#readOnly) return;
		try {
			this.#storage.save(JSON.stringify(this.#doc));
		} catch {
			this.problem ??=
				'this browser refused to save progress (storage full or blocked); export it to a file to keep it';
		}
	}
}
