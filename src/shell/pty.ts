/**
 * The shell as a pty (STYLE.md principle 10): keystrokes and pastes in, ANSI text with `\r\n`
 * out. It owns line editing, the `$ `/`> ` prompts, history navigation, Ctrl-C, and runs each
 * complete command line through the session. Input typed while a command runs is kept and
 * handled afterwards, as a tty's typeahead is.
 */
import type { CommandIO } from './command.ts';
import { expandHistory } from './history-expansion.ts';
import { ReverseSearch, searchStep } from './history-search.ts';
import { historyEntry, type History } from './history.ts';
import { LineEditor } from './line-editor.ts';
import { endsHeredoc, pendingInput } from './parser/parse.ts';
import { CSI, cursorAfter, moveBetween } from './pty-cursor.ts';
import type { Pty } from './pty-types.ts';
import type { Completion } from './session.ts';

/** The part of a ShellSession the pty drives, so tests can pass a fake. */
export interface PtySession {
	execute(source: string, io: CommandIO, options?: { signal?: AbortSignal }): Promise<number>;
	complete?(line: string, cursor: number): Completion;
	readonly history: History;
	/** Output of background jobs, whenever it comes (session.ts). */
	onJobOutput?(listener: (text: string) => void): () => void;
	/** `[1]+  Done …` lines to print before the next prompt. */
	jobNotices?(): string;
}

export interface PtyOptions {
	/** Printed once before the first prompt (with `\n` line ends). */
	readonly banner?: string;
	readonly cols?: number;
	readonly rows?: number;
}

export interface ShellPty extends Pty {
	/** Resolves once no command runs and all typed input has been handled (tests, the CLI). */
	whenIdle(): Promise<void>;
}

/**
 * The longest command the shell takes, heredocs included (a 1 MB manifest pasted in a heredoc
 * is fine; 4 MiB is where a paste is a mistake, and the parser's cost with it).
 */
export const MAX_COMMAND_CHARS = 4 * 1024 * 1024;
/** What Ctrl-Z prints while a command runs (README, Simplified: jobs cannot be stopped). */
export const CTRL_Z_NOTE =
	'bash: stopping a job (Ctrl-Z) is not simulated: the command runs on; Ctrl-C ends it, `cmd &` runs it in the background';
/** Typed ahead while a command runs; a tty keeps 4 KiB (N_TTY_BUF_SIZE) and rings the bell. */
export const MAX_TYPEAHEAD_CHARS = 4 * 1024 * 1024;
const TOO_LONG = `bash: command too long: more than ${MAX_COMMAND_CHARS} characters (heredocs included); not run\n`;

const PROMPT = '\x1b[1m$\x1b[0m ';
const CONTINUATION = '> ';
const VISIBLE = { [PROMPT]: '$ ', [CONTINUATION]: '> ' } as Record<string, string>;

/** pendingInput, but a parser that throws runs the line, whose error is then shown. */
function pending(source: string): { incomplete: boolean; heredoc?: string } {
	try {
		return pendingInput(source);
	} catch {
		return { incomplete: false };
	}
}

class ShellPtyImpl implements ShellPty {
	#listeners = new Set<(data: string) => void>();
	#busyListeners = new Set<(busy: boolean) => void>();
	#unsent = '';
	#busy = false;
	#cols: number;
	#editor = new LineEditor();
	#prompt = PROMPT;
	/** Lines of a command still being completed (`> ` prompts). */
	#lines: string[] = [];
	/** Characters in `#lines`; past MAX_COMMAND_CHARS the rest of the command is only skipped. */
	#linesChars = 0;
	#tooLong = false;
	/** While those lines are inside a heredoc: the delimiter that ends it. */
	#heredocWanted: string | undefined;
	#input = '';
	/** Visible prompt+line text as last drawn, and the cursor offset in it. */
	#shown = { text: '', offset: 0 };
	#historyIndex = 0;
	#draft = '';
	#controller: AbortController | undefined;
	#atLineStart = true;
	#idle: (() => void)[] = [];
	/** True while handling a multi-character write (a paste): Tab is then literal. */
	#pasting = false;
	/** While Ctrl-R searches: the search, and the prompt to restore. */
	#search: { state: ReverseSearch; prompt: string } | undefined;

