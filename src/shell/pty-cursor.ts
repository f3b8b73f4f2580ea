/**
 * Where the cursor lands on a terminal with autowrap, and the CSI moves between two places: the
 * pty redraws a line that may span rows with these.
 */

export const CSI = '\x1b[';

export interface Pos {
	row: number;
	col: number;
}

/** Where the cursor is after writing `text` from column 0 with autowrap (a full row wraps). */
export function cursorAfter(text: string, cols: number): Pos {
	let row = 0;
	let col = 0;
	for (const c of text) {
		if (c === '\n') {
			row++;
			col = 0;
			continue;
		}
		if (col === cols) {
			row++;
			col = 0;
		}
		col++;
	}
	return col === cols ? { row: row + 1, col: 0 } : { row, col };
}

export function moveBetween(from: Pos, to: Pos): string {
	let out = '';
	if (from.row > to.row) out += `${CSI}${from.row - to.row}A`;
	if (to.row > from.row) out += `${CSI}${to.row - from.row}B`;
	if (to.col === from.col) return out;
	if (to.col === 0) return out + '\r';
	return out + (to.col < from.col ? `${CSI}${from.col - to.col}D` : `${CSI}${to.col - from.col}C`);
}
