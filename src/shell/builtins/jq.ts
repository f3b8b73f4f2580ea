/**
 * `jq` (jq 1.7, the real program: jq-engine.ts). The shell's part is what a process gives jq:
 * stdin or the files named, which it reads from the playground's file system, `--rawfile` and
 * `--slurpfile` read the same way, and the program's name in its messages. Output is never
 * coloured unless `-C` asks (the transcripts stay plain text).
 */
import { runJq, type JqRun } from './jq-engine.ts';
import type { Builtin } from './types.ts';

/** What `jq --version` prints: jq-web's build leaves the version string empty. */
export const JQ_VERSION = 'jq-1.7.1';

/** Options that take one or two arguments (jq 1.7's main.c). */
const ONE_ARG = new Set(['--indent', '-L', '--library-path']);
const TWO_ARGS = new Set(['--arg', '--argjson', '--slurpfile', '--rawfile']);
/** Options the playground's jq cannot honour, with why. */
const REFUSED: Record<string, string> = {
	'-L': 'jq modules are not available in the playground',
	'--library-path': 'jq modules are not available in the playground',
	'--args': 'positional arguments ($ARGS.positional) are not supported in the playground',
	'--jsonargs': 'positional arguments ($ARGS.positional) are not supported in the playground'
};

interface Invocation {
	readonly flags: string[];
	readonly filter: string | undefined;
	readonly files: string[];
	readonly fromFile: boolean;
	readonly version: boolean;
	/** `-e`: the status follows the last output; kept out of `flags` (see outputsBeforeFailure). */
	readonly exitStatus: boolean;
	/** `-j`/`--raw-output0`: jq adds no newline after each output. */
	readonly joined: boolean;
}

type Parsed = Invocation | { error: string; code: number };

function parseArgs(argv: readonly string[]): Parsed {
	const flags: string[] = [];
	const positional: string[] = [];
	let fromFile = false;
	let version = false;
	let joined = false;
	let exitStatus = false;
	let onlyOperands = false;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] ?? '';
		if (onlyOperands || a === '-' || !a.startsWith('-')) {
			positional.push(a);
			continue;
		}
		if (a === '--') {
			onlyOperands = true;
			continue;
		}
		const refused = REFUSED[a];
		if (refused !== undefined) return { error: `jq: ${a}: ${refused}\n`, code: 2 };
		if (a === '--version' || a === '-V') {
			version = true;
			continue;
		}
		if (a === '-f' || a === '--from-file') {
			fromFile = true;
			continue;
		}
		if (a === '-e' || a === '--exit-status') {
			exitStatus = true;
			continue;
		}
		const arity = TWO_ARGS.has(a) ? 2 : ONE_ARG.has(a) ? 1 : 0;
		if (i + arity >= argv.length) {
			const what =
				arity === 2 ? 'takes two parameters (e.g. --arg varname value)' : 'takes a parameter';
			return {
				error: `jq: ${a} ${what}\nUse jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://jqlang.github.io/jq\n`,
				code: 2
			};
		}
		if (/^-[a-zA-Z]+$/.test(a)) {
			// Short options combine (`-rc`); `f` among them reads the filter from a file.
			if (a.includes('f')) fromFile = true;
			if (a.includes('j')) joined = true;
			if (a.includes('e')) exitStatus = true;
			const rest = a.replace(/[fe]/g, '');
			if (rest !== '-') flags.push(rest);
			continue;
		}
		if (a === '--join-output' || a === '--raw-output0') joined = true;
		flags.push(a, ...argv.slice(i + 1, i + 1 + arity));
		i += arity;
	}
	const [filter, ...files] = positional;
	return { flags, filter, files, fromFile, version, joined, exitStatus };
}

