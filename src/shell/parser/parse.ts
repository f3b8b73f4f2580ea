/**
 * A recursive-descent parser for the POSIX shell grammar subset we support (see ast.ts), plus the
 * two questions the terminal asks: is this input complete (else show `> `), and where does each
 * top-level command of a script start and end (the headless CLI echoes each as `$ COMMAND`).
 */
import type {
	AndOr,
	Assignment,
	CommandNode,
	ListItem,
	ParseError,
	Pipeline,
	Redirect,
	RedirectOp,
	Script,
	Word
} from './ast.ts';
import { isParseError } from './ast.ts';
import { MAX_NESTING, NESTING_MESSAGE, nestsTooDeep } from './depth.ts';
import { lineAt, tokenize, type Token } from './lexer.ts';

const RESERVED = new Set([
	'{',
	'}',
	'!',
	'for',
	'in',
	'do',
	'done',
	'if',
	'then',
	'elif',
	'else',
	'fi',
	'while',
	'until',
	'case',
	'esac'
]);

const REDIRECT_OPS = new Set<string>([
	'>',
	'>>',
	'>|',
	'<',
	'<<',
	'<<-',
	'<<<',
	'>&',
	'<&',
	'&>',
	'&>>'
]);

/** Internal: unwinds on the first error; never escapes `parse`. */
class SyntaxFailure {
	constructor(readonly error: ParseError) {}
}

function literalText(word: Word): string | undefined {
	const [only, ...more] = word.parts;
	return only && more.length === 0 && only.type === 'literal' && !only.quoted
		? only.text
		: undefined;
}

class Parser {
	#i = 0;
	/** Compound commands open around the current token. */
	#depth = 0;

	constructor(
		readonly tokens: Token[],
		readonly src: string
	) {}

	get #tok(): Token {
		return this.tokens[this.#i] ?? (this.tokens[this.tokens.length - 1] as Token);
	}

