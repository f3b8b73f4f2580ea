/**
 * Opens an xterm in an element and keeps it fitted to that element. The fit addon measures the
 * character cell; a ResizeObserver refits on any layout change (window, panes, fonts), coalesced
 * to one fit per frame.
 */
import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { blinkUntilQuiet } from './cursor-blink.ts';

export const TERMINAL_FONT =
	'ui-monospace, "Cascadia Mono", "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

export interface MountedTerminal {
	readonly term: Terminal;
	/** A new font size, px; the terminal refits (more or fewer columns) at once. */
	setFontSize(px: number): void;
	dispose(): void;
}

export function createTerminal(el: HTMLElement, theme: ITheme, fontSize = 14): MountedTerminal {
	const term = new Terminal({
		theme,
		fontFamily: TERMINAL_FONT,
		fontSize,
		lineHeight: 1.15,
		cursorBlink: true,
		scrollback: 5000,
		allowProposedApi: false,
		screenReaderMode: false
	});
	// Copy like a desktop terminal: Ctrl+Shift+C, or Ctrl+C while text is selected (otherwise
	// Ctrl+C stays the interrupt). Paste with Ctrl+V or Ctrl+Shift+V as in VS Code's terminal and
	// ttyd: xterm would send ^V (quoted-insert) and cancel the key, so the key is left to the
	// browser, whose paste event xterm turns into input. No clipboard permission is needed.
	// Tab completes in the shell, so it cannot also leave the terminal: Esc then Tab (or
	// Shift+Tab) does, as in CodeMirror, so a keyboard user is never trapped (WCAG 2.1.2). A lone
	// Esc reaches the shell, whose line editor ignores it.
	let escaped = false;
	term.attachCustomKeyEventHandler((e) => {
		if (e.type === 'keydown') {
			if (e.key === 'Tab' && escaped) {
				escaped = false;
				return false; // not handled: the browser moves focus
			}
			escaped = e.key === 'Escape' && !e.ctrlKey && !e.altKey && !e.metaKey;
		}
		if (e.ctrlKey && !e.altKey && !e.metaKey && e.key.toLowerCase() === 'v') return false;
		const copy =
			e.type === 'keydown' &&
			(e.ctrlKey || e.metaKey) &&
			e.key.toLowerCase() === 'c' &&
			(e.shiftKey || term.hasSelection());
		if (!copy) return true;
		const text = term.getSelection();
		if (text) void navigator.clipboard?.writeText(text).catch(() => {});
		e.preventDefault();
		return false;
	});
	const fit = new FitAddon();
	term.loadAddon(fit);
	term.open(el);
	// Blinks while in use, steady once quiet: a blinking cursor costs the page a frame per vsync.
	const blink = blinkUntilQuiet(term);
	const wake = (): void => blink.wake();
	term.textarea?.addEventListener('focus', wake);
	// xterm's input is a hidden textarea, yet Chromium blinks its caret while it has focus: a
	// frame every 500 ms, forever. Nobody sees that caret (xterm draws its own), so it holds still.
	term.textarea?.style.setProperty('caret-animation', 'manual');

	let frame = 0;
	const refit = (): void => {
		cancelAnimationFrame(frame);
		frame = requestAnimationFrame(() => {
			// Hidden or zero-sized (a collapsed pane): fitting would pick 1 column.
			if (el.clientWidth > 0 && el.clientHeight > 0) fit.fit();
		});
	};
	const observer = new ResizeObserver(refit);
	observer.observe(el);
	fit.fit();

	return {
		term,
		setFontSize(px) {
			if (term.options.fontSize === px) return;
			term.options.fontSize = px;
			// The element keeps its size, so the ResizeObserver stays quiet: fit now.
			refit();
		},
		dispose() {
			cancelAnimationFrame(frame);
			observer.disconnect();
			term.textarea?.removeEventListener('focus', wake);
			blink.dispose();
			term.dispose();
		}
	};
}
