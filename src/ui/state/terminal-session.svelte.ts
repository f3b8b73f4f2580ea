/**
 * One terminal's state: the xterm screen, the pty once the shell is up, and whether a command is
 * running. Keystrokes typed before the shell exists are kept and delivered when it attaches, so
 * the terminal is usable from the first frame.
 */
import type { Terminal } from '@xterm/xterm';
import type { Pty } from '../../shell/pty-types.ts';
import { attachPty } from '../terminal/attach-pty.ts';
import { screenText } from '../terminal/screen-text.ts';
import type { TerminalRows } from '../test-hooks.ts';

/** Enough for a pasted command or two; beyond that, early typing is dropped, not hoarded. */
const MAX_PENDING_CHARS = 4096;

export class TerminalSession {
	busy = $state(false);
	attached = $state(false);
	/**
	 * Commands finished, counted once their output is on the screen (xterm parsed it): what a
	 * benchmark times a quick command by, which may start and end between two of its polls.
	 */
	commandsDone = 0;
	#term: Terminal | undefined;
	#pending = '';
	/** A pty was attached before: the mesh restarted, and the old prompt is still on screen. */
	#reattaching = false;

	/** Called by Terminal.svelte once xterm is open; returns the cleanup. */
	mount(term: Terminal): () => void {
		this.#term = term;
		const early = term.onData((d) => {
			if (!this.attached && this.#pending.length + d.length <= MAX_PENDING_CHARS)
				this.#pending += d;
		});
		return () => {
			early.dispose();
			this.#term = undefined;
		};
	}

	/** Connects the pty to the mounted screen; returns the cleanup. */
	attach(pty: Pty): () => void {
		const term = this.#term;
		if (!term) return () => {};
		// The new shell's banner starts on a fresh line, not after the old `$ ` prompt.
		if (this.#reattaching) term.write('\r\n');
		this.#reattaching = true;
		// The last value seen, kept apart from `busy`: reading that $state here (inside the
		// effect that attaches) would make the effect depend on what it writes.
		let wasBusy = false;
		const detach = attachPty(term, pty, {
			onBusyChange: (b) => {
				if (wasBusy && !b) term.write('', () => this.commandsDone++);
				wasBusy = b;
				this.busy = b;
			}
		});
		this.attached = true;
		if (this.#pending) pty.write(this.#pending);
		this.#pending = '';
		return () => {
			detach();
			this.attached = false;
			this.busy = false;
		};
	}

	focus(): void {
		this.#term?.focus();
	}

	/** The grid and every buffer row, with xterm's own wrapped flag (for test hooks). */
	rows(): TerminalRows {
		const term = this.#term;
		if (!term) return { cols: 0, rows: 0, lines: [] };
		const buffer = term.buffer.active;
		const lines: { text: string; wrapped: boolean }[] = [];
		for (let y = 0; y < buffer.length; y++) {
			const line = buffer.getLine(y);
			if (line) lines.push({ text: line.translateToString(true), wrapped: line.isWrapped });
		}
		return { cols: term.cols, rows: term.rows, lines };
	}

	/** Everything on screen and in scrollback, wrapped rows rejoined. */
	text(): string {
		return this.#term ? screenText(this.#term.buffer.active) : '';
	}
}
