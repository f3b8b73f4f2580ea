/**
 * Markdown the renderer cannot take. `marked` recurses once per nesting level: 6,000 `>` or
 * 20,000 `*` around a word overflow its stack (after seconds of work), and lists nested 1,000
 * deep take 20 s. No lesson a person writes comes near these limits, so text past them is a
 * problem with a line number, found by one linear scan before anything is rendered.
 */

export const MAX_QUOTE_DEPTH = 20;
export const MAX_INDENT = 100;
export const MAX_DELIMITER_RUN = 100;

export interface MarkdownLimitProblem {
	/** 1-based line within the text given. */
	readonly line: number;
	readonly message: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The first line of `markdown` past a limit (fenced code is exempt), or undefined. */
export function markdownLimitProblem(markdown: string): MarkdownLimitProblem | undefined {
	const lines = markdown.split(/\r\n?|\n/);
	let fence: string | undefined;
	for (let i = 0; i < lines.length; i++) {
		const text = lines[i] as string;
		const open = FENCE.exec(text)?.[1];
		if (fence !== undefined) {
			if (open && open[0] === fence[0] && open.length >= fence.length) fence = undefined;
			continue;
		}
		if (open) {
			fence = open;
			continue;
		}
		const problem = lineProblem(text);
		if (problem) return { line: i + 1, message: problem };
	}
	return undefined;
}

function lineProblem(text: string): string | undefined {
	let quotes = 0;
	let indent = 0;
	for (const c of text) {
		if (c === '>') quotes++;
		else if (c === ' ') indent++;
		else if (c === '\t') indent += 4;
		else break;
	}
	if (quotes > MAX_QUOTE_DEPTH)
		return `blockquotes nested more than ${MAX_QUOTE_DEPTH} deep (">" ${quotes} times)`;
	if (indent > MAX_INDENT)
		return `text indented more than ${MAX_INDENT} columns (lists nested too deep)`;
	let run = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text[i] as string;
		run = c === text[i - 1] ? run + 1 : 1;
		if ((c === '*' || c === '_' || c === '~') && run > MAX_DELIMITER_RUN)
			return `more than ${MAX_DELIMITER_RUN} "${c}" in a row`;
	}
	return undefined;
}