	constructor(
		readonly session: PtySession,
		options: PtyOptions
	) {
		this.#cols = Math.max(10, options.cols ?? 80);
		// History loaded from an earlier session: the arrow keys start after its last entry.
		this.#historyIndex = session.history.entries.length;
		if (options.banner) this.#output(options.banner);
		this.#showPrompt(PROMPT);
		session.onJobOutput?.((text) => this.#jobOutput(text));
	}

	/**
	 * A background job's output: under a running command it is just output; at the prompt it
	 * goes above the prompt, which is drawn again with the line being typed (bash writes it
	 * where the cursor is and leaves the prompt behind).
	 */
	#jobOutput(text: string): void {
		if (this.#busy) return this.#output(text);
		const from = cursorAfter(this.#shown.text.slice(0, this.#shown.offset), this.#cols);
		this.#emit((from.row > 0 ? `${CSI}${from.row}A\r` : '\r') + `${CSI}J`);
		this.#output(text.endsWith('\n') ? text : `${text}\n`);
		this.#shown = { text: '', offset: 0 };
		this.#refresh();
	}

	/** bash's job notifications, before a prompt. */
	#notices(): void {
		const notices = this.session.jobNotices?.();
		if (!notices) return;
		if (!this.#atLineStart) this.#output('\n');
		this.#output(notices);
	}

	get busy(): boolean {
		return this.#busy;
	}

	onData(listener: (data: string) => void): () => void {
		this.#listeners.add(listener);
		if (this.#unsent) {
			const data = this.#unsent;
			this.#unsent = '';
			listener(data);
		}
		return () => void this.#listeners.delete(listener);
	}

	onBusyChange(listener: (busy: boolean) => void): () => void {
		this.#busyListeners.add(listener);
		return () => void this.#busyListeners.delete(listener);
	}

	resize(cols: number): void {
		if (cols > 0) this.#cols = cols;
	}

	whenIdle(): Promise<void> {
		if (!this.#busy && this.#input === '') return Promise.resolve();
		return new Promise((resolve) => this.#idle.push(resolve));
	}

	write(data: string): void {
		if (this.#busy && data.includes('\x1a')) {
			// A tty would stop the foreground job (SIGTSTP); jobs cannot be stopped here, so the
			// command runs on and the terminal says so instead of swallowing the key.
			data = data.replaceAll('\x1a', '');
			this.#emit(`^Z\r\n${CTRL_Z_NOTE}\r\n`);
			this.#atLineStart = true;
		}
		if (this.#busy) {
			const ctrlC = data.lastIndexOf('\x03');
			if (ctrlC < 0) {
				const room = MAX_TYPEAHEAD_CHARS - this.#input.length;
				this.#input += data.slice(0, Math.max(0, room));
				if (data.length > room) this.#emit('\x07');
				return;
			}
			// Like a tty on SIGINT: the command stops and typeahead is flushed.
			this.#input = data.slice(ctrlC + 1);
			this.#emit('^C\r\n');
			this.#atLineStart = true;
			this.#controller?.abort();
			return;
		}
		this.#input += data;
		this.#pump();
	}

	#emit(data: string): void {
		if (this.#listeners.size === 0) this.#unsent += data;
		for (const l of this.#listeners) l(data);
	}

	/** Command output: `\n` becomes `\r\n` as a tty's onlcr does. */
	#output(text: string): void {
		if (!text) return;
		this.#emit(text.replace(/\r?\n/g, '\r\n'));
		// eslint-disable-next-line no-control-regex -- terminal input and output are ANSI control sequences
		this.#atLineStart = /\n$|\x1b\[[23]?J$|\x1b\[H$/.test(text);
	}

	#showPrompt(prompt: string): void {
		if (!this.#atLineStart) this.#emit('\r\n');
		this.#prompt = prompt;
		this.#editor.set('');
		this.#shown = { text: '', offset: 0 };
		this.#refresh();
	}

	#visible(): string {
		return (VISIBLE[this.#prompt] ?? this.#prompt) + this.#editor.text;
	}

	/** Redraws prompt and line from the prompt's first row. */
	#refresh(): void {
		const cols = this.#cols;
		const text = this.#visible();
		const from = cursorAfter(this.#shown.text.slice(0, this.#shown.offset), cols);
		// Clear first, then draw: erasing after drawing would reset xterm's "wrapped" mark on
		// rows of a long line, and copying it would then split it.
		let out = (from.row > 0 ? `${CSI}${from.row}A\r` : '\r') + `${CSI}J`;
		out += this.#prompt + this.#editor.text.replace(/\n/g, '\r\n');
		const end = cursorAfter(text, cols);
		// At an exact wrap boundary, force the wrap with a space, then erase that one cell (ECH
		// keeps the row's wrapped mark, EL would not).
		if (end.col === 0 && text.length > 0 && !text.endsWith('\n')) out += ` \r${CSI}X`;
		const offset = text.length - this.#editor.text.length + this.#editor.cursor;
		out += moveBetween(end, cursorAfter(text.slice(0, offset), cols));
		this.#shown = { text, offset };
		this.#emit(out);
	}

	#moveCursor(): void {
		const text = this.#visible();
		const offset = text.length - this.#editor.text.length + this.#editor.cursor;
		const cols = this.#cols;
		const from = cursorAfter(text.slice(0, this.#shown.offset), cols);
		this.#emit(moveBetween(from, cursorAfter(text.slice(0, offset), cols)));
		this.#shown = { text, offset };
	}

	#insert(s: string): void {
		const atEnd = this.#editor.cursor === this.#editor.text.length;
		this.#editor.insert(s);
		if (!atEnd || s.includes('\n') || this.#editor.text.includes('\n')) return this.#refresh();
		const text = this.#visible();
		const wrapped = cursorAfter(text, this.#cols).col === 0;
		this.#emit(s + (wrapped ? ` \r${CSI}X` : ''));
		this.#shown = { text, offset: text.length };
	}

	/** Handles queued input until it runs out or a command starts. */
	#pump(): void {
		this.#pasting = this.#input.length > 1;
		while (!this.#busy && this.#input.length > 0) {
			const used = this.#key(this.#input);
			if (used === 0) break; // an escape sequence split across writes: wait for the rest
			this.#input = this.#input.slice(used);
		}
		if (!this.#busy && this.#input === '') {
			for (const resolve of this.#idle.splice(0)) resolve();
		}
	}

	/** Handles the key at the start of `data`; returns how many characters it used. */
	#key(data: string): number {
		if (this.#search) {
			const used = this.#searchKey(data);
			if (used > 0) return used;
		}
		const c = data[0] as string;
		if (c === '\x1b') return this.#escape(data);
		const run = printableRun(data);
		if (run > 0) {
			if (this.#editor.text.length + run > MAX_COMMAND_CHARS) {
				this.#emit('\x07'); // a line this long is dropped, as a full tty buffer drops input
				return run;
			}
			this.#insert(data.slice(0, run));
			return run;
		}
		const ed = this.#editor;
		switch (c) {
			case '\r':
				this.#enter();
				return data[1] === '\n' ? 2 : 1;
			case '\n':
				this.#enter();
				return 1;
			case '\x7f':
			case '\b':
				if (ed.backspace()) this.#refresh();
				return 1;
			case '\x03':
				this.#cancelLine();
				return 1;
			case '\x04':
				if (ed.deleteForward()) this.#refresh();
				return 1;
			case '\x01':
				ed.home();
				this.#moveCursor();
				return 1;
			case '\x05':
				ed.end();
				this.#moveCursor();
				return 1;
			case '\x02':
				if (ed.left()) this.#moveCursor();
				return 1;
			case '\x06':
				if (ed.right()) this.#moveCursor();
				return 1;
			case '\x0b':
				ed.killToEnd();
				this.#refresh();
				return 1;
			case '\x15':
				ed.killToStart();
				this.#refresh();
				return 1;
			case '\x17':
				ed.deleteWordBack();
				this.#refresh();
				return 1;
			case '\x0c':
				this.#emit(`${CSI}H${CSI}2J`);
				this.#shown = { text: '', offset: 0 };
				this.#refresh();
				return 1;
			case '\x10':
				this.#historyMove(-1);
				return 1;
			case '\x0e':
				this.#historyMove(1);
				return 1;
			case '\x12':
				this.#startSearch();
				return 1;
			case '\t':
				if (this.#pasting) this.#insert('\t');
				else this.#complete();
				return 1;
			default:
				return 1;
		}
	}

	#escape(data: string): number {
		if (data.length === 1) return this.#pasting ? 0 : 1;
		const ed = this.#editor;
		// eslint-disable-next-line no-control-regex -- terminal input and output are ANSI control sequences
		const csi = /^\x1b\[([\d;]*)([@-~])/.exec(data) ?? /^\x1bO()([A-Za-z])/.exec(data);
		if (!csi) {
			// eslint-disable-next-line no-control-regex -- terminal input and output are ANSI control sequences
			if (data[1] === '[' || data[1] === 'O') return /^\x1b[[O][\d;]*$/.test(data) ? 0 : 2;
			if (data[1] === 'b') ed.wordLeft();
			else if (data[1] === 'f') ed.wordRight();
			// A lone Esc before another control key (Esc, Ctrl-C) must not swallow it.
			else return (data[1] as string) < ' ' ? 1 : 2;
			this.#moveCursor();
			return 2;
		}
		const [all, param, final] = csi as unknown as [string, string, string];
		const key = final === '~' ? param : final;
		switch (key) {
			case 'A':
				this.#historyMove(-1);
				break;
			case 'B':
				this.#historyMove(1);
				break;
			case 'C':
				if (ed.right()) this.#moveCursor();
				break;
			case 'D':
				if (ed.left()) this.#moveCursor();
				break;
			case 'H':
			case '1':
			case '7':
				ed.home();
				this.#moveCursor();
				break;
			case 'F':
			case '4':
			case '8':
				ed.end();
				this.#moveCursor();
				break;
			case '3':
				if (ed.deleteForward()) this.#refresh();
				break;
		}
		return all.length;
	}

	#startSearch(): void {
		if (this.#lines.length > 0) return this.#emit('\x07');
		const ed = this.#editor;
		const state = new ReverseSearch(this.session.history.entries, ed.text, ed.cursor);
		this.#search = { state, prompt: this.#prompt };
		this.#showSearch();
	}

	#showSearch(): void {
		const state = this.#search?.state;
		if (!state) return;
		this.#prompt = state.prompt;
		this.#editor.set(state.line);
		this.#editor.cursor = state.cursor;
		this.#refresh();
	}

	/** A key while Ctrl-R searches; returns 0 when the search ended and the key is still to act. */
	#searchKey(data: string): number {
		const search = this.#search as { state: ReverseSearch; prompt: string };
		const { state } = search;
		const step = searchStep(state, data, this.#pasting);
		if (step.type === 'wait') return 0;
		if (step.type === 'search') {
			if (step.bell) this.#emit('\x07');
			this.#showSearch();
			return step.used;
		}
		this.#search = undefined;
		this.#prompt = search.prompt;
		if (step.type === 'abort') {
			this.#editor.set(state.typed);
			this.#editor.cursor = state.typedCursor;
		} else if (state.historyIndex !== undefined) {
			// Up and Down go on from the entry found, as after readline's search.
			if (this.#historyIndex === this.session.history.entries.length) this.#draft = state.typed;
			this.#historyIndex = state.historyIndex;
		}
		this.#refresh();
		return step.used;
	}

	#cancelLine(): void {
		this.#editor.end();
		this.#moveCursor();
		this.#emit('^C\r\n');
		this.#atLineStart = true;
		this.#clearLines();
		this.#heredocWanted = undefined;
		this.#historyIndex = this.session.history.entries.length;
		this.#showPrompt(PROMPT);
	}

	#historyMove(delta: number): void {
		const entries = this.session.history.entries;
		if (this.#lines.length > 0) return;
		const next = Math.min(entries.length, Math.max(0, this.#historyIndex + delta));
		if (next === this.#historyIndex) return;
		if (this.#historyIndex === entries.length) this.#draft = this.#editor.text;
		this.#historyIndex = next;
		this.#editor.set(next === entries.length ? this.#draft : (entries[next] as string));
		this.#refresh();
	}

	#complete(): void {
		const ed = this.#editor;
		const result = this.session.complete?.(ed.text, ed.cursor);
		if (!result || result.candidates.length === 0) return this.#emit('\x07');
		const typed = ed.text.slice(result.from, ed.cursor);
		const [first, ...more] = result.candidates as [string, ...string[]];
		let common = first;
		for (const c of more) while (!c.startsWith(common)) common = common.slice(0, -1);
		if (more.length === 0) common += first.endsWith('/') ? '' : ' ';
		if (common.length > typed.length && common.startsWith(typed)) {
			this.#insert(common.slice(typed.length));
			return;
		}
		// Ambiguous: list the candidates under the line, then redraw it (bash's second Tab).
		ed.end();
		this.#moveCursor();
		this.#emit('\r\n' + result.candidates.join('  ') + '\r\n');
		const cursor = ed.cursor;
		const text = ed.text;
		this.#shown = { text: '', offset: 0 };
		this.#editor.set(text);
		this.#editor.cursor = cursor;
		this.#refresh();
	}

	#enter(): void {
		this.#editor.end();
		this.#moveCursor();
		this.#emit('\r\n');
		this.#atLineStart = true;
		const line = this.#expand(this.#editor.text);
		if (line === undefined) return this.#showPrompt(PROMPT);
		if (this.#tooLong) return this.#skipLine(line);
		this.#lines.push(line);
		this.#linesChars += line.length + 1;
		if (this.#linesChars > MAX_COMMAND_CHARS) {
			// Inside a heredoc the rest of it is skipped up to its delimiter, so the paste's
			// remaining lines do not run as commands of their own.
			this.#tooLong = true;
			this.#lines = [];
			return this.#skipLine(line);
		}
		if (this.#lines.length === 1 && line.trim() === '') {
			this.#clearLines();
			this.#notices();
			return this.#showPrompt(PROMPT);
		}
		// Inside a heredoc only its delimiter line can change anything: skip joining and re-parsing
		// the whole command for every pasted line (a 1 MB paste took 52 s).
		const wanted = this.#heredocWanted;
		if (wanted !== undefined && !endsHeredoc(line, wanted)) return this.#showPrompt(CONTINUATION);
		const source = this.#lines.join('\n');
		const more = pending(source);
		if (more.incomplete) {
			this.#heredocWanted = more.heredoc;
			return this.#showPrompt(CONTINUATION);
		}
		this.#heredocWanted = undefined;
		const entry = historyEntry(this.#lines);
		this.#clearLines();
		this.session.history.add(entry);
		this.#historyIndex = this.session.history.entries.length;
		void this.#run(source);
	}

	/** A line of a command past MAX_COMMAND_CHARS: dropped, and the command with it at its end. */
	#skipLine(line: string): void {
		const wanted = this.#heredocWanted;
		if (wanted !== undefined && !endsHeredoc(line, wanted)) return this.#showPrompt(CONTINUATION);
		this.#clearLines();
		this.#heredocWanted = undefined;
		this.#output(TOO_LONG);
		this.#showPrompt(PROMPT);
	}

	/**
	 * Bash's history expansion of a line as it is entered (not inside a heredoc's body): the
	 * expanded line is printed before it runs; an unknown event discards the whole command.
	 */
	#expand(line: string): string | undefined {
		if (this.#heredocWanted !== undefined) return line;
		const result = expandHistory(line, this.session.history.entries);
		if (result.type === 'unchanged') return line;
		if (result.type === 'expanded') {
			this.#output(result.line + '\n');
			return result.line;
		}
		this.#output(`bash: ${result.message}\n`);
		this.#clearLines();
		this.#heredocWanted = undefined;
		return undefined;
	}

	#clearLines(): void {
		this.#lines = [];
		this.#linesChars = 0;
		this.#tooLong = false;
	}

	#setBusy(busy: boolean): void {
		this.#busy = busy;
		for (const l of this.#busyListeners) l(busy);
	}

	async #run(source: string): Promise<void> {
		this.#setBusy(true);
		const controller = new AbortController();
		this.#controller = controller;
		let live = true;
		const sink = (t: string): void => {
			if (live) this.#output(t);
		};
		const io: CommandIO = { stdin: '', stdout: sink, stderr: sink };
		const aborted = new Promise<void>((resolve) =>
			controller.signal.addEventListener('abort', () => resolve(), { once: true })
		);
		try {
			await Promise.race([
				this.session.execute(source, io, { signal: controller.signal }),
				aborted
			]);
		} catch (e) {
			sink(`bash: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
		}
		// A command that ignores Ctrl-C keeps running, but can no longer write to the screen.
		live = false;
		this.#controller = undefined;
		// Storage full: the learner hears once that history is not being saved.
		const notice = this.session.history.notice?.();
		if (notice) {
			if (!this.#atLineStart) this.#output('\n');
			this.#output(`${notice}\n`);
		}
		this.#notices();
		this.#showPrompt(PROMPT);
		this.#setBusy(false);
		this.#pump();
	}
}

/** A pty over a shell session; the prompt is printed at once (buffered until someone listens). */
export function createPty(session: PtySession, options: PtyOptions = {}): ShellPty {
	return new ShellPtyImpl(session, options);
}

/**
 * How many characters at the start of `data` are printable (no C0 control, no DEL). A loop, not
 * `/^[^\x00-\x1f\x7f]+/`: that regexp's exec on a 4 MiB paste threw `Maximum call stack size
 * exceeded` once in a clean-clone run with test files sharing one process (not reproduced alone).
 */
function printableRun(data: string): number {
	let i = 0;
	for (; i < data.length; i++) {
		const code = data.charCodeAt(i);
		if (code <= 0x1f || code === 0x7f) break;
	}
	return i;
}
