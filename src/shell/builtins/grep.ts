/**
 * GNU `grep`: BRE by default, `-E` ERE, `-F` fixed strings; `-i -v -c -q -o -n -w -x -l -h -H -s`,
 * `-e PATTERN` (repeatable), `-m NUM` and context (`-A/-B/-C NUM`: `-` after the name and line
 * number of a context line, `--` between groups). Exit 0 when a line was selected, 1 when none,
 * 2 on error.
 */
import { parseOpts, usageError, has, type ParsedOpts } from './getopt.ts';
import { type MatchOptions, type Matcher, createMatcher } from './grep-nfa.ts';
import { type Node, literalTree, parseRegex } from './grep-regex.ts';
import { readInputs, splitLines } from './inputs.ts';
import type { Builtin } from './types.ts';

const USAGE = 'Usage: grep [OPTION]... PATTERNS [FILE]...';

const LONG = {
	'extended-regexp': { key: 'E' },
	'fixed-strings': { key: 'F' },
	'basic-regexp': { key: 'G' },
	'perl-regexp': { key: 'P' },
	'ignore-case': { key: 'i' },
	'invert-match': { key: 'v' },
	count: { key: 'c' },
	quiet: { key: 'q' },
	silent: { key: 'q' },
	'only-matching': { key: 'o' },
	'line-number': { key: 'n' },
	'word-regexp': { key: 'w' },
	'line-regexp': { key: 'x' },
	'files-with-matches': { key: 'l' },
	'no-filename': { key: 'h' },
	'with-filename': { key: 'H' },
	'no-messages': { key: 's' },
	regexp: { key: 'e', arg: true },
	'after-context': { key: 'A', arg: true },
	'before-context': { key: 'B', arg: true },
	context: { key: 'C', arg: true },
	'max-count': { key: 'm', arg: true },
	color: { key: 'color', arg: false },
	colour: { key: 'color', arg: false }
} as const;

/** Builds one matcher from all patterns, or GNU's error text. */
function compile(patterns: readonly string[], p: ParsedOpts): Matcher | string {
	const mode = ['E', 'F', 'G', 'P'].filter((k) => has(p, k)).at(-1) ?? 'G';
	const options = { ignoreCase: has(p, 'i'), word: has(p, 'w'), line: has(p, 'x') };
	if (mode === 'P') return perlMatcher(patterns, options);
	const trees: Node[] = [];
	for (const pattern of patterns) {
		const tree = mode === 'F' ? literalTree(pattern) : parseRegex(pattern, mode === 'E');
		if ('error' in tree) return tree.error;
		trees.push(tree);
	}
	const matcher = createMatcher(trees, options);
	return 'error' in matcher ? matcher.error : matcher;
}

/** `-P`: Perl regexes are backtracking in GNU grep too (PCRE); JavaScript's are close to them. */
function perlMatcher(patterns: readonly string[], options: MatchOptions): Matcher | string {
	let source =
		patterns.length === 1 ? (patterns[0] as string) : patterns.map((s) => `(?:${s})`).join('|');
	if (options.word) source = `(?<!\\w)(?:${source})(?!\\w)`;
	if (options.line) source = `^(?:${source})$`;
	let re: RegExp;
	try {
		re = new RegExp(source, options.ignoreCase ? 'gi' : 'g');
	} catch {
		return 'Invalid regular expression';
	}
	return {
		test(line) {
			re.lastIndex = 0;
			return re.test(line);
		},
		matches(line) {
			const out: string[] = [];
			re.lastIndex = 0;
			for (let m = re.exec(line); m; m = re.exec(line)) {
				if (m[0] === '') re.lastIndex++;
				else out.push(m[0]);
			}
			return out;
		}
	};
}

/** The last value given for `key` as a count, or GNU's error when it is not one. */
function countOpt(p: ParsedOpts, key: string, error: (v: string) => string): number | string {
	const given = p.opts.filter((o) => o.key === key).at(-1);
	if (given === undefined) return -1;
	return /^\d+$/.test(given.value) ? Number(given.value) : error(given.value);
}

interface Context {
	readonly before: number;
	readonly after: number;
}

/**
 * `-A/-B/-C`: `-C` sets both; an explicit `-A` or `-B` wins over it, whatever the order. -1: not
 * given (GNU grep prints `--` between groups whenever any context was asked for, even 0).
 */