	#reserved(tok: Token = this.#tok): string | undefined {
		if (tok.kind !== 'word') return undefined;
		const t = literalText(tok.word);
		return t !== undefined && RESERVED.has(t) ? t : undefined;
	}

	#isOp(op: string): boolean {
		const t = this.#tok;
		return t.kind === 'op' && t.op === op;
	}

	#unexpected(tok: Token = this.#tok): never {
		if (tok.kind === 'eof')
			throw new SyntaxFailure({
				type: 'parse-error',
				message: 'syntax error: unexpected end of file',
				incomplete: true,
				line: lineAt(this.src, tok.start)
			});
		const text =
			tok.kind === 'newline'
				? 'newline'
				: tok.kind === 'op'
					? tok.op
					: tok.kind === 'word'
						? tok.word.raw
						: String(tok.fd);
		throw new SyntaxFailure({
			type: 'parse-error',
			message: `syntax error near unexpected token \`${text}'`,
			incomplete: false,
			line: lineAt(this.src, tok.start)
		});
	}

	#skipNewlines(): void {
		while (this.#tok.kind === 'newline') this.#i++;
	}

	#expectReserved(word: string): void {
		if (this.#reserved() !== word) this.#unexpected();
		this.#i++;
	}

	/** A list up to EOF, or up to one of `terminators` (a reserved word or `)`), not consumed. */
	list(terminators: readonly string[], allowEmpty: boolean): Script {
		const items: ListItem[] = [];
		const atEnd = (): boolean => {
			const t = this.#tok;
			if (t.kind === 'eof') return true;
			if (t.kind === 'op' && t.op === ')' && terminators.includes(')')) return true;
			const r = this.#reserved();
			return r !== undefined && terminators.includes(r);
		};
		this.#skipNewlines();
		while (!atEnd()) {
			const first = this.#i;
			const command = this.andOr();
			const last = this.#i - 1;
			let background = false;
			let endsLine = false;
			const t = this.#tok;
			if (t.kind === 'op' && (t.op === ';' || t.op === '&')) {
				background = t.op === '&';
				this.#i++;
				if (this.#tok.kind === 'newline') endsLine = true;
			} else if (t.kind === 'newline') endsLine = true;
			else if (!atEnd()) this.#unexpected();
			items.push({
				command,
				background,
				start: (this.tokens[first] as Token).start,
				end: this.#spanEnd(first, last),
				endsLine
			});
			this.#skipNewlines();
		}
		if (items.length === 0 && !allowEmpty) this.#unexpected();
		return { type: 'script', items };
	}

	/** The end of tokens first..last, stretched over any heredoc body they introduced. */
	#spanEnd(first: number, last: number): number {
		let end = (this.tokens[last] as Token).end;
		for (let k = first; k <= last; k++) {
			const t = this.tokens[k] as Token;
			if (t.kind === 'op' && t.heredoc) end = Math.max(end, t.heredoc.end);
		}
		return end;
	}

	andOr(): AndOr {
		const first = this.pipeline();
		const rest: { op: '&&' | '||'; pipeline: Pipeline }[] = [];
		for (;;) {
			const t = this.#tok;
			if (t.kind !== 'op' || (t.op !== '&&' && t.op !== '||')) break;
			this.#i++;
			this.#skipNewlines();
			rest.push({ op: t.op, pipeline: this.pipeline() });
		}
		return { type: 'and_or', first, rest };
	}

	pipeline(): Pipeline {
		let negated = false;
		if (this.#reserved() === '!') {
			negated = true;
			this.#i++;
		}
		const commands: CommandNode[] = [this.command()];
		for (;;) {
			const t = this.#tok;
			if (t.kind !== 'op' || (t.op !== '|' && t.op !== '|&')) break;
			if (t.op === '|&') commands[commands.length - 1] = withStderrToStdout(commands.at(-1)!);
			this.#i++;
			this.#skipNewlines();
			commands.push(this.command());
		}
		return { type: 'pipeline', negated, commands };
	}

	command(): CommandNode {
		if (this.#depth >= MAX_NESTING)
			throw new SyntaxFailure({
				type: 'parse-error',
				message: NESTING_MESSAGE,
				incomplete: false,
				line: lineAt(this.src, this.#tok.start)
			});
		this.#depth++;
		try {
			return this.#command();
		} finally {
			this.#depth--;
		}
	}

	#command(): CommandNode {
		const r = this.#reserved();
		if (this.#isOp('(')) {
			this.#i++;
			const body = this.list([')'], false);
			if (!this.#isOp(')')) this.#unexpected();
			this.#i++;
			return { type: 'subshell', body, redirects: this.redirects() };
		}
		switch (r) {
			case '{': {
				this.#i++;
				const body = this.list(['}'], false);
				this.#expectReserved('}');
				return { type: 'group', body, redirects: this.redirects() };
			}
			case 'for':
				return this.forLoop();
			case 'if':
				return this.ifClause();
			case 'while':
			case 'until': {
				this.#i++;
				const condition = this.list(['do'], false);
				this.#expectReserved('do');
				const body = this.list(['done'], false);
				this.#expectReserved('done');
				return {
					type: 'while',
					until: r === 'until',
					condition,
					body,
					redirects: this.redirects()
				};
			}
			case undefined:
				return this.simple();
			default:
				return this.#unexpected();
		}
	}

	forLoop(): CommandNode {
		this.#i++;
		const nameTok = this.#tok;
		if (nameTok.kind !== 'word') this.#unexpected();
		const name = nameTok.word.raw;
		if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
			throw new SyntaxFailure({
				type: 'parse-error',
				message: `\`${name}': not a valid identifier`,
				incomplete: false,
				line: lineAt(this.src, nameTok.start)
			});
		this.#i++;
		let words: Word[] | undefined;
		this.#skipNewlines();
		if (this.#reserved() === 'in') {
			this.#i++;
			words = [];
			while (this.#tok.kind === 'word') {
				words.push(this.#tok.word);
				this.#i++;
			}
			if (this.#isOp(';') || this.#tok.kind === 'newline') this.#i++;
			else this.#unexpected();
		} else if (this.#isOp(';')) this.#i++;
		this.#skipNewlines();
		this.#expectReserved('do');
		const body = this.list(['done'], false);
		this.#expectReserved('done');
		return { type: 'for', name, words, body, redirects: this.redirects() };
	}

	ifClause(): CommandNode {
		this.#i++;
		const branches: { condition: Script; body: Script }[] = [];
		let elseBody: Script | undefined;
		for (;;) {
			const condition = this.list(['then'], false);
			this.#expectReserved('then');
			const body = this.list(['elif', 'else', 'fi'], false);
			branches.push({ condition, body });
			const r = this.#reserved();
			this.#i++;
			if (r === 'elif') continue;
			if (r === 'else') {
				elseBody = this.list(['fi'], false);
				this.#expectReserved('fi');
			}
			break;
		}
		return { type: 'if', branches, elseBody, redirects: this.redirects() };
	}

	redirects(): Redirect[] {
		const out: Redirect[] = [];
		for (;;) {
			const r = this.#redirect();
			if (!r) return out;
			out.push(r);
		}
	}

	#redirect(): Redirect | undefined {
		let fd: number | undefined;
		let t = this.#tok;
		if (t.kind === 'io-number') {
			fd = t.fd;
			this.#i++;
			t = this.#tok;
			if (t.kind !== 'op' || !REDIRECT_OPS.has(t.op)) this.#unexpected();
		}
		if (t.kind !== 'op' || !REDIRECT_OPS.has(t.op)) return undefined;
		this.#i++;
		const target = this.#tok;
		if (target.kind !== 'word') {
			// `echo >` is an error even at the end of input: bash does not wait for more.
			if (target.kind === 'eof') this.#unexpected({ ...target, kind: 'newline' });
			this.#unexpected();
		}
		this.#i++;
		const op: RedirectOp = t.op === '>|' ? '>' : (t.op as RedirectOp);
		if (t.heredoc) return { fd, op, target: target.word, heredoc: t.heredoc.body };
		return { fd, op, target: target.word };
	}

	simple(): CommandNode {
		const assignments: Assignment[] = [];
		const words: Word[] = [];
		const redirects: Redirect[] = [];
		for (;;) {
			const r = this.#redirect();
			if (r) {
				redirects.push(r);
				continue;
			}
			const t = this.#tok;
			if (t.kind !== 'word') break;
			const a = words.length === 0 ? asAssignment(t.word) : undefined;
			if (a) assignments.push(a);
			else words.push(t.word);
			this.#i++;
		}
		if (assignments.length + words.length + redirects.length === 0) this.#unexpected();
		return { type: 'simple', assignments, words, redirects };
	}
}

function withStderrToStdout(c: CommandNode): CommandNode {
	const dup: Redirect = {
		fd: 2,
		op: '>&',
		target: { parts: [{ type: 'literal', text: '1', quoted: false }], raw: '1' }
	};
	return { ...c, redirects: [...c.redirects, dup] } as CommandNode;
}

/** `NAME=value` at the start of a command: the leading unquoted literal holds `NAME=`. */
function asAssignment(word: Word): Assignment | undefined {
	const [first, ...rest] = word.parts;
	if (!first || first.type !== 'literal' || first.quoted) return undefined;
	const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
	if (!m) return undefined;
	const name = m[1] as string;
	const remaining = first.text.slice(m[0].length);
	const parts = remaining ? [{ ...first, text: remaining }, ...rest] : rest;
	return { name, value: { parts, raw: word.raw.slice(m[0].length) } };
}

function parseTokens(tokens: Token[], src: string): Script | ParseError {
	const parser = new Parser(tokens, src);
	try {
		return parser.list([], true);
	} catch (e) {
		if (e instanceof SyntaxFailure) return e.error;
		throw e;
	}
}

/** Parses a whole script (one or more lines). */
export function parse(src: string): Script | ParseError {
	const tokens = tokenize(src, parseTokens);
	if (isParseError(tokens)) return tokens;
	const script = parseTokens(tokens, src);
	if (!isParseError(script) && nestsTooDeep(script))
		return { type: 'parse-error', message: NESTING_MESSAGE, incomplete: false, line: 1 };
	return script;
}

/**
 * Whether more lines could complete `src`, and, when an open heredoc is why, the delimiter it
 * waits for: until that line comes, no other line can change the answer, so a caller reading
 * line by line can skip re-parsing (a pasted 15,000-line heredoc was quadratic).
 */
export function pendingInput(src: string): { incomplete: boolean; heredoc?: string } {
	const result = parse(src);
	if (!isParseError(result) || !result.incomplete) return { incomplete: false };
	const wanted = /^here-document delimited by end-of-file \(wanted `(.*)'\)$/.exec(result.message);
	return wanted ? { incomplete: true, heredoc: wanted[1] } : { incomplete: true };
}

/** True when `line` could end a heredoc waiting for `delimiter` (`<<-` strips leading tabs). */
export function endsHeredoc(line: string, delimiter: string): boolean {
	return line === delimiter || line.replace(/^\t+/, '') === delimiter;
}

/** True when more lines could complete the input: open quote, heredoc, `\`, `for` without `done`, `|`… */
export function isIncomplete(src: string): boolean {
	const result = parse(src);
	return isParseError(result) && result.incomplete;
}
