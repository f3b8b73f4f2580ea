/**
 * Word expansion in bash's order: tilde, parameters, command substitution, arithmetic, then field
 * splitting of unquoted results on IFS whitespace, then quote removal. No globbing: an unquoted
 * `*` stays literal, which is what bash prints when nothing matches.
 */
import { evaluateArithmetic } from './arithmetic.ts';
import { expandBraces, TooManyWords } from './brace-expansion.ts';
import type { Script, Word, WordPart } from './parser/ast.ts';

export interface ExpandHost {
	/** Variables, special parameters (`?`, `$`, `#`, `0`) and positional ones (`1` …). */
	getVar(name: string): string | undefined;
	setVar(name: string, value: string): void;
	positional(): readonly string[];
	/** Runs a `$(…)` and returns its stdout (trailing newlines are stripped here). */
	substitute(script: Script): Promise<string>;
	/** Runs a `<(…)` and returns the path of the file holding its stdout. */
	processSubstitute(script: Script): Promise<string>;
	readonly home: string;
}

/** An expansion that stops the command, e.g. a bad arithmetic expression. */
export class ExpansionError {
	constructor(readonly message: string) {}
}

class Fields {
	readonly fields: string[] = [];
	#cur = '';
	#has = false;

	add(text: string, split: boolean): void {
		if (!split) {
			this.#cur += text;
			this.#has = true;
			return;
		}
		const pieces = text.split(/[ \t\n]+/);
		pieces.forEach((piece, i) => {
			if (i > 0) this.end();
			this.#cur += piece;
			if (piece) this.#has = true;
		});
	}

	end(): void {
		if (this.#has) this.fields.push(this.#cur);
		this.#cur = '';
		this.#has = false;
	}
}

async function paramValue(
	part: Extract<WordPart, { type: 'param' }>,
	host: ExpandHost
): Promise<string> {
	const value = host.getVar(part.name);
	const op = part.op;
	if (op === '#') return String((value ?? '').length);
	if (!op || !part.arg) return value ?? '';
	const unset = op.startsWith(':') ? !value : value === undefined;
	switch (op) {
		case ':-':
		case '-':
			return unset ? expandString(part.arg, host) : (value ?? '');
		case ':+':
		case '+':
			return unset ? '' : expandString(part.arg, host);
		default: {
			if (!unset) return value ?? '';
			const v = await expandString(part.arg, host);
			host.setVar(part.name, v);
			return v;
		}
	}
}

async function expandPart(part: WordPart, host: ExpandHost): Promise<string> {
	switch (part.type) {
		case 'literal':
			return part.text;
		case 'param':
			return paramValue(part, host);
		case 'command':
			return (await host.substitute(part.script)).replace(/\n+$/, '');
		case 'procsubst':
			return host.processSubstitute(part.script);
		case 'arith': {
			const expr = await expandString(part.expr, host);
			const r = evaluateArithmetic(expr, (n) => host.getVar(n));
			if ('error' in r) throw new ExpansionError(r.error);
			return String(r.value);
		}
	}
}

function tilde(word: Word, host: ExpandHost): readonly WordPart[] {
	const [first, ...rest] = word.parts;
	if (first?.type !== 'literal' || first.quoted || !first.text.startsWith('~')) return word.parts;
	const m = /^~(?=\/|$)/.exec(first.text);
	if (!m) return word.parts;
	const replaced: WordPart = {
		type: 'literal',
		text: host.home + first.text.slice(1),
		quoted: true
	};
	return [replaced, ...rest];
}

/**
 * Brace expansion first (bash's order), within each unquoted literal part: `{1..3}` gives three
 * words, each with the word's other parts. A brace spanning quotes or `$x` is not expanded.
 */
function braceWords(word: Word): Word[] {
	const i = word.parts.findIndex((p) => p.type === 'literal' && !p.quoted && p.text.includes('{'));
	const part = word.parts[i];
	if (part?.type !== 'literal') return [word];
	let texts: string[];
	try {
		texts = expandBraces(part.text);
	} catch (e) {
		if (e instanceof TooManyWords) throw new ExpansionError(e.message);
		throw e;
	}
	if (texts.length === 1) return [word];
	return texts.flatMap((text) =>
		braceWords({
			raw: word.raw,
			parts: [...word.parts.slice(0, i), { ...part, text }, ...word.parts.slice(i + 1)]
		})
	);
}

/** Expands words into argv fields (empty unquoted expansions vanish, `""` stays). */
export async function expandWords(words: readonly Word[], host: ExpandHost): Promise<string[]> {
	const out: string[] = [];
	// One push per field: spreading 125k fields into push() overflows the stack.
	for (const word of words)
		for (const braced of braceWords(word))
			for (const field of await expandFields(braced, host)) out.push(field);
	return out;
}

export async function expandFields(word: Word, host: ExpandHost): Promise<string[]> {
	const fields = new Fields();
	for (const part of tilde(word, host)) {
		if (part.type === 'param' && part.name === '@' && !part.op) {
			host.positional().forEach((arg, i) => {
				if (i > 0) fields.end();
				fields.add(arg, !part.quoted);
			});
			continue;
		}
		const text = await expandPart(part, host);
		fields.add(text, part.type !== 'literal' && !part.quoted);
	}
	fields.end();
	return fields.fields;
}

/** Expands without field splitting: assignments, redirection targets, heredoc bodies. */
export async function expandString(word: Word, host: ExpandHost): Promise<string> {
	let out = '';
	for (const part of tilde(word, host)) out += await expandPart(part, host);
	return out;
}
