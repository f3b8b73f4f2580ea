/**
 * GNU sed 4.9's `sed [-n] [-E|-r] [-s] [-i[SUFFIX]] [-e SCRIPT]... [SCRIPT] [FILE]...`, for the
 * scripts docs pages run (`sed-script.ts` parses them, `sed-regex.ts` compiles the regexes).
 * `-i` edits files of the shell's file system in place. Errors and exit codes are GNU's: 1 for a
 * bad script or usage, 2 for an input that cannot be read.
 */
import type { CommandIO } from '../command.ts';
import type { Vfs } from '../vfs.ts';
import { SedError, parseSedScript, type Address, type SedCommand } from './sed-script.ts';
import type { SedRegex } from './sed-regex.ts';
import type { Builtin } from './types.ts';

const USAGE = 'Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n';
const LONG: Record<string, string> = {
	quiet: 'n',
	silent: 'n',
	'regexp-extended': 'E',
	separate: 's',
	expression: 'e',
	'in-place': 'i'
};
/** GNU sed's other options: accepted by GNU, refused here with a note. */
const GNU_ONLY_SHORT = 'flzuf';

interface Options {
	quiet: boolean;
	extended: boolean;
	separate: boolean;
	inPlace: string | undefined;
	scripts: string[];
	files: string[];
}

function parseArgs(argv: readonly string[]): Options | string {
	const o: Options = {
		quiet: false,
		extended: false,
		separate: false,
		inPlace: undefined,
		scripts: [],
		files: []
	};
	const operands: string[] = [];
	const flag = (c: string) => {
		if (c === 'n') o.quiet = true;
		else if (c === 'E' || c === 'r') o.extended = true;
		else if (c === 's') o.separate = true;
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] as string;
		if (a === '--') {
			operands.push(...argv.slice(i + 1));
			break;
		}
		if (a.startsWith('--')) {
			const [name = '', value] = a.slice(2).split(/=(.*)/s);
			const key = LONG[name];
			if (!key) return `unrecognized option '${a}'`;
			if (key === 'e') {
				const v = value ?? argv[++i];
				if (v === undefined) return `option '--expression' requires an argument`;
				o.scripts.push(v);
			} else if (key === 'i') o.inPlace = value ?? '';
			else flag(key);
			continue;
		}
		if (!a.startsWith('-') || a === '-') {
			operands.push(a);
			continue;
		}
		for (let j = 1; j < a.length; j++) {
			const c = a[j] as string;
			if ('nErs'.includes(c)) flag(c);
			else if (c === 'i') {
				// `-i` takes an attached suffix: everything after it (`-ie` backs up to FILEe).
				o.inPlace = a.slice(j + 1);
				break;
			} else if (c === 'e') {
				const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
				if (v === undefined) return `option requires an argument -- 'e'`;
				o.scripts.push(v);
				break;
			} else if (GNU_ONLY_SHORT.includes(c))
				return `option -${c} is not supported in this playground`;
			else return `invalid option -- '${c}'`;
		}
	}
	if (o.scripts.length === 0) {
		const script = operands.shift();
		if (script === undefined) return '';
		o.scripts.push(script);
	}
	o.files = operands;
	if (o.inPlace !== undefined) o.separate = true;
	return o;
}

interface Stream {
	readonly name: string;
	readonly text: string;
}

/** One run over a stream of lines, with each range command's state (execute.c). */
class Run {
	out = '';
	quit: number | undefined;
	#active = new Map<SedCommand, boolean>();
	#lastRegex: SedRegex | undefined;

	constructor(
		readonly commands: readonly SedCommand[],
		readonly quiet: boolean
	) {}

