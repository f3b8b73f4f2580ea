/**
 * GNU `grep`: BRE by default, `-E` ERE, `-F` fixed strings; `-i -v -c -q -o -n -w -x -l -h -H -s`
 * and `-e PATTERN` (repeatable). Exit 0 when a line was selected, 1 when none, 2 on error.
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
		let selected = 0;
		for (const input of inputs) {
			const name = input.name === '-' ? '(standard input)' : input.name;
			const prefix = showName ? `${name}:` : '';
			let count = 0;
			let out = '';
			for (const [i, line] of splitLines(input.text).entries()) {
				if (re.test(line) === invert) continue;
				count++;
				if (has(p, 'q')) return 0;
				if (has(p, 'c') || has(p, 'l')) continue;
				const lead = prefix + (has(p, 'n') ? `${i + 1}:` : '');
				if (has(p, 'o')) {
					if (!invert) for (const m of re.matches(line)) out += `${lead}${m}\n`;
				} else out += `${lead}${line}\n`;
			}
			selected += count;
			if (has(p, 'l')) {
				if (count) io.stdout(`${name}\n`);
			} else if (has(p, 'c')) io.stdout(`${prefix}${count}\n`);
			else io.stdout(out);
		}
		if (!ok) return 2;
		return selected > 0 ? 0 : 1;
	}
};
