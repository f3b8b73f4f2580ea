/**
 * The capture view's display filter: a small subset of Wireshark's, documented in README.md.
 *
 *   ip==10.244.1.5   ip.src==…  ip.dst==…      either / source / destination address
 *   port==15008      tcp.port, tcp.srcport, tcp.dstport (and != < > <= >=)
 *   tcp.flags.syn    tcp.flags.fin  tcp.flags.reset
 *   tcp.len>0        len>100
 *   node==ambient-worker   conn==…
 *   http  tls  hbone  redirected  dropped  hop
 *   and && or || not ! ( )         anything else: free text
 *
 * Parsing returns a predicate or an error value with Wireshark-like wording; it never throws.
 */
import type { SegmentRow } from './segments.ts';

export type RowPredicate = (row: SegmentRow) => boolean;

export interface FilterError {
	readonly error: string;
}

export function isFilterError(x: RowPredicate | FilterError): x is FilterError {
	return typeof x !== 'function';
}

type Tok =
	| { readonly t: 'word'; readonly v: string }
	| { readonly t: 'str'; readonly v: string }
	| { readonly t: 'op'; readonly v: '==' | '!=' | '<' | '>' | '<=' | '>=' }
	| { readonly t: 'and' | 'or' | 'not' | '(' | ')' };

const WORD = /[A-Za-z0-9_.:/-]/;

function lex(src: string): Tok[] | FilterError {
	const toks: Tok[] = [];
	let i = 0;
	while (i < src.length) {
		const c = src[i]!;
		const two = src.slice(i, i + 2);
		if (/\s/.test(c)) i++;
		else if (two === '&&' || two === '||') {
			toks.push({ t: two === '&&' ? 'and' : 'or' });
			i += 2;
		} else if (['==', '!=', '<=', '>='].includes(two)) {
			toks.push({ t: 'op', v: two as '==' });
			i += 2;
		} else if (c === '<' || c === '>') {
			toks.push({ t: 'op', v: c });
			i++;
		} else if (c === '!') {
			toks.push({ t: 'not' });
			i++;
		} else if (c === '(' || c === ')') {
			toks.push({ t: c });
			i++;
		} else if (c === '"') {
			const end = src.indexOf('"', i + 1);
			if (end < 0) return { error: `"${src.slice(i)}" is missing its closing quote` };
			toks.push({ t: 'str', v: src.slice(i + 1, end) });
			i = end + 1;
		} else if (WORD.test(c)) {
			let j = i;
			while (j < src.length && WORD.test(src[j]!)) j++;
			const v = src.slice(i, j);
			const lower = v.toLowerCase();
			if (lower === 'and' || lower === 'or' || lower === 'not') toks.push({ t: lower });
			else toks.push({ t: 'word', v });
			i = j;
		} else {
			return { error: `"${c}" was unexpected in this context.` };
		}
	}
	return toks;
}

type Field = (row: SegmentRow) => readonly (string | number)[];

/** Fields compared with an operator; a field with two values (ip, port) matches either. */
const FIELDS: Record<string, Field> = {
	ip: (r) => [r.entry.src.ip, r.entry.dst.ip],
	'ip.addr': (r) => [r.entry.src.ip, r.entry.dst.ip],
	'ip.src': (r) => [r.entry.src.ip],
	'ip.dst': (r) => [r.entry.dst.ip],
	port: (r) => [r.entry.src.port, r.entry.dst.port],
	'tcp.port': (r) => [r.entry.src.port, r.entry.dst.port],
	'tcp.srcport': (r) => [r.entry.src.port],
	'tcp.dstport': (r) => [r.entry.dst.port],
	len: (r) => [r.entry.length],
	'tcp.len': (r) => [r.entry.length],
	node: (r) => [r.entry.srcNode, r.entry.dstNode],
	conn: (r) => [r.entry.conn]
};

/** Fields that are true or false by themselves (Wireshark's protocol and flag names). */
const FLAGS: Record<string, RowPredicate> = {
	'tcp.flags.syn': (r) => r.flag === 'SYN' || r.flag === 'SYN-ACK',
	'tcp.flags.fin': (r) => r.flag === 'FIN',
	'tcp.flags.reset': (r) => r.flag === 'RST',
	http: (r) => r.payload.kind === 'http',
	tls: (r) => r.payload.kind === 'tls',
	hbone: (r) => r.entry.src.port === 15008 || r.entry.dst.port === 15008,
	redirected: (r) => !!r.entry.redirected,
	dropped: (r) => !!r.entry.dropped,
	hop: (r) => r.entry.hop !== undefined
};

