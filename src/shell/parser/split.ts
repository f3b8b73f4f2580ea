/**
 * Splits a script into its top-level commands with their exact source, for the headless CLI and
 * transcripts, which echo each as `$ COMMAND` before its output.
 */
import type { ParseError } from './ast.ts';
import { isParseError } from './ast.ts';
import { parse } from './parse.ts';

/**
 * Splits a script into its top-level commands as a user would type them: one per input line
 * (`a; b` stays together), a multi-line `for` or a heredoc with its body as one.
 */
export function splitCommands(src: string): { source: string }[] | ParseError {
	const script = parse(src);
	if (isParseError(script)) return script;
	const out: { source: string }[] = [];
	let start: number | undefined;
	let end = 0;
	for (const item of script.items) {
		start ??= item.start;
		// A heredoc's body follows its line, so an earlier item of the line (`cat <<EOF; echo`)
		// may end after the last one.
		end = start === item.start ? item.end : Math.max(end, item.end);
		// `cmd &`: the item ends before its `&`, which the command line keeps.
		const amp = /^[ \t]*&/.exec(src.slice(end));
		if (item.background && amp) end += amp[0].length;
		if (item.endsLine) {
			out.push({ source: src.slice(start, end) });
			start = undefined;
		}
	}
	if (start !== undefined) out.push({ source: src.slice(start, end) });
	return out;
}
