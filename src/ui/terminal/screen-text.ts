/**
 * The terminal's text, scrollback included, for test hooks. Soft-wrapped rows are joined back
 * into one line, and trailing spaces are dropped, so a long output line (an HTML title, a wide table row) matches as typed.
 */

/** The slice of xterm's `IBuffer` this reads (also satisfied by @xterm/headless). */
export interface TextBuffer {
	readonly length: number;
	getLine(
		y: number
	): { readonly isWrapped: boolean; translateToString(trimRight?: boolean): string } | undefined;
}

export function screenText(buffer: TextBuffer): string {
	const lines: string[] = [];
	for (let y = 0; y < buffer.length; y++) {
		const line = buffer.getLine(y);
		if (!line) continue;
		const text = line.translateToString(true);
		if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
		else lines.push(text);
	}
	// Trailing spaces are trimmed after rejoining: a row may wrap right after a space.
	const trimmed = lines.map((l) => l.trimEnd());
	while (trimmed.length > 0 && trimmed[trimmed.length - 1] === '') trimmed.pop();
	return trimmed.join('\n');
}
