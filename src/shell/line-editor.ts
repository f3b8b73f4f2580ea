/**
 * The line being typed: text and cursor, with readline's editing commands (emacs mode). Pure
 * state; the pty decides how to redraw it.
 */

const WORD = /[A-Za-z0-9_]/;

export class LineEditor {
	text = '';
	cursor = 0;

	set(text: string): void {
		this.text = text;
		this.cursor = text.length;
	}

	insert(s: string): void {
		this.text = this.text.slice(0, this.cursor) + s + this.text.slice(this.cursor);
		this.cursor += s.length;
	}

	/** Backspace: true if something changed. */
	backspace(): boolean {
		if (this.cursor === 0) return false;
		this.text = this.text.slice(0, this.cursor - 1) + this.text.slice(this.cursor);
		this.cursor--;
		return true;
	}

	deleteForward(): boolean {
		if (this.cursor >= this.text.length) return false;
		this.text = this.text.slice(0, this.cursor) + this.text.slice(this.cursor + 1);
		return true;
	}

	left(): boolean {
		if (this.cursor === 0) return false;
		this.cursor--;
		return true;
	}

	right(): boolean {
		if (this.cursor >= this.text.length) return false;
		this.cursor++;
		return true;
	}

	home(): void {
		this.cursor = 0;
	}

	end(): void {
		this.cursor = this.text.length;
	}

	/** Ctrl-U (unix-line-discard). */
	killToStart(): void {
		this.text = this.text.slice(this.cursor);
		this.cursor = 0;
	}

	/** Ctrl-K (kill-line). */
	killToEnd(): void {
		this.text = this.text.slice(0, this.cursor);
	}

	/** Ctrl-W (unix-word-rubout): back to the previous whitespace. */
	deleteWordBack(): void {
		let i = this.cursor;
		while (i > 0 && /\s/.test(this.text[i - 1] as string)) i--;
		while (i > 0 && !/\s/.test(this.text[i - 1] as string)) i--;
		this.text = this.text.slice(0, i) + this.text.slice(this.cursor);
		this.cursor = i;
	}

	/** Alt-B / Alt-F (backward-word, forward-word). */
	wordLeft(): void {
		let i = this.cursor;
		while (i > 0 && !WORD.test(this.text[i - 1] as string)) i--;
		while (i > 0 && WORD.test(this.text[i - 1] as string)) i--;
		this.cursor = i;
	}

	wordRight(): void {
		let i = this.cursor;
		while (i < this.text.length && !WORD.test(this.text[i] as string)) i++;
		while (i < this.text.length && WORD.test(this.text[i] as string)) i++;
		this.cursor = i;
	}
}