	#regex(r: SedRegex | undefined): SedRegex {
		const use = r ?? this.#lastRegex;
		if (!use) throw new SedError('no previous regular expression');
		this.#lastRegex = use;
		return use;
	}

	#matches(a: Address, line: string, n: number, last: boolean): boolean {
		if (a.type === 'line') return a.line === n;
		if (a.type === 'last') return last;
		const re = this.#regex(a.regex).regex;
		re.lastIndex = 0;
		return re.test(line);
	}

	#selected(c: SedCommand, line: string, n: number, last: boolean): boolean {
		if (!c.a1) return true;
		if (!c.a2) return this.#matches(c.a1, line, n, last);
		if (this.#active.get(c)) {
			if (c.a2.type === 'line') {
				if (n >= c.a2.line) this.#active.set(c, false);
				return n <= c.a2.line;
			}
			if (this.#matches(c.a2, line, n, last)) this.#active.set(c, false);
			return true;
		}
		if (!this.#matches(c.a1, line, n, last)) return false;
		if (c.a2.type === 'line' && c.a2.line <= n) return true;
		if (c.a2.type === 'last' && last) return true;
		this.#active.set(c, true);
		return true;
	}

	#substitute(c: SedCommand, line: string): string | undefined {
		const s = c.subst;
		if (!s) return undefined;
		const re = this.#regex(s.regex).regex;
		re.lastIndex = 0;
		let out = '';
		let from = 0;
		let count = 0;
		let done = false;
		for (let m = re.exec(line); m; m = re.exec(line)) {
			count++;
			if (count >= s.occurrence && (count === s.occurrence || s.global)) {
				out += line.slice(from, m.index);
				out += s.replacement
					.map((r) => (typeof r === 'number' ? ((m as RegExpExecArray)[r] ?? '') : r))
					.join('');
				from = m.index + m[0].length;
				done = true;
				if (!s.global) break;
			}
			if (m[0].length === 0) re.lastIndex++;
		}
		return done ? out + line.slice(from) : undefined;
	}

	/** One input line through the script; false once `q` ran. */
	line(text: string, n: number, last: boolean, newline: boolean): boolean {
		let space = text;
		const emit = (t: string, nl = true) => (this.out += t + (nl ? '\n' : ''));
		for (const c of this.commands) {
			if (this.#selected(c, space, n, last) === c.negate) continue;
			if (c.name === 'd') return true;
			if (c.name === 'p') emit(space);
			else if (c.name === '=') emit(String(n));
			else if (c.name === 'q') {
				if (!this.quiet) emit(space, newline);
				this.quit = c.exitCode ?? 0;
				return false;
			} else {
				const replaced = this.#substitute(c, space);
				if (replaced !== undefined) {
					space = replaced;
					if (c.subst?.print) emit(space);
				}
			}
		}
		if (!this.quiet) emit(space, newline);
		return true;
	}

	stream(streams: readonly Stream[]): void {
		const lines: { text: string; newline: boolean }[] = [];
		for (const s of streams) {
			const parts = s.text.split('\n');
			const endsWithNewline = parts.at(-1) === '';
			if (endsWithNewline) parts.pop();
			parts.forEach((text, k) =>
				lines.push({ text, newline: endsWithNewline || k < parts.length - 1 })
			);
		}
		for (let k = 0; k < lines.length; k++) {
			const l = lines[k] as { text: string; newline: boolean };
			if (!this.line(l.text, k + 1, k === lines.length - 1, l.newline)) return;
		}
	}
}

function readStreams(files: readonly string[], io: CommandIO, vfs: Vfs, inPlace: boolean) {
	const streams: Stream[] = [];
	let status = 0;
	for (const name of files.length ? files : ['-']) {
		if (name === '-' && !inPlace) {
			streams.push({ name, text: io.stdin });
			continue;
		}
		if (vfs.isDirectory(name)) {
			io.stderr(
				inPlace
					? `sed: couldn't edit ${name}: not a regular file\n`
					: `sed: read error on ${name}: Is a directory\n`
			);
			status = inPlace ? 4 : 2;
			continue;
		}
		const text = vfs.read(name);
		if (text === undefined) {
			io.stderr(`sed: can't read ${name}: No such file or directory\n`);
			status = 2;
			continue;
		}
		streams.push({ name, text });
	}
	return { streams, status };
}

function run(o: Options, io: CommandIO, vfs: Vfs): number {
	const commands = o.scripts.flatMap((s, k) => parseSedScript(s, k + 1, o.extended));
	if (o.inPlace !== undefined && o.files.length === 0) {
		io.stderr('sed: no input files\n');
		return 1;
	}
	const { streams, status } = readStreams(o.files, io, vfs, o.inPlace !== undefined);
	const groups = o.separate ? streams.map((s) => [s]) : [streams];
	const shared = new Run(commands, o.quiet);
	for (const group of groups) {
		const r = o.inPlace !== undefined ? new Run(commands, o.quiet) : shared;
		r.stream(group);
		const file = group[0];
		if (o.inPlace !== undefined && file) {
			if (o.inPlace) vfs.write(file.name + o.inPlace, file.text);
			vfs.write(file.name, r.out);
		} else {
			io.stdout(r.out);
			r.out = '';
		}
		if (r.quit !== undefined) return r.quit;
	}
	return status;
}

export const sed: Builtin = {
	name: 'sed',
	summary: 'Stream editor: s///, d, p, q and = with line and regex addresses',
	kind: 'shell',
	async run(argv, io, ctx) {
		const o = parseArgs(argv);
		if (typeof o === 'string') {
			io.stderr(o === '' ? USAGE : `sed: ${o}\n${USAGE}`);
			return 1;
		}
		try {
			return run(o, io, ctx.vfs);
		} catch (e) {
			if (!(e instanceof SedError)) throw e;
			io.stderr(`sed: ${e.message}\n`);
			return 1;
		}
	}
};