function contextOf(p: ParsedOpts): Context | string {
	const invalid = (v: string) => `${v}: invalid context length argument`;
	const [a, b, c] = ['A', 'B', 'C'].map((k) => countOpt(p, k, invalid));
	for (const v of [a, b, c]) if (typeof v === 'string') return v;
	return {
		before: (b as number) >= 0 ? (b as number) : (c as number),
		after: (a as number) >= 0 ? (a as number) : (c as number)
	};
}

/**
 * The lines of one input that grep prints: selected lines, and with context the lines around
 * them, groups apart separated by `--`. Stops after `max` selected lines (then prints the
 * trailing context, as GNU grep does).
 */
function selectLines(
	lines: readonly string[],
	selected: (line: string) => boolean,
	ctx: Context,
	max: number,
	render: (i: number, line: string, match: boolean) => string
): { out: string; count: number } {
	let out = '';
	let count = 0;
	let lastPrinted = -1;
	let afterLeft = 0;
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i] as string;
		const match = (max < 0 || count < max) && selected(line);
		if (!match) {
			if (afterLeft > 0) {
				out += render(i, line, false);
				lastPrinted = i;
				afterLeft--;
			}
			if (max >= 0 && count >= max && afterLeft === 0) break;
			continue;
		}
		count++;
		const from = Math.max(i - Math.max(ctx.before, 0), lastPrinted + 1);
		if (lastPrinted >= 0 && from > lastPrinted + 1 && (ctx.before >= 0 || ctx.after >= 0))
			out += '--\n';
		for (let j = from; j < i; j++) out += render(j, lines[j] as string, false);
		out += render(i, line, true);
		lastPrinted = i;
		afterLeft = Math.max(ctx.after, 0);
	}
	return { out, count };
}

export const grep: Builtin = {
	name: 'grep',
	summary: 'Print lines that match patterns',
	kind: 'shell',
	async run(argv, io, ctx) {
		// `--color=auto` is common in pasted commands; accept and ignore it.
		const args = argv.map((a) => (a.startsWith('--colo') && a.includes('=') ? '--color' : a));
		const p = parseOpts(args, { flags: 'EFGPivcqonwxlhHs', withArg: 'emABC', long: LONG });
		if ('error' in p) return usageError(io, 'grep', p.error, 2, USAGE);
		const operands = [...p.operands];
		let patterns = p.opts.filter((o) => o.key === 'e').map((o) => o.value);
		if (patterns.length === 0) {
			const first = operands.shift();
			if (first === undefined) {
				io.stderr(`${USAGE}\nTry 'grep --help' for more information.\n`);
				return 2;
			}
			patterns = [first];
		}
		patterns = patterns.flatMap((x) => x.split('\n'));
		const re = compile(patterns, p);
		if (typeof re === 'string') {
			io.stderr(`grep: ${re}\n`);
			return 2;
		}
		const quietErrors = has(p, 's');
		const { inputs, ok } = readInputs(
			'grep',
			operands,
			quietErrors ? { ...io, stderr: () => {} } : io,
			ctx.vfs
		);
		const showName = has(p, 'H') || (operands.length > 1 && !has(p, 'h'));
		const invert = has(p, 'v');
		const context = contextOf(p);
		const max = countOpt(p, 'm', () => 'invalid max count');
		for (const e of [context, max])
			if (typeof e === 'string') {
				io.stderr(`grep: ${e}\n`);
				return 2;
			}
		const ctxLines = has(p, 'o') ? { before: -1, after: -1 } : (context as Context);
		let selected = 0;
		for (const input of inputs) {
			const name = input.name === '-' ? '(standard input)' : input.name;
			const lead = (i: number, sep: string) =>
				(showName ? `${name}${sep}` : '') + (has(p, 'n') ? `${i + 1}${sep}` : '');
			const render = (i: number, line: string, match: boolean): string => {
				if (!match) return `${lead(i, '-')}${line}\n`;
				if (!has(p, 'o')) return `${lead(i, ':')}${line}\n`;
				return invert
					? ''
					: re
							.matches(line)
							.map((m) => `${lead(i, ':')}${m}\n`)
							.join('');
			};
			const { out, count } = selectLines(
				splitLines(input.text),
				(line) => re.test(line) !== invert,
				ctxLines,
				max as number,
				render
			);
			if (count > 0 && has(p, 'q')) return 0;
			selected += count;
			if (has(p, 'l')) {
				if (count) io.stdout(`${name}\n`);
			} else if (has(p, 'c')) io.stdout(`${showName ? `${name}:` : ''}${count}\n`);
			else if (!has(p, 'q')) io.stdout(out);
		}
		if (!ok) return 2;
		return selected > 0 ? 0 : 1;
	}
};
