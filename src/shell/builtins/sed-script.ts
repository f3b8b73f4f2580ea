/**
 * A sed script parsed as GNU sed 4.9 compiles it (sed/compile.c), for the commands Istio's and
 * Kubernetes' docs use: addresses (a line, `$`, `/regex/` with `I`, `first,last` ranges, `!`),
 * `s///` with flags g, i/I, p and a number, `d`, `p`, `q`, `=`. Errors carry GNU's wording and the
 * `-e expression #N, char M:` prefix; GNU's other commands are refused with a note.
 */
import { compileSedRegex, type SedRegex } from './sed-regex.ts';

export type Address =
	| { readonly type: 'line'; readonly line: number }
	| { readonly type: 'last' }
	/** `regex` undefined: the empty regex, the last one used. */
	| { readonly type: 'regex'; readonly regex: SedRegex | undefined };

export interface Substitution {
	readonly regex: SedRegex | undefined;
	/** Parsed replacement: literal text, `&` (index 0) and `\1`…`\9`. */
	readonly replacement: readonly (string | number)[];
	readonly global: boolean;
	readonly occurrence: number;
	readonly print: boolean;
}

export interface SedCommand {
	readonly a1?: Address;
	readonly a2?: Address;
	readonly negate: boolean;
	readonly name: 's' | 'd' | 'p' | 'q' | '=';
	readonly subst?: Substitution;
	/** `q EXIT-CODE`. */
	readonly exitCode?: number;
}

export class SedError {
	constructor(readonly message: string) {}
}

/** The commands GNU sed has that this one does not run. */
const GNU_ONLY = 'aicyDnNPhHgGxbtT:rRwWlzFeQv{}';

class Parser {
	i = 0;
	constructor(
		readonly src: string,
		readonly expr: number,
		readonly extended: boolean
	) {}

	fail(message: string, at = this.i): never {
		throw new SedError(`-e expression #${this.expr}, char ${at}: ${message}`);
	}

	peek = () => this.src[this.i];
	skipSpace(): void {
		while (this.peek() === ' ' || this.peek() === '\t') this.i++;
	}

	/** Text up to the unescaped `delim`; `\delim` is the delimiter, `\n` a newline. */
	delimited(delim: string, what: string): string {
		let out = '';
		for (;;) {
			const c = this.src[this.i++];
			if (c === undefined || c === '\n') this.fail(what, this.src.length);
			if (c === delim) return out;
			if (c === '\\') {
				const n = this.src[this.i++];
				if (n === undefined) this.fail(what, this.src.length);
				if (n === delim) out += delim;
				else if (n === 'n') out += '\n';
				else out += c + n;
				continue;
			}
			out += c;
		}
	}

	regex(pattern: string, ignoreCase: boolean): SedRegex | undefined {
		if (pattern === '') return undefined;
		const r = compileSedRegex(pattern, this.extended, ignoreCase);
		if (typeof r === 'string') this.fail(r);
		return r;
	}

	address(): Address | undefined {
		const c = this.peek();
		if (c !== undefined && /\d/.test(c)) {
			const m = /^\d+/.exec(this.src.slice(this.i)) as RegExpExecArray;
			this.i += m[0].length;
			const line = Number(m[0]);
			if (line === 0) this.fail('invalid usage of line address 0');
			return { type: 'line', line };
		}
		if (c === '$') {
			this.i++;
			return { type: 'last' };
		}
		if (c === '/' || c === '\\') {
			this.i++;
			const delim = c === '/' ? '/' : (this.src[this.i++] ?? '');
			const pattern = this.delimited(delim, 'unterminated address regex');
			let ignoreCase = false;
			while (this.peek() === 'I' || this.peek() === 'M') {
				if (this.peek() === 'M')
					this.fail('the M address flag is not supported in this playground');
				ignoreCase = true;
				this.i++;
			}
			return { type: 'regex', regex: this.regex(pattern, ignoreCase) };
		}
		return undefined;
	}

