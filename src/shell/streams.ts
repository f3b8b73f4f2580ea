/**
 * The three standard streams of a running command as the interpreter wires them. stdin is a
 * buffer read lazily: a command that never looks at it (`echo`) leaves it for the next one, so
 * `while read line; do echo "$line"; done` works over one buffer.
 */

export type Sink = (text: string) => void;

export class Stdin {
	#text: string;
	#pos = 0;

	constructor(text: string) {
		this.#text = text;
	}

	/** Everything not yet read. */
	readAll(): string {
		const rest = this.#text.slice(this.#pos);
		this.#pos = this.#text.length;
		return rest;
	}

	/** The next line without its newline; undefined at end of input. */
	readLine(): string | undefined {
		if (this.#pos >= this.#text.length) return undefined;
		const nl = this.#text.indexOf('\n', this.#pos);
		const end = nl < 0 ? this.#text.length : nl;
		const line = this.#text.slice(this.#pos, end);
		this.#pos = nl < 0 ? end : nl + 1;
		return line;
	}
}

export interface Streams {
	readonly stdin: Stdin;
	readonly stdout: Sink;
	readonly stderr: Sink;
	/** stdout is the terminal, not a pipe or file (`ls` prints columns only then). */
	readonly stdoutIsTerminal: boolean;
}

export const EMPTY_STDIN = (): Stdin => new Stdin('');
export const discard: Sink = () => {};
