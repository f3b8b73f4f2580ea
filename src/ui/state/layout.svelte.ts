/**
 * Pane sizes: the lesson and visual columns' widths, the editor's height under the terminal, and
 * whether the editor is open. Remembered across reloads; clamped so no pane can be dragged away.
 */
import type { Storage } from '../../platform/storage.ts';

export interface PaneSizes {
	/** Lesson column, px. */
	lesson: number;
	/** Visual column, px. */
	visual: number;
	/** Editor pane under the terminal, percent of the centre column. */
	editor: number;
}

export const LIMITS: Readonly<Record<keyof PaneSizes, { min: number; max: number }>> = {
	lesson: { min: 160, max: 520 },
	visual: { min: 260, max: 900 },
	editor: { min: 15, max: 85 }
};

export const DEFAULT_SIZES: Readonly<PaneSizes> = { lesson: 250, visual: 400, editor: 45 };

const KEY = 'layout';

export function clampSize(which: keyof PaneSizes, value: number): number {
	const { min, max } = LIMITS[which];
	return Math.round(Math.min(max, Math.max(min, value)));
}

/** Stored sizes, each validated; anything unreadable falls back to the default. */
export function parseSizes(
	text: string | undefined
): PaneSizes & { editorOpen: boolean | undefined } {
	let raw: Record<string, unknown> = {};
	try {
		const parsed: unknown = text ? JSON.parse(text) : {};
		if (parsed && typeof parsed === 'object') raw = parsed as Record<string, unknown>;
	} catch {
		// Garbage in storage: defaults.
	}
	const num = (k: keyof PaneSizes): number =>
		typeof raw[k] === 'number' && Number.isFinite(raw[k]) ? clampSize(k, raw[k]) : DEFAULT_SIZES[k];
	return {
		lesson: num('lesson'),
		visual: num('visual'),
		editor: num('editor'),
		editorOpen: typeof raw.editorOpen === 'boolean' ? raw.editorOpen : undefined
	};
}

export class Layout {
	sizes = $state<PaneSizes>({ ...DEFAULT_SIZES });
	editorOpen = $state(true);
	readonly #storage: Storage;

	/** `compact`: a short window (an 800x600 embed) starts with the editor closed. */
	constructor(storage: Storage, options: { compact?: boolean } = {}) {
		this.#storage = storage;
		const stored = parseSizes(storage.readText(KEY));
		this.sizes = { lesson: stored.lesson, visual: stored.visual, editor: stored.editor };
		this.editorOpen = stored.editorOpen ?? !options.compact;
	}

	set(which: keyof PaneSizes, value: number): void {
		this.sizes[which] = clampSize(which, value);
		this.#save();
	}

	toggleEditor(open = !this.editorOpen): void {
		this.editorOpen = open;
		this.#save();
	}

	#save(): void {
		this.#storage.write(KEY, JSON.stringify({ ...this.sizes, editorOpen: this.editorOpen }));
	}
}