	replacement(text: string, groups: number | undefined): (string | number)[] {
		const out: (string | number)[] = [];
		let lit = '';
		const flush = () => {
			if (lit) out.push(lit);
			lit = '';
		};
		for (let k = 0; k < text.length; k++) {
			const c = text[k] as string;
			if (c === '&') {
				flush();
				out.push(0);
			} else if (c === '\\' && k + 1 < text.length) {
				const n = text[++k] as string;
				if (/\d/.test(n)) {
					if (groups !== undefined && Number(n) > groups)
						this.fail(`invalid reference \\${n} on \`s' command's RHS`);
					flush();
					out.push(Number(n));
				} else if (n === 't') lit += '\t';
				else if ('LUluE'.includes(n))
					this.fail(`case conversion (\\${n}) is not supported in this playground`);
				else lit += n;
			} else lit += c;
		}
		flush();
		return out;
	}

	substitution(): Substitution {
		const delim = this.src[this.i++];
		if (delim === undefined || delim === '\n' || delim === '\\')
			this.fail("unterminated `s' command", this.src.length);
		const pattern = this.delimited(delim, "unterminated `s' command");
		const rhs = this.delimited(delim, "unterminated `s' command");
		let global = false;
		let print = false;
		let ignoreCase = false;
		let occurrence = 0;
		for (;;) {
			const f = this.peek();
			if (f === 'g') global = true;
			else if (f === 'p') print = true;
			else if (f === 'i' || f === 'I') ignoreCase = true;
			else if (f !== undefined && /\d/.test(f)) {
				const m = /^\d+/.exec(this.src.slice(this.i)) as RegExpExecArray;
				if (occurrence) this.fail("multiple number options to `s' command");
				occurrence = Number(m[0]);
				if (occurrence === 0) this.fail("number option to `s' command may not be zero");
				this.i += m[0].length - 1;
			} else if (f !== undefined && 'emwM'.includes(f))
				this.fail(`the \`${f}' flag of \`s' is not supported in this playground`);
			else if (f === undefined || ' \t\n;}#'.includes(f)) break;
			else this.fail("unknown option to `s'", this.i + 1);
			this.i++;
		}
		const regex = this.regex(pattern, ignoreCase);
		return {
			regex,
			replacement: this.replacement(rhs, regex?.groups),
			global,
			occurrence: occurrence || 1,
			print
		};
	}

	command(): SedCommand | undefined {
		while (' \t\n;'.includes(this.peek() ?? 'x')) this.i++;
		if (this.peek() === undefined) return undefined;
		if (this.peek() === '#') {
			while (this.peek() !== undefined && this.peek() !== '\n') this.i++;
			return this.command();
		}
		const a1 = this.address();
		let a2: Address | undefined;
		if (a1 && this.peek() === ',') {
			this.i++;
			this.skipSpace();
			a2 = this.address();
			if (!a2) this.fail("unexpected `,'", this.i);
		}
		this.skipSpace();
		let negate = false;
		while (this.peek() === '!') {
			if (negate) this.fail("multiple `!'s", this.i + 1);
			negate = true;
			this.i++;
			this.skipSpace();
		}
		const name = this.src[this.i++];
		if (name === undefined || name === '\n' || name === ';') this.fail('missing command', this.i);
		const base = { ...(a1 ? { a1 } : {}), ...(a2 ? { a2 } : {}), negate };
		let cmd: SedCommand;
		if (name === 's') cmd = { ...base, name, subst: this.substitution() };
		else if (name === 'd' || name === 'p' || name === '=') cmd = { ...base, name };
		else if (name === 'q') {
			this.skipSpace();
			const m = /^\d+/.exec(this.src.slice(this.i));
			if (m) this.i += m[0].length;
			cmd = { ...base, name, exitCode: m ? Number(m[0]) : 0 };
		} else if (GNU_ONLY.includes(name))
			this.fail(`the \`${name}' command is not supported in this playground`);
		else this.fail(`unknown command: \`${name}'`);
		this.skipSpace();
		const end = this.peek();
		if (end !== undefined && !'\n;}#'.includes(end))
			this.fail('extra characters after command', this.i + 1);
		return cmd;
	}
}

/** Parses one `-e` expression (numbered from 1, as GNU's messages count them). */
export function parseSedScript(src: string, expr: number, extended: boolean): SedCommand[] {
	const p = new Parser(src, expr, extended);
	const out: SedCommand[] = [];
	for (let c = p.command(); c; c = p.command()) out.push(c);
	return out;
}
