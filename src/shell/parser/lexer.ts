/**
 * Turns shell source into tokens: words (with their quoting and expansions already split into
 * parts), operators, newlines. Heredoc bodies are read at the newline that ends their line, as
 * bash does, and attached to the `<<` token. Errors are bash's wording; an error caused by running
 * out of input is marked `incomplete` so the pty can ask for more with `> `.
 */
import type { ParseError, Script, Word, WordPart } from './ast.ts';
import { MAX_NESTING, NESTING_MESSAGE } from './depth.ts';

export type Operator =
	| '|'
	| '||'
	| '|&'
	| '&'
	| '&&'
	| ';'
	| ';;'
	| '('
	| ')'
	| '>'
	| '>>'
	| '>|'
	| '<'
	| '<<'
	| '<<-'
	| '<<<'
	| '>&'
	| '<&'
	| '&>'
	| '&>>';

/** Filled in when the lexer reaches the end of the heredoc's line. */
export interface HeredocSlot {
	body: Word | undefined;
	/** Source offset just after the delimiter line. */
	end: number;
}

export type Token =
	| { readonly kind: 'word'; readonly word: Word; readonly start: number; readonly end: number }
	| {
			readonly kind: 'io-number';
			readonly fd: number;
			readonly start: number;
			readonly end: number;
	  }
	| {
			readonly kind: 'op';
			readonly op: Operator;
			readonly start: number;
			readonly end: number;
			readonly heredoc?: HeredocSlot;
	  }
	| { readonly kind: 'newline'; readonly start: number; readonly end: number }
	| { readonly kind: 'eof'; readonly start: number; readonly end: number };

/** Parses the tokens of a `$(…)`; injected so the lexer does not import the parser. */
export type SubParser = (tokens: Token[], src: string) => Script | ParseError;

// Longest first, so `<<-` wins over `<<` and `<`.
const OPERATORS: readonly Operator[] = [
	'<<-',
	'<<<',
	'&>>',
	'&&',
	'||',
	'|&',
	';;',
	'>>',
	'>|',
	'<<',
	'>&',
	'<&',
	'&>',
	'|',
	'&',
	';',
	'(',
	')',
	'>',
	'<'
];

const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const SPECIAL_PARAMS = new Set(['?', '$', '#', '@', '*', '!', '-', '0']);

/** Internal: unwinds the lexer on the first error; never escapes `tokenize`. */
class LexFailure {
	constructor(readonly error: ParseError) {}
}

export function lineAt(src: string, pos: number): number {
	let line = 1;
	for (let i = 0; i < pos && i < src.length; i++) if (src[i] === '\n') line++;
	return line;
}

const ANSI_C: Record<string, string> = {
	n: '\n',
	t: '\t',
	r: '\r',
	a: '\x07',
	b: '\b',
	e: '\x1b',
	E: '\x1b',
	f: '\f',
	v: '\v',
	'\\': '\\',
	"'": "'",
	'"': '"',
	'?': '?'
};

class Lexer {
	pos: number;
	readonly tokens: Token[] = [];
	#pending: { delimiter: string; quoted: boolean; stripTabs: boolean; slot: HeredocSlot }[] = [];
	/** Set after `<<`: the next word is a heredoc delimiter. */
	#expectDelimiter: { stripTabs: boolean; slot: HeredocSlot } | undefined;

	constructor(
		readonly src: string,
		start: number,
		readonly subParse: SubParser,
		/** Inside `$(…)`: stop at the `)` that closes it. */
		readonly inSubstitution: boolean,
		/** How many `$(…)`, backticks and `${…}`/`$((…))` words enclose this one. */
		readonly depth = 0
	) {
		this.pos = start;
		if (depth > MAX_NESTING) this.fail(NESTING_MESSAGE, false);
	}

	fail(message: string, incomplete: boolean, at = this.pos): never {
		throw new LexFailure({
			type: 'parse-error',
			message,
			incomplete,
			line: lineAt(this.src, at)
		});
	}