/** `--rawfile NAME FILE` becomes `--arg NAME TEXT`, `--slurpfile` an array of FILE's values. */
async function inlineFileArgs(
	flags: string[],
	read: (name: string) => string | undefined,
	signal: AbortSignal
): Promise<string[] | { error: string }> {
	const out: string[] = [];
	for (let i = 0; i < flags.length; i++) {
		const f = flags[i] ?? '';
		if (f !== '--rawfile' && f !== '--slurpfile') {
			out.push(f);
			continue;
		}
		const name = flags[i + 1] ?? '';
		const file = flags[i + 2] ?? '';
		i += 2;
		const text = read(file);
		if (text === undefined)
			return { error: `jq: error: Could not open ${file}: No such file or directory\n` };
		if (f === '--rawfile') {
			out.push('--arg', name, text);
			continue;
		}
		const slurped = await runJq(text, '.', ['-c', '-s'], signal);
		if (slurped.code !== 0) return { error: named(slurped.stderr, file) };
		out.push('--argjson', name, slurped.stdout);
	}
	return out;
}

/**
 * jq's messages name its input `inputString` inside jq-web, and the program by its argv[0]
 * (`./this.program` in a browser, the script's path in Node).
 */
function named(text: string, input: string): string {
	return text
		.replaceAll('(at inputString:', `(at ${input}:`)
		.replace(/^\S+: Unknown option/m, 'jq: Unknown option')
		.replace(/^Use \S+ --help/m, 'Use jq --help')
		.replace(/^(Usage:)?\t\S+ \[options\]/gm, '$1\tjq [options]')
		.replace('[version ]', `[version ${JQ_VERSION.slice(3)}]`);
}

/**
 * jq-web keeps no stdout from a run that exits non-zero; jq prints the outputs before an error
 * (and with `-e` all of them). Those are the outputs of the same program with each input's error
 * caught (`try` stops an input's outputs at its first error, as the error does) and without `-e`.
 */
async function outputsBeforeFailure(
	input: string,
	filter: string,
	flags: readonly string[],
	signal: AbortSignal
) {
	const rerun = await runJq(input, `try (\n${filter}\n) catch empty`, flags, signal);
	return rerun.code === 0 ? rerun.stdout : '';
}

export const jq: Builtin = {
	name: 'jq',
	summary: 'Command-line JSON processor (jq 1.7)',
	kind: 'shell',
	async run(argv, io, ctx) {
		const inv = parseArgs(argv);
		if ('error' in inv) {
			io.stderr(inv.error);
			return inv.code;
		}
		if (inv.version) {
			io.stdout(`${JQ_VERSION}\n`);
			return 0;
		}
		const read = (name: string) => (ctx.vfs.isDirectory(name) ? undefined : ctx.vfs.read(name));
		let filter = inv.filter;
		const files = inv.files;
		if (inv.fromFile && filter !== undefined) {
			const text = read(filter);
			if (text === undefined) {
				io.stderr(`jq: error: Could not open ${filter}: No such file or directory\n`);
				return 2;
			}
			filter = text;
		}
		if (filter === undefined) {
			// jq 1.7 with no program and stdin not a terminal runs `.`; the playground's stdin is
			// a pipe or empty, so `.` it is, as `kubectl get … -o json | jq` expects.
			filter = '.';
		}
		const flags = await inlineFileArgs(inv.flags, read, ctx.signal);
		if ('error' in flags) {
			io.stderr(flags.error);
			return 2;
		}
		// jq reads its files as one stream of values, and stops before running on a missing one.
		const texts: string[] = [];
		for (const name of files.length ? files : ['-']) {
			const text = name === '-' ? io.stdin : read(name);
			if (text === undefined) {
				io.stderr(`jq: error: Could not open ${name}: No such file or directory\n`);
				return 2;
			}
			texts.push(text);
		}
		const input = texts.join('');
		const inputName = files.length === 1 ? (files[0] ?? '') : '<stdin>';
		const run: JqRun = await runJq(
			input,
			filter,
			inv.exitStatus ? ['-e', ...flags] : flags,
			ctx.signal
		);
		let stdout = run.stdout;
		if (![0, 2, 3, 130].includes(run.code))
			stdout = await outputsBeforeFailure(input, filter, flags, ctx.signal);
		// `--help` is the one stdout that names the program.
		if (flags.includes('--help') || flags.includes('-h')) stdout = named(stdout, inputName);
		if (stdout !== '') io.stdout(inv.joined ? stdout : `${stdout}\n`);
		if (run.stderr !== '') io.stderr(named(run.stderr, inputName));
		return run.code;
	}
};
