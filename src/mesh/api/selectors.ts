/**
 * Label selectors: kubectl's `-l` string syntax (mirrors apimachinery `labels/selector.go`:
 * lexer, parser and its error wording) and the `matchLabels`/`matchExpressions` objects that
 * Services, Deployments and policies carry.
 */
import { isQualifiedName, isValidLabelValue } from './names.ts';
import type { LabelSelector } from './objects.ts';

export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
	readonly key: string;
	readonly operator: Operator;
	readonly values: readonly string[];
}

export type Labels = Readonly<Record<string, string>> | undefined;

type Tok =
	'id' | 'end' | 'error' | '(' | ')' | ',' | '!' | '==' | '=' | '!=' | '>' | '<' | 'in' | 'notin';

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const SYMBOLS = new Set<string>(['(', ')', ',', '!', '==', '=', '!=', '>', '<']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

interface Item {
	readonly tok: Tok;
	readonly lit: string;
}

function lex(s: string): Item[] {
	const items: Item[] = [];
	let pos = 0;
	for (;;) {
		while (pos < s.length && WHITESPACE.has(s[pos] ?? '')) pos++;
		if (pos >= s.length) {
			items.push({ tok: 'end', lit: '' });
			return items;
		}
		const ch = s[pos] ?? '';
		if (SPECIAL.has(ch)) {
			// Longest symbol that is a token: `!=` before `!`, `==` before `=`.
			let buf = '';
			let last: Item | undefined;
			while (pos < s.length && SPECIAL.has(s[pos] ?? '')) {
				buf += s[pos];
				if (SYMBOLS.has(buf)) {
					last = { tok: buf as Tok, lit: buf };
					pos++;
				} else if (last) break;
				else pos++;
			}
			items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buf}'` });
			if (!last) return [...items, { tok: 'end', lit: '' }];
			continue;
		}
		let buf = '';
		while (pos < s.length && !SPECIAL.has(s[pos] ?? '') && !WHITESPACE.has(s[pos] ?? ''))
			buf += s[pos++];
		items.push(buf === 'in' || buf === 'notin' ? { tok: buf, lit: buf } : { tok: 'id', lit: buf });
	}
}

class ParseError {
	constructor(readonly message: string) {}
}

class Parser {
	#pos = 0;
	constructor(readonly items: Item[]) {}

	/** In value context the keywords `in`/`notin` are plain identifiers. */
	#look(values: boolean): Item {
		const it = this.items[this.#pos] ?? { tok: 'end', lit: '' };
		return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id', lit: it.lit } : it;
	}
	#take(values: boolean): Item {
		const it = this.#look(values);
		if (this.#pos < this.items.length - 1) this.#pos++;
		return it;
	}

	parse(): Requirement[] {
		const reqs: Requirement[] = [];
		for (;;) {
			const { tok, lit } = this.#look(true);
			if (tok === 'end') return reqs;
			if (tok !== 'id' && tok !== '!')
				throw new ParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
			try {
				reqs.push(this.#requirement());
			} catch (e) {
				if (e instanceof ParseError)
					throw new ParseError(`unable to parse requirement: ${e.message}`);
				throw e;
			}
			const next = this.#take(true);
			if (next.tok === 'end') return reqs;
			if (next.tok !== ',')
				throw new ParseError(`found '${next.lit}', expected: ',' or 'end of string'`);
			const after = this.#look(true);
			if (after.tok !== 'id' && after.tok !== '!')
				throw new ParseError(`found '${after.lit}', expected: identifier after ','`);
		}
	}

	#requirement(): Requirement {
		let negate = false;
		let { tok, lit } = this.#take(true);
		if (tok === '!') {
			negate = true;
			({ tok, lit } = this.#take(true));
		}
		if (tok !== 'id') throw new ParseError(`found '${lit}', expected: identifier`);
		const keyErrs = isQualifiedName(lit);
		if (keyErrs.length > 0)
			throw new ParseError(`<nil>: Invalid value: ${JSON.stringify(lit)}: ${keyErrs.join('; ')}`);
		const key = lit;
		const peek = this.#look(true).tok;
		if (negate || peek === 'end' || peek === ',') {
			return { key, operator: negate ? '!' : 'exists', values: [] };
		}
		const op = this.#take(false);
		let operator: Operator;
		switch (op.tok) {
			case 'in':
			case 'notin':
			case '=':
			case '==':
			case '!=':
				operator = op.tok;
				break;
			case '>':
				operator = 'gt';
				break;
			case '<':
				operator = 'lt';
				break;
			default:
				throw new ParseError(`found '${op.lit}', expected: ${BINARY_OPERATORS}`);
		}
		const values = operator === 'in' || operator === 'notin' ? this.#set() : this.#exact();
		return newRequirement(key, operator, values);
	}

	#set(): string[] {
		const open = this.#take(true);
		if (open.tok !== '(') throw new ParseError(`found '${open.lit}' expected: '('`);
		const first = this.#look(true);
		if (first.tok === ')') {
			this.#take(true);
			return [''];
		}
		if (first.tok !== 'id' && first.tok !== ',')
			throw new ParseError(`found '${first.lit}', expected: ',', ')' or identifier`);
		const values = new Set<string>();
		for (;;) {
			const it = this.#take(true);
			if (it.tok === 'id') {
				values.add(it.lit);
				const next = this.#look(true);
				if (next.tok === ',') continue;
				if (next.tok === ')') break;
				throw new ParseError(`found '${next.lit}', expected: ',' or ')'`);
			} else if (it.tok === ',') {
				if (values.size === 0) values.add('');
				const next = this.#look(true);
				if (next.tok === ')') {
					values.add('');
					break;
				}
				if (next.tok === ',') {
					this.#take(true);
					values.add('');
				}
			} else throw new ParseError(`found '${it.lit}', expected: ',', or identifier`);
		}
		const close = this.#take(true);
		if (close.tok !== ')') throw new ParseError(`found '${close.lit}', expected: ')'`);
		return [...values].sort();
	}

