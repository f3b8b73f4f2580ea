/**
 * kubectl describe's PrefixWriter: lines indented two spaces per level, cells separated by tabs,
 * the whole text aligned once by the describe tabwriter (minwidth 0, padding 2) at the end.
 */
import { DESCRIBE_TABWRITER, tabwrite } from '../tabwriter.ts';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;

export class PrefixWriter {
	#text = '';
	/** Writes `text` (which may hold tabs and newlines) after `level` indents. */
	write(level: number, text: string): void {
		this.#text += '  '.repeat(level) + text;
	}
	/** Output so far, aligned as kubectl prints it. */
	toString(): string {
		return tabwrite(this.#text, DESCRIBE_TABWRITER);
	}
}
