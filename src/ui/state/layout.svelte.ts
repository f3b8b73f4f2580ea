/**
 * Pane sizes (the lesson and visual columns' widths, the editor's and the views' heights), whether
 * the editor is open, the terminal's font size, and which pane a narrow window shows. Remembered
 * across reloads; clamped so no pane can be dragged away. `layoutMode` picks the arrangement.
 */
import type { Storage } from '../../platform/storage.ts';

export interface PaneSizes {
	/** Lesson column, px. */
	lesson: number;
	/** Visual column in the wide layout, px. */
	visual: number;
	/** Editor pane under the terminal (wide layout), percent of the page's height. */
	editor: number;
	/** Views under the terminal (medium layout), percent of the page's height. */
	views: number;
}

export const LIMITS: Readonly<Record<keyof PaneSizes, { min: number; max: number }>> = {
	lesson: { min: 160, max: 520 },
	visual: { min: 260, max: 900 },
	editor: { min: 15, max: 85 },
	views: { min: 20, max: 75 }
};

export const DEFAULT_SIZES: Readonly<PaneSizes> = {
	lesson: 280,
	visual: 480,
	editor: 45,
	views: 42
};

/** Terminal font sizes, px: the control steps through these bounds. */
export const FONT_SIZE = { min: 10, max: 24 } as const;

/**
 * The terminal's font size until the learner picks one: 12 px in narrower windows, so that at
 * 1280 px `kubectl get pods -o wide` (132 characters) fits on one row; 14 px where it fits anyway.
 */
export function defaultFontSize(width: number): number {
	return width >= 1500 ? 14 : 12;
}

/**
 * - `wide`: lesson | terminal (editor under it) | views, side by side;
 * - `medium`: lesson | terminal over views (editor beside the views): the terminal keeps ≥ 100
 *   columns at 1280 px;
 * - `narrow`: one of lesson, views or editor (tabs) over the terminal; never slivers.
 */
export type LayoutMode = 'wide' | 'medium' | 'narrow';

/**
 * Widths where three columns still leave the terminal the 132 characters of
 * `kubectl get pods -o wide` at 14 px, and where two columns fit.
 */
export const WIDE_MIN_WIDTH = 1900;
export const MEDIUM_MIN_WIDTH = 1000;

export function layoutMode(width: number, height: number): LayoutMode {
	if (width < MEDIUM_MIN_WIDTH || height < 420) return 'narrow';
	return width < WIDE_MIN_WIDTH ? 'medium' : 'wide';
}

/** What a narrow window shows above the terminal. */
export type NarrowPane = 'lesson' | 'views' | 'editor';
const NARROW_PANES: readonly NarrowPane[] = ['lesson', 'views', 'editor'];

const KEY = 'layout';

export function clampSize(which: keyof PaneSizes, value: number): number {
	const { min, max } = LIMITS[which];
	return Math.round(Math.min(max, Math.max(min, value)));
}

export function clampFontSize(value: number): number {
	return Math.round(Math.min(FONT_SIZE.max, Math.max(FONT_SIZE.min, value)));
}

export interface StoredLayout extends PaneSizes {
	editorOpen: boolean | undefined;
	/** Undefined until the learner changes it. */
	fontSize: number | undefined;
	narrowPane: NarrowPane;
}

/** Stored sizes, each validated; anything unreadable falls back to the default. */
export function parseSizes(text: string | undefined): StoredLayout {
	let raw: Record<string, unknown> = {};
	try {
		const parsed: unknown = text ? JSON.parse(text) : {};
		if (parsed && typeof parsed === 'object') raw = parsed as Record<string, unknown>;
	} catch {
		// Garbage in storage: defaults.
	}
	const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
	const num = (k: keyof PaneSizes): number =>
		finite(raw[k]) ? clampSize(k, raw[k]) : DEFAULT_SIZES[k];
	return {
		lesson: num('lesson'),
		visual: num('visual'),
		editor: num('editor'),
		views: num('views'),
		editorOpen: typeof raw.editorOpen === 'boolean' ? raw.editorOpen : undefined,
		fontSize: finite(raw.fontSize) ? clampFontSize(raw.fontSize) : undefined,
		narrowPane: NARROW_PANES.includes(raw.narrowPane as NarrowPane)
			? (raw.narrowPane as NarrowPane)
			: 'lesson'
	};
}

export class Layout {
	sizes = $state<PaneSizes>({ ...DEFAULT_SIZES });
	/** The editor opens on demand (Show, a clicked resource name); closed on a first visit. */
	editorOpen = $state(false);
	fontSize = $state<number>(14);
	narrowPane = $state<NarrowPane>('lesson');
	readonly #storage: Storage;

	/** `width`: the window's, for the default terminal font size. */
	constructor(storage: Storage, options: { width?: number } = {}) {
		this.#storage = storage;
		const stored = parseSizes(storage.readText(KEY));
		this.sizes = {
			lesson: stored.lesson,
			visual: stored.visual,
			editor: stored.editor,
			views: stored.views
		};
		this.editorOpen = stored.editorOpen ?? false;
		this.fontSize = stored.fontSize ?? defaultFontSize(options.width ?? WIDE_MIN_WIDTH);
		this.narrowPane = stored.narrowPane;
	}

	set(which: keyof PaneSizes, value: number): void {
		this.sizes[which] = clampSize(which, value);
		this.#save({ [which]: this.sizes[which] });
	}

	toggleEditor(open = !this.editorOpen): void {
		this.editorOpen = open;
		this.#save({ editorOpen: open });
	}

	/** A bigger (`+1`) or smaller (`-1`) terminal font, within FONT_SIZE. */
	zoom(delta: number): void {
		this.fontSize = clampFontSize(this.fontSize + delta);
		this.#save({ fontSize: this.fontSize });
	}

	showNarrow(pane: NarrowPane): void {
		this.narrowPane = pane;
		if (pane === 'editor') this.editorOpen = true;
		this.#save({ narrowPane: pane, ...(pane === 'editor' ? { editorOpen: true } : {}) });
	}

	/**
	 * Writes only the fields this change set, over what storage holds now: another tab's
	 * change to a different pane survives (last writer wins per field, not per layout).
	 */
	#save(changed: Partial<StoredLayout>): void {
		let stored: Record<string, unknown> = {};
		try {
			const parsed: unknown = JSON.parse(this.#storage.readText(KEY) ?? '{}');
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
				stored = parsed as Record<string, unknown>;
		} catch {
			// Unreadable: this tab's fields replace it.
		}
		this.#storage.write(KEY, JSON.stringify({ ...stored, ...changed }));
	}
}