	#exact(): string[] {
		const next = this.#look(true);
		if (next.tok === 'end' || next.tok === ',') return [''];
		const it = this.#take(true);
		if (it.tok === 'id') return [it.lit];
		throw new ParseError(`found '${it.lit}', expected: identifier`);
	}
}

function newRequirement(key: string, operator: Operator, values: string[]): Requirement {
	if ((operator === 'in' || operator === 'notin') && values.length === 0)
		throw new ParseError("for 'in', 'notin' operators, values set can't be empty");
	if ((operator === 'gt' || operator === 'lt') && !/^-?\d+$/.test(values[0] ?? ''))
		throw new ParseError("for 'Gt', 'Lt' operators, the value must be an integer");
	for (const v of values) {
		const errs = isValidLabelValue(v);
		if (errs.length > 0)
			throw new ParseError(`[${key}]: Invalid value: ${JSON.stringify(v)}: ${errs.join('; ')}`);
	}
	return { key, operator, values };
}

/** Parses kubectl `-l` syntax; an error carries the API server's message. */
export function parseLabelSelector(s: string): Requirement[] | { error: string } {
	try {
		const items = lex(s);
		const bad = items.find((i) => i.tok === 'error');
		if (bad) return { error: `unable to parse requirement: ${bad.lit}` };
		return new Parser(items).parse().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	} catch (e) {
		if (e instanceof ParseError) return { error: e.message };
		throw e;
	}
}

export function requirementMatches(r: Requirement, labels: Labels): boolean {
	const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
	const value = has ? labels?.[r.key] : undefined;
	switch (r.operator) {
		case 'in':
		case '=':
		case '==':
			return has && r.values.includes(value ?? '');
		case 'notin':
		case '!=':
			return !has || !r.values.includes(value ?? '');
		case 'exists':
			return has;
		case '!':
			return !has;
		case 'gt':
		case 'lt': {
			if (!has || !/^-?\d+$/.test(value ?? '')) return false;
			const a = Number(value);
			const b = Number(r.values[0]);
			return r.operator === 'gt' ? a > b : a < b;
		}
	}
}

export function matchesAll(reqs: readonly Requirement[], labels: Labels): boolean {
	return reqs.every((r) => requirementMatches(r, labels));
}

/**
 * A `LabelSelector` object against labels. An empty selector matches everything (as
 * `metav1.LabelSelectorAsSelector` does); callers treat a missing selector as they need.
 */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
	for (const [k, v] of Object.entries(selector.matchLabels ?? {}))
		if (labels?.[k] !== v) return false;
	for (const e of selector.matchExpressions ?? []) {
		const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, e.key);
		const value = labels?.[e.key] ?? '';
		const values = e.values ?? [];
		const ok =
			e.operator === 'In'
				? has && values.includes(value)
				: e.operator === 'NotIn'
					? !has || !values.includes(value)
					: e.operator === 'Exists'
						? has
						: !has;
		if (!ok) return false;
	}
	return true;
}

/** A Service-style `selector` map: every pair must match; an empty map selects nothing here. */
export function mapSelects(
	selector: Readonly<Record<string, string>> | undefined,
	labels: Labels
): boolean {
	if (!selector || Object.keys(selector).length === 0) return false;
	return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}
