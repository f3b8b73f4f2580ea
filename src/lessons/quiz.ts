/**
 * The recap's quiz of an open lesson: answers by question index, kept in progress like steps.
 * A question keeps its first answer (its explanation is already shown); Reset lesson asks them
 * all again.
 */
import type { QuizAnswer } from './progress.ts';
import type { Lesson } from './types.ts';

/** Where answers are kept (the page's ProgressStore). */
export interface QuizProgress {
	quiz?(lessonId: string): Readonly<Record<string, QuizAnswer>>;
	recordQuiz?(lessonId: string, answers: Readonly<Record<string, QuizAnswer>>): void;
}

export class Quiz {
	readonly #lesson: Lesson;
	readonly #progress: QuizProgress | undefined;
	readonly #changed: () => void;
	#answers: Readonly<Record<string, QuizAnswer>>;

	constructor(lesson: Lesson, progress: QuizProgress | undefined, changed: () => void) {
		this.#lesson = lesson;
		this.#progress = progress;
		this.#changed = changed;
		this.#answers = progress?.quiz?.(lesson.id) ?? {};
	}

	/** The answer to `question`, if given. */
	answer(question: number): QuizAnswer | undefined {
		return this.#answers[String(question)];
	}

	/** Questions answered, and of those right, out of all. */
	get score(): { answered: number; right: number; total: number } {
		const given = Object.values(this.#answers);
		return {
			answered: given.length,
			right: given.filter((a) => a.correct).length,
			total: this.#lesson.recap?.quiz.length ?? 0
		};
	}

	/**
	 * Answers `question` with `choice`; returns whether it is right (undefined: no such question
	 * or choice, and nothing is recorded). An answered question keeps its first answer.
	 */
	choose(question: number, choice: number): boolean | undefined {
		const q = this.#lesson.recap?.quiz[question];
		if (!q || !Number.isInteger(choice) || choice < 0 || choice >= q.choices.length)
			return undefined;
		const given = this.answer(question);
		if (given) return given.correct;
		const correct = q.answer === choice;
		this.#answers = { ...this.#answers, [String(question)]: { choice, correct } };
		this.#progress?.recordQuiz?.(this.#lesson.id, this.#answers);
		this.#changed();
		return correct;
	}

	/** Every question asked again. */
	reset(): void {
		if (Object.keys(this.#answers).length === 0) return;
		this.#answers = {};
		this.#progress?.recordQuiz?.(this.#lesson.id, {});
		this.#changed();
	}
}