function compare(op: string, a: string | number, b: string): boolean {
	const x = a;
	const y = typeof a === 'number' ? Number(b) : b;
	switch (op) {
		case '==':
			return x === y;
		case '!=':
			return x !== y;
		case '<':
			return x < y;
		case '>':
			return x > y;
		case '<=':
			return x <= y;
		default:
			return x >= y;
	}
}

const freeText =
	(needle: string): RowPredicate =>
	(r) => {
		const n = needle.toLowerCase();
		const text = r.payload.kind === 'http' || r.payload.kind === 'text' ? r.payload.text : '';
		return [r.src, r.dst, r.node, r.entry.conn, r.flag, r.info, text, ...r.marks].some((s) =>
			s.toLowerCase().includes(n)
		);
	};

class Parser {
	#pos = 0;
	readonly toks: readonly Tok[];

	constructor(toks: readonly Tok[]) {
		this.toks = toks;
	}

	parse(): RowPredicate | FilterError {
		const p = this.#or();
		if (isFilterError(p)) return p;
		const rest = this.toks[this.#pos];
		if (rest) return { error: `"${describe(rest)}" was unexpected in this context.` };
		return p;
	}

	#or(): RowPredicate | FilterError {
		let left = this.#and();
		while (!isFilterError(left) && this.toks[this.#pos]?.t === 'or') {
			this.#pos++;
			const right = this.#and();
			if (isFilterError(right)) return right;
			const l = left;
			left = (r) => l(r) || right(r);
		}
		return left;
	}

	#and(): RowPredicate | FilterError {
		let left = this.#unary();
		while (!isFilterError(left) && this.toks[this.#pos]?.t === 'and') {
			this.#pos++;
			const right = this.#unary();
			if (isFilterError(right)) return right;
			const l = left;
			left = (r) => l(r) && right(r);
		}
		return left;
	}

	#unary(): RowPredicate | FilterError {
		const tok = this.toks[this.#pos];
		if (!tok) return { error: 'The filter expression is incomplete.' };
		this.#pos++;
		if (tok.t === 'not') {
			const inner = this.#unary();
			return isFilterError(inner) ? inner : (r) => !inner(r);
		}
		if (tok.t === '(') {
			const inner = this.#or();
			if (isFilterError(inner)) return inner;
			if (this.toks[this.#pos]?.t !== ')') return { error: 'Unmatched "(".' };
			this.#pos++;
			return inner;
		}
		if (tok.t === 'str') return freeText(tok.v);
		if (tok.t !== 'word') return { error: `"${describe(tok)}" was unexpected in this context.` };
		const next = this.toks[this.#pos];
		if (next?.t === 'op') return this.#comparison(tok.v, next.v);
		const flag = FLAGS[tok.v.toLowerCase()];
		return flag ?? freeText(tok.v);
	}

	#comparison(name: string, op: string): RowPredicate | FilterError {
		this.#pos++;
		const field = FIELDS[name.toLowerCase()];
		if (!field) return { error: `"${name}" is not a valid protocol or protocol field.` };
		const value = this.toks[this.#pos];
		if (!value || (value.t !== 'word' && value.t !== 'str'))
			return { error: `"${name} ${op}" needs a value.` };
		this.#pos++;
		const numeric = typeof field({ entry: PROBE } as SegmentRow)[0] === 'number';
		if (numeric && !/^\d+$/.test(value.v)) return { error: `"${value.v}" is not a valid number.` };
		if (!numeric && op !== '==' && op !== '!=')
			return { error: `"${op}" cannot compare "${name}"; use == or !=.` };
		// != on a two-valued field means "neither is", as Wireshark's ~= would read.
		return op === '!='
			? (r) => field(r).every((x) => compare('!=', x, value.v))
			: (r) => field(r).some((x) => compare(op, x, value.v));
	}
}

/** A stand-in entry to learn whether a field is numeric. */
const PROBE = {
	src: { ip: '', port: 0 },
	dst: { ip: '', port: 0 },
	length: 0,
	srcNode: '',
	dstNode: '',
	conn: ''
} as unknown as SegmentRow['entry'];

function describe(tok: Tok): string {
	return 'v' in tok ? tok.v : tok.t;
}

/** An empty filter matches everything. */
export function parseFilter(source: string): RowPredicate | FilterError {
	const toks = lex(source);
	if ('error' in toks) return toks;
	if (toks.length === 0) return () => true;
	return new Parser(toks).parse();
}
