/**
 * The terminal seam (xterm's pty pattern): the UI writes keystrokes and pasted text in and renders
 * whatever comes out. Output is text with ANSI escapes and `\r\n` line ends, as a real pty gives.
 */
export interface Pty {
	/** Keystrokes or pasted text from the terminal. */
	write(data: string): void;
	/** Subscribes to output; returns an unsubscribe function. */
	onData(listener: (data: string) => void): () => void;
	/** True while a command runs (the UI shows a busy indicator). */
	readonly busy: boolean;
	onBusyChange(listener: (busy: boolean) => void): () => void;
	/** Terminal width, for commands that format to it. */
	resize(cols: number, rows: number): void;
}
