/**
 * The cursor blinks while the learner types and stops after a quiet spell, as GTK terminals do
 * (`gtk-cursor-blink-timeout`, 10 s by default). xterm's DOM renderer blinks with a CSS
 * animation, which makes Chromium run a frame (style, layout, paint of the whole page: the
 * Nodes view at 500 pods) about 60 times a second for as long as it runs: most of an idle
 * page's CPU. A steady cursor costs no frames.
 */

/** GTK's default `gtk-cursor-blink-timeout`. */
export const CURSOR_BLINK_TIMEOUT_MS = 10_000;

/** The part of xterm's Terminal this needs. */
export interface BlinkingTerminal {
	readonly options: { cursorBlink?: boolean };
	onData(listener: () => void): { dispose(): void };
}

export interface BlinkTimers {
	set(fn: () => void, ms: number): unknown;
	clear(handle: unknown): void;
}

const WALL: BlinkTimers = {
	set: (fn, ms) => setTimeout(fn, ms),
	clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

export interface CursorBlink {
	/** Blink again, for another timeout (input, focus). */
	wake(): void;
	dispose(): void;
}

/** Blinks now; stops `timeoutMs` after the last input or `wake`. */
export function blinkUntilQuiet(
	term: BlinkingTerminal,
	timeoutMs = CURSOR_BLINK_TIMEOUT_MS,
	timers: BlinkTimers = WALL
): CursorBlink {
	let timer: unknown;
	const wake = (): void => {
		if (term.options.cursorBlink !== true) term.options.cursorBlink = true;
		if (timer !== undefined) timers.clear(timer);
		timer = timers.set(() => {
			timer = undefined;
			term.options.cursorBlink = false;
		}, timeoutMs);
	};
	const input = term.onData(wake);
	wake();
	return {
		wake,
		dispose() {
			input.dispose();
			if (timer !== undefined) timers.clear(timer);
			timer = undefined;
		}
	};
}
