/**
 * Readline's incremental reverse search (Ctrl-R, `reverse-search-history`): pure state. The pty
 * shows `prompt` in place of `$ `, `line` as the line, and the cursor at `cursor`. Mirrors
 * readline's isearch.c: typing narrows the search from the current match, Ctrl-R again finds an
 * older match (an earlier one in the same line first), identical lines are skipped, and a search
 * that finds nothing says `failed` and keeps the last match.
 */

export class ReverseSearch {
	query = '';
	failed = false;
	readonly #lines: readonly string[];
	/** Index into #lines of the match: the last line is the one being typed when Ctrl-R was pressed. */
	#index: number;
	/** Where the match starts in its line. */
	#pos: number;

	/** `entries` is the history, oldest first; `typed` and `cursor` are the line being edited. */
	constructor(
		entries: readonly string[],
		readonly typed: string,
		readonly typedCursor: number
	) {
		const cursor = typedCursor;
		this.#lines = [...entries, typed];
		this.#index = entries.length;
		this.#pos = cursor;
	}

	/** What replaces the shell prompt while searching, as bash prints it. */
	get prompt(): string {
		return `(${this.failed ? 'failed ' : ''}reverse-i-search)\`${this.query}': `;
	}

	/** The line found (the typed line until something matches). */
	get line(): string {
		return this.#lines[this.#index] as string;
	}

	get cursor(): number {
		return this.#pos;
	}

	/** The history entry found, or undefined while the typed line is shown. */
	get historyIndex(): number | undefined {
		return this.#index < this.#lines.length - 1 ? this.#index : undefined;
	}

	/** Adds typed characters to the search string; the current match is kept if it still matches. */
	type(text: string): void {
		this.query += text;
		if (!this.failed) this.#search(this.#index, this.#pos);
	}

	/** Ctrl-R again: the next older match. */
	older(): boolean {
		if (this.query === '' || this.failed) return false;
		return this.#search(this.#index, this.#pos - 1);
	}

	/** Backspace: drops the last search character and searches again from the newest line. */
	backspace(): boolean {
		if (this.query === '') return false;
		this.query = this.query.slice(0, -1);
		this.failed = false;
		const last = this.#lines.length - 1;
		if (this.query === '') {
			this.#index = last;
			this.#pos = this.#lines[last]!.length;
			return true;
		}
		this.#search(last, Infinity, false);
		return true;
	}

	/**
	 * Finds `query` starting at or before `pos` in line `from`, then in older lines from their end,
	 * skipping lines identical to the current match (unless searching afresh). Sets `failed` when
	 * nothing matches.
	 */
	#search(from: number, pos: number, skipSame = true): boolean {
		const current = this.line;
		for (let i = from; i >= 0; i--) {
			const text = this.#lines[i] as string;
			if (skipSame && i !== from && text === current) continue;
			const start = i === from ? pos : text.length;
			if (start < 0) continue;
			const at = text.lastIndexOf(this.query, start);
			if (at >= 0) {
				this.#index = i;
				this.#pos = at;
				return true;
			}
		}
		this.failed = true;
		return false;
	}
}

/** What one key does to a search (readline's isearch dispatch), for the pty to carry out. */
export type SearchStep =
	/** The search changed (or rang the bell): redraw it. */
	| { readonly type: 'search'; readonly used: number; readonly bell: boolean }
	/** Ctrl-G: back to the line as it was before Ctrl-R. */
	| { readonly type: 'abort'; readonly used: number }
	/** The match becomes the line; `used` 0 means the key still acts on it (Enter runs it). */
	| { readonly type: 'accept'; readonly used: number }
	/** A lone Esc that may be the start of a sequence still arriving (a paste): wait. */
	| { readonly type: 'wait' };

/**
 * Text and Backspace edit the search, Ctrl-R finds an older match, Ctrl-G aborts, a lone Esc
 * keeps the match to edit, and any other key keeps the match and then acts on it.
 */
export function searchStep(search: ReverseSearch, data: string, pasting: boolean): SearchStep {
	// eslint-disable-next-line no-control-regex -- terminal input is ANSI control sequences
	const printable = /^[^\x00-\x1f\x7f]+/.exec(data);
	if (printable) {
		// One character at a time, as typed: a paste narrows the search step by step too.
		for (const ch of printable[0]) search.type(ch);
		return { type: 'search', used: printable[0].length, bell: search.failed };
	}
	const c = data[0] as string;
	if (c === '\x12') return { type: 'search', used: 1, bell: !search.older() };
	if (c === '\x7f' || c === '\b') return { type: 'search', used: 1, bell: !search.backspace() };
	if (c === '\x07') return { type: 'abort', used: 1 };
	if (c === '\x1b' && data.length === 1 && pasting) return { type: 'wait' };
	const lone = c === '\x1b' && (data.length === 1 || (data[1] as string) < ' ');
	return { type: 'accept', used: lone ? 1 : 0 };
}