	/** Tokenizes to the end (or to the closing `)` of a substitution, which is consumed). */
	run(): void {
		let depth = 0;
		for (;;) {
			const c = this.src[this.pos];
			if (c === undefined) {
				if (this.#expectDelimiter) this.fail("syntax error near unexpected token `newline'", false);
				const open = this.#pending[0];
				if (open)
					this.fail(`here-document delimited by end-of-file (wanted \`${open.delimiter}')`, true);
				if (this.inSubstitution) this.fail("unexpected EOF while looking for matching `)'", true);
				this.tokens.push({ kind: 'eof', start: this.pos, end: this.pos });
				return;
			}
			if (c === ' ' || c === '\t') {
				this.pos++;
				continue;
			}
			if (c === '\\' && this.src[this.pos + 1] === '\n') {
				this.pos += 2;
				continue;
			}
			if (c === '#') {
				while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
				continue;
			}
			if (c === '\n') {
				if (this.#expectDelimiter) this.fail("syntax error near unexpected token `newline'", false);
				this.tokens.push({ kind: 'newline', start: this.pos, end: this.pos + 1 });
				this.pos++;
				this.#readHeredocBodies();
				continue;
			}
			const op = this.src.startsWith('<(', this.pos)
				? undefined
				: OPERATORS.find((o) => this.src.startsWith(o, this.pos));
			if (op) {
				if (this.inSubstitution && op === ')' && depth === 0) {
					this.pos++;
					this.tokens.push({ kind: 'eof', start: this.pos - 1, end: this.pos - 1 });
					return;
				}
				if (op === '(') depth++;
				if (op === ')') depth--;
				const start = this.pos;
				this.pos += op.length;
				if (op === '<<' || op === '<<-') {
					const slot: HeredocSlot = { body: undefined, end: 0 };
					this.#expectDelimiter = { stripTabs: op === '<<-', slot };
					this.tokens.push({ kind: 'op', op, start, end: this.pos, heredoc: slot });
				} else this.tokens.push({ kind: 'op', op, start, end: this.pos });
				continue;
			}
			this.#word();
		}
	}

	#word(): void {
		const start = this.pos;
		const { parts, hadQuotes } = this.readWordParts();
		const raw = this.src.slice(start, this.pos);
		const next = this.src[this.pos];
		if (/^\d+$/.test(raw) && (next === '<' || next === '>')) {
			this.tokens.push({ kind: 'io-number', fd: Number(raw), start, end: this.pos });
			return;
		}
		const word: Word = { parts, raw };
		this.tokens.push({ kind: 'word', word, start, end: this.pos });
		const expect = this.#expectDelimiter;
		if (expect) {
			this.#expectDelimiter = undefined;
			const delimiter = parts
				.map((p) => (p.type === 'literal' ? p.text : '$' + paramText(p)))
				.join('');
			this.#pending.push({ delimiter, quoted: hadQuotes, ...expect });
		}
	}

	/** Reads one word up to an unquoted metacharacter. */
	readWordParts(): { parts: WordPart[]; hadQuotes: boolean } {
		const parts: WordPart[] = [];
		let lit = '';
		let hadQuotes = false;
		const flush = (): void => {
			if (lit) parts.push({ type: 'literal', text: lit, quoted: false });
			lit = '';
		};
		for (;;) {
			const c = this.src[this.pos];
			if (c === '<' && this.src[this.pos + 1] === '(') {
				flush();
				parts.push(this.#processSubstitution());
				continue;
			}
			if (c === undefined || META.has(c)) break;
			if (c === '\\') {
				const n = this.src[this.pos + 1];
				if (n === undefined) this.fail('unexpected end of file', true);
				this.pos += 2;
				if (n === '\n') continue;
				flush();
				hadQuotes = true;
				parts.push({ type: 'literal', text: n, quoted: true });
				continue;
			}
			if (c === "'") {
				flush();
				hadQuotes = true;
				const close = this.src.indexOf("'", this.pos + 1);
				if (close < 0) this.fail("unexpected EOF while looking for matching `''", true);
				parts.push({ type: 'literal', text: this.src.slice(this.pos + 1, close), quoted: true });
				this.pos = close + 1;
				continue;
			}
			if (c === '"') {
				flush();
				hadQuotes = true;
				this.pos++;
				const inner = this.readQuoted('"');
				parts.push(
					...(inner.length ? inner : [{ type: 'literal', text: '', quoted: true } as const])
				);
				continue;
			}
			if (c === '$' && this.src[this.pos + 1] === "'") {
				flush();
				hadQuotes = true;
				this.pos += 2;
				parts.push({ type: 'literal', text: this.#ansiC(), quoted: true });
				continue;
			}
			if (c === '$' && this.src[this.pos + 1] === '"') {
				this.pos++;
				continue;
			}
			if (c === '$' || c === '`') {
				const part = this.readExpansion(false);
				if (part) {
					flush();
					parts.push(part);
				} else lit += c;
				continue;
			}
			lit += c;
			this.pos++;
		}
		flush();
		return { parts, hadQuotes };
	}

	/**
	 * Reads double-quoted content up to `close` (consumed), or to the end of input when `close` is
	 * undefined (heredoc bodies, arithmetic). Backslash only escapes `$ \` " \\` and newline.
	 */
	readQuoted(close: '"' | undefined): WordPart[] {
		const parts: WordPart[] = [];
		let lit = '';
		const flush = (): void => {
			if (lit) parts.push({ type: 'literal', text: lit, quoted: true });
			lit = '';
		};
		for (;;) {
			const c = this.src[this.pos];
			if (c === undefined) {
				if (close) this.fail('unexpected EOF while looking for matching `"\'', true);
				break;
			}
			if (c === close) {
				this.pos++;
				break;
			}
			if (c === '\\') {
				const n = this.src[this.pos + 1];
				if (n === undefined) {
					lit += c;
					this.pos++;
					continue;
				}
				if (n === '\n') this.pos += 2;
				else if (n === '$' || n === '`' || n === '\\' || (n === '"' && close)) {
					lit += n;
					this.pos += 2;
				} else {
					lit += c;
					this.pos++;
				}
				continue;
			}
			if (c === '$' || c === '`') {
				const part = this.readExpansion(true);
				if (part) {
					flush();
					parts.push(part);
				} else lit += c;
				continue;
			}
			lit += c;
			this.pos++;
		}
		flush();
		return parts;
	}

	/** At `$` or a backtick; returns undefined (consuming the `$`) when it is a literal dollar. */
	readExpansion(quoted: boolean): WordPart | undefined {
		const c = this.src[this.pos];
		if (c === '`') return this.#backtick(quoted);
		const n = this.src[this.pos + 1];
		if (n === '(' && this.src[this.pos + 2] === '(') {
			const arith = this.#arith(quoted);
			if (arith) return arith;
		}
		if (n === '(') {
			const start = this.pos;
			const sub = new Lexer(this.src, this.pos + 2, this.subParse, true, this.depth + 1);
			this.#runSub(sub);
			this.pos = sub.pos;
			return { type: 'command', script: this.#parseSub(sub.tokens, start), quoted };
		}
		if (n === '{') return this.#braced(quoted);
		if (n !== undefined && /[A-Za-z_]/.test(n)) {
			let end = this.pos + 1;
			while (end < this.src.length && /[A-Za-z0-9_]/.test(this.src[end] as string)) end++;
			const name = this.src.slice(this.pos + 1, end);
			this.pos = end;
			return { type: 'param', name, quoted };
		}
		if (n !== undefined && (/\d/.test(n) || SPECIAL_PARAMS.has(n))) {
			this.pos += 2;
			return { type: 'param', name: n, quoted };
		}
		this.pos++;
		return undefined;
	}

	/** `<(list)`: lexed and parsed as `$(…)` is (bash's process substitution). */
	#processSubstitution(): WordPart {
		const start = this.pos;
		const sub = new Lexer(this.src, this.pos + 2, this.subParse, true, this.depth + 1);
		this.#runSub(sub);
		this.pos = sub.pos;
		return { type: 'procsubst', script: this.#parseSub(sub.tokens, start), quoted: false };
	}

	#runSub(sub: Lexer): void {
		sub.run();
	}

	#parseSub(tokens: Token[], start: number): Script {
		const script = this.subParse(tokens, this.src);
		if ('items' in script) return script;
		throw new LexFailure({ ...script, line: script.line || lineAt(this.src, start) });
	}

	#backtick(quoted: boolean): WordPart {
		const start = this.pos;
		let inner = '';
		let i = this.pos + 1;
		for (;;) {
			const c = this.src[i];
			if (c === undefined) this.fail("unexpected EOF while looking for matching ``'", true, start);
			if (c === '`') break;
			if (
				c === '\\' &&
				(this.src[i + 1] === '`' || this.src[i + 1] === '$' || this.src[i + 1] === '\\')
			) {
				inner += this.src[i + 1];
				i += 2;
				continue;
			}
			inner += c;
			i++;
		}
		this.pos = i + 1;
		let sub: Lexer;
		try {
			sub = new Lexer(inner, 0, this.subParse, false, this.depth + 1);
			sub.run();
		} catch (e) {
			if (e instanceof LexFailure)
				throw new LexFailure({ ...e.error, line: lineAt(this.src, start) });
			throw e;
		}
		const script = this.subParse(sub.tokens, inner);
		if (!('items' in script)) throw new LexFailure({ ...script, line: lineAt(this.src, start) });
		return { type: 'command', script, quoted };
	}

	/** `$((expr))`; undefined when the parens do not close as `))` (then it is `$( (…) )`). */
	#arith(quoted: boolean): WordPart | undefined {
		let depth = 0;
		for (let i = this.pos + 3; i < this.src.length; i++) {
			const c = this.src[i];
			if (c === '(') depth++;
			else if (c === ')') {
				if (depth === 0) {
					if (this.src[i + 1] !== ')') return undefined;
					const text = this.src.slice(this.pos + 3, i);
					this.pos = i + 2;
					return { type: 'arith', expr: this.#subWord(text), quoted };
				}
				depth--;
			}
		}
		this.fail("unexpected EOF while looking for matching `)'", true);
	}

	/** Lexes text as double-quoted content (for arithmetic and `${x:-word}` arguments). */
	#subWord(text: string): Word {
		const sub = new Lexer(text, 0, this.subParse, false, this.depth + 1);
		return { parts: sub.readQuoted(undefined), raw: text };
	}

	#braced(quoted: boolean): WordPart {
		const start = this.pos;
		let i = this.pos + 2;
		let depth = 0;
		let end = -1;
		for (; i < this.src.length; i++) {
			const c = this.src[i];
			if (c === '\\') i++;
			else if (c === '{') depth++;
			else if (c === '}') {
				if (depth === 0) {
					end = i;
					break;
				}
				depth--;
			}
		}
		if (end < 0) this.fail("unexpected EOF while looking for matching `}'", true, start);
		const body = this.src.slice(start + 2, end);
		this.pos = end + 1;
		const bad = (): never => this.fail(`\${${body}}: bad substitution`, false, start);
		if (body.startsWith('#') && body.length > 1) {
			const name = body.slice(1);
			if (!isParamName(name)) bad();
			return { type: 'param', name, op: '#', quoted };
		}
		const m = /^([A-Za-z_][A-Za-z0-9_]*|\d+|[?$#@*!-])(.*)$/s.exec(body);
		if (!m) return bad();
		const name = m[1] as string;
		const rest = m[2] as string;
		if (rest === '') return { type: 'param', name, quoted };
		const op = (['-', ':+', ':=', ':-', '+', '='] as const)
			.slice()
			.sort((a, b) => b.length - a.length)
			.find((o) => rest.startsWith(o));
		if (!op) return bad();
		return { type: 'param', name, op, arg: this.#subWord(rest.slice(op.length)), quoted };
	}

	#ansiC(): string {
		let out = '';
		for (;;) {
			const c = this.src[this.pos];
			if (c === undefined) this.fail("unexpected EOF while looking for matching `''", true);
			this.pos++;
			if (c === "'") return out;
			if (c !== '\\') {
				out += c;
				continue;
			}
			const n = this.src[this.pos] ?? '';
			this.pos++;
			out += ANSI_C[n] ?? '\\' + n;
		}
	}

	#readHeredocBodies(): void {
		for (const h of this.#pending) {
			let body = '';
			for (;;) {
				if (this.pos >= this.src.length)
					this.fail(`here-document delimited by end-of-file (wanted \`${h.delimiter}')`, true);
				const nl = this.src.indexOf('\n', this.pos);
				const lineEnd = nl < 0 ? this.src.length : nl;
				let line = this.src.slice(this.pos, lineEnd);
				if (h.stripTabs) line = line.replace(/^\t+/, '');
				this.pos = nl < 0 ? this.src.length : nl + 1;
				if (line === h.delimiter) {
					h.slot.end = lineEnd;
					break;
				}
				// A delimiter line without a newline after it still ends the heredoc, as in bash.
				body += line + '\n';
			}
			h.slot.body = h.quoted
				? { parts: [{ type: 'literal', text: body, quoted: true }], raw: body }
				: this.#subWord(body);
		}
		this.#pending = [];
	}
}

function isParamName(name: string): boolean {
	return /^([A-Za-z_][A-Za-z0-9_]*|\d+|[?$#@*!-])$/.test(name);
}

function paramText(p: WordPart): string {
	return p.type === 'param' ? p.name : '';
}

/** Tokenizes a whole script; the last token is always `eof`. */
export function tokenize(src: string, subParse: SubParser): Token[] | ParseError {
	const lexer = new Lexer(src, 0, subParse, false);
	try {
		lexer.run();
	} catch (e) {
		if (e instanceof LexFailure) return e.error;
		throw e;
	}
	return lexer.tokens;
}
