/**
 * Go's text/tabwriter (left-aligned, space padding), which kubectl uses for every table and for
 * describe output. Cells end with a tab; the last cell of a line is never padded. A column block
 * is a run of consecutive lines that have a cell in that column, so a line without tabs (such as
 * `Containers:` in describe) restarts the alignment below it, exactly as kubectl's output does.
 */

export interface TabwriterOptions {
	readonly minwidth: number;
	readonly padding: number;
}

/** kubectl get: printers.GetNewTabWriter (minwidth 6, padding 3). */
export const TABLE_TABWRITER: TabwriterOptions = { minwidth: 6, padding: 3 };
/** kubectl describe: tabwriter.NewWriter(out, 0, 8, 2, ' ', 0). */
export const DESCRIBE_TABWRITER: TabwriterOptions = { minwidth: 0, padding: 2 };

/** Width as Go counts it: runes, not UTF-16 units. */
function width(s: string): number {
	return [...s].length;
}

/** Formats text whose cells are separated by `\t`; lines by `\n`. */
export function tabwrite(text: string, options: TabwriterOptions): string {
	const trailingNewline = text.endsWith('\n');
	const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
	const out: string[] = [];
	const widths: number[] = [];

	const writeLines = (from: number, to: number): void => {
		for (let i = from; i < to; i++) {
			const cells = lines[i] as string[];
			let line = '';
			cells.forEach((cell, j) => {
				line += cell;
				const w = widths[j];
				if (j < cells.length - 1 && w !== undefined)
					line += ' '.repeat(Math.max(0, w - width(cell)));
			});
			out.push(line);
		}
	};

	// Mirrors tabwriter.(*Writer).format: recursive over columns, one block at a time.
	const format = (line0: number, line1: number): void => {
		const column = widths.length;
		let start = line0;
		for (let current = line0; current < line1; current++) {
			if (column >= (lines[current] as string[]).length - 1) continue;
			writeLines(start, current);
			start = current;
			let w = options.minwidth;
			for (; current < line1; current++) {
				const cells = lines[current] as string[];
				if (column >= cells.length - 1) break;
				w = Math.max(w, width(cells[column] as string) + options.padding);
			}
			widths.push(w);
			format(start, current);
			widths.pop();
			start = current;
			current--;
		}
		writeLines(start, line1);
	};

	format(0, lines.length);
	return out.join('\n') + (trailingNewline ? '\n' : '');
}
