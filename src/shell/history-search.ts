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
