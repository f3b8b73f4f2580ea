/**
 * POSIX regular expressions (GNU flavour) parsed into a small syntax tree. BRE (`grep`) treats
 * `( ) { } | + ?` as literals and `\( \) \{ \} \| \+ \?` as operators; ERE (`grep -E`) the
 * reverse. Bracket expressions take `[:alpha:]`-style classes and a literal backslash. Errors are
 * GNU's messages. grep-nfa.ts runs the tree in linear time, as GNU grep's automata do.
 */

/** A set of characters: ranges of UTF-16 code units, possibly negated. */
export interface CharSet {
	readonly ranges: readonly (readonly [number, number])[];
	readonly negated: boolean;
}

export type Assertion =
	'start' | 'end' | 'word-boundary' | 'not-word-boundary' | 'word-start' | 'word-end';

export type Node =
	| { readonly type: 'set'; readonly set: CharSet }
	| { readonly type: 'assert'; readonly kind: Assertion }
	| { readonly type: 'concat'; readonly items: readonly Node[] }
	| { readonly type: 'alt'; readonly options: readonly Node[] }
	| { readonly type: 'repeat'; readonly node: Node; readonly min: number; readonly max: number }
	| { readonly type: 'group'; readonly node: Node; readonly index: number }
	| { readonly type: 'backref'; readonly index: number };

/** GNU's RE_DUP_MAX: the largest count `{m,n}` accepts. */
export const DUP_MAX = 32767;

const range = (from: string, to = from): [number, number] => [from.charCodeAt(0), to.charCodeAt(0)];
const WORD: [number, number][] = [range('a', 'z'), range('A', 'Z'), range('0', '9'), range('_')];
const SPACE: [number, number][] = [range(' '), range('\t', '\r')];

const CLASSES: Record<string, [number, number][]> = {
	alpha: [range('a', 'z'), range('A', 'Z')],
	digit: [range('0', '9')],
	alnum: [range('a', 'z'), range('A', 'Z'), range('0', '9')],
	upper: [range('A', 'Z')],
	lower: [range('a', 'z')],
	space: SPACE,
	blank: [range(' '), range('\t')],
	punct: [range('!', '/'), range(':', '@'), range('[', '`'), range('{', '~')],
	xdigit: [range('0', '9'), range('A', 'F'), range('a', 'f')],
	word: WORD,
	cntrl: [
		[0, 0x1f],
		[0x7f, 0x7f]
	],
	print: [range(' ', '~')],
	graph: [range('!', '~')]
};

export const ANY: CharSet = { ranges: [[10, 10]], negated: true };
export const WORD_SET: CharSet = { ranges: WORD, negated: false };
const literal = (c: string): Node => ({ type: 'set', set: { ranges: [range(c)], negated: false } });

export function inSet(set: CharSet, code: number): boolean {
	let hit = false;
	for (const [lo, hi] of set.ranges) {
		if (code >= lo && code <= hi) {
			hit = true;
			break;
		}
	}
	return hit !== set.negated;
}

type Parsed<T> = T | { readonly error: string };
const failed = <T>(x: Parsed<T>): x is { readonly error: string } =>
	typeof x === 'object' && x !== null && 'error' in x;

function bracket(src: string, start: number): Parsed<{ set: CharSet; end: number }> {
	let i = start + 1;
	let negated = false;
	const ranges: [number, number][] = [];
	if (src[i] === '^') {
		negated = true;
		i++;
	}
	if (src[i] === ']') {
		ranges.push(range(']'));
		i++;
	}
	for (; i < src.length; i++) {
		const c = src[i] as string;
		if (c === ']') return { set: { ranges, negated }, end: i };
		if (c === '[' && src[i + 1] === ':') {
			const close = src.indexOf(':]', i + 2);
			if (close < 0) break;
			const cls = CLASSES[src.slice(i + 2, close)];
			if (cls === undefined) return { error: 'Invalid character class name' };
			ranges.push(...cls);
			i = close + 1;
			continue;
		}
		if (src[i + 1] === '-' && src[i + 2] !== undefined && src[i + 2] !== ']') {
			const to = src[i + 2] as string;
			if (to.charCodeAt(0) < c.charCodeAt(0)) return { error: 'Invalid range end' };
			ranges.push(range(c, to));
			i += 2;
			continue;
		}
		ranges.push(range(c));
	}
	return { error: 'Unmatched [, [^, [:, [., or [=' };
}

/**
 * Parses a GNU BRE (`extended` false) or ERE. Recursive descent over alternation, concatenation
 * and postfix repetition; the BRE/ERE difference is only which spelling is an operator.
 */
export function parseRegex(src: string, extended: boolean): Parsed<Node> {
	let i = 0;
	let groups = 0;
	/** The operator at `i`, normalised to its ERE spelling, and its length; undefined: literal. */
	const op = (): { op: string; len: number } | undefined => {
		const c = src[i];
		if (c === undefined) return undefined;
		if (extended) return '()|{+?*'.includes(c) ? { op: c, len: 1 } : undefined;
		if (c === '*') return { op: '*', len: 1 };
		if (c === '\\' && src[i + 1] !== undefined && '(){}|+?'.includes(src[i + 1] as string))
			return { op: src[i + 1] as string, len: 2 };
		return undefined;
	};

	const alternation = (depth: number): Parsed<Node> => {
		const options: Node[] = [];
		for (;;) {
			const branch = concatenation(depth);
			if (failed(branch)) return branch;
			options.push(branch);
			const o = op();
			if (o?.op !== '|') break;
			i += o.len;
		}
		return options.length === 1 ? (options[0] as Node) : { type: 'alt', options };
	};

	const concatenation = (depth: number): Parsed<Node> => {
		const items: Node[] = [];
		const branchStart = i;
		while (i < src.length) {
			const o = op();
			if (o?.op === '|') break;
			if (o?.op === ')') {
				if (depth > 0) break;
				// An unmatched `)` is literal in an ERE; in a BRE `\)` is an error.
				if (!extended) return { error: 'Unmatched ) or \\)' };
				items.push(literal(')'));
				i++;
				continue;
			}
			const atom = parseAtom(depth, i === branchStart);
			if (failed(atom)) return atom;
			let node = atom;
			for (;;) {
				const q = quantifier();
				if (q === undefined) break;
				if (failed(q)) return q;
				node = { type: 'repeat', node, min: q.min, max: q.max };
			}
			items.push(node);
		}
		return items.length === 1 ? (items[0] as Node) : { type: 'concat', items };
	};

	const quantifier = (): Parsed<{ min: number; max: number }> | undefined => {
		const o = op();
		if (o === undefined) return undefined;
		if (o.op === '*' || o.op === '+' || o.op === '?') {
			i += o.len;
			return { min: o.op === '+' ? 1 : 0, max: o.op === '?' ? 1 : Infinity };
		}
		if (o.op !== '{') return undefined;
		const close = extended ? '}' : '\\}';
		const end = src.indexOf(close, i + o.len);
		const body = end < 0 ? undefined : src.slice(i + o.len, end);
		const m = body === undefined ? null : /^(\d*)(,(\d*))?$/.exec(body);
		if (!m || (m[1] === '' && m[3] === undefined)) {
			// GNU's ERE takes a `{` that does not start a valid interval as a literal.
			if (extended) return undefined;
			return { error: end < 0 ? 'Unmatched \\{' : 'Invalid content of \\{\\}' };
		}
		const min = m[1] === '' ? 0 : Number(m[1]);
		const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
		if (min > DUP_MAX || (max !== Infinity && max > DUP_MAX))
			return { error: 'Regular expression too big' };
		if (max < min) return { error: 'Invalid content of \\{\\}' };
		i = end + close.length;
		return { min, max };
	};

	const parseAtom = (depth: number, atBranchStart: boolean): Parsed<Node> => {
		const o = op();
		if (o?.op === '(') {
			i += o.len;
			const index = ++groups;
			const inner = alternation(depth + 1);
			if (failed(inner)) return inner;
			const c = op();
			if (c?.op !== ')') return { error: 'Unmatched ( or \\(' };
			i += c.len;
			return { type: 'group', node: inner, index };
		}
		// A repetition operator with nothing before it is a literal (GNU).
		if (o && '*+?{'.includes(o.op) && atBranchStart) {
			i += o.len;
			return literal(o.op);
		}
		if (o && '+?{'.includes(o.op)) {
			i += o.len;
			return literal(o.op);
		}
		const c = src[i++] as string;
		if (c === '\\') {
			const n = src[i++];
			if (n === undefined) return { error: 'Trailing backslash' };
			if (n === '<') return { type: 'assert', kind: 'word-start' };
			if (n === '>') return { type: 'assert', kind: 'word-end' };
			if (n === 'b') return { type: 'assert', kind: 'word-boundary' };
			if (n === 'B') return { type: 'assert', kind: 'not-word-boundary' };
			if (n === 'w' || n === 'W') return { type: 'set', set: { ranges: WORD, negated: n === 'W' } };
			if (n === 's' || n === 'S')
				return { type: 'set', set: { ranges: SPACE, negated: n === 'S' } };
			if (/[1-9]/.test(n)) {
				const index = Number(n);
				if (index > groups) return { error: 'Invalid back reference' };
				return { type: 'backref', index };
			}
			return literal(n);
		}
		if (c === '[') {
			const b = bracket(src, i - 1);
			if (failed(b)) return b;
			i = b.end + 1;
			return { type: 'set', set: b.set };
		}
		if (c === '.') return { type: 'set', set: ANY };
		if (c === '^' && (extended || atBranchStart)) return { type: 'assert', kind: 'start' };
		if (c === '$') {
			const rest = src.slice(i);
			const atEnd = rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|');
			if (extended || atEnd) return { type: 'assert', kind: 'end' };
		}
		return literal(c);
	};

	const tree = alternation(0);
	if (failed(tree)) return tree;
	if (i < src.length) return { error: 'Unmatched ) or \\)' };
	return tree;
}

/** A fixed string (`grep -F`) as a tree. */
export function literalTree(text: string): Node {
	const items = [...text].map(literal);
	return items.length === 1 ? (items[0] as Node) : { type: 'concat', items };
}

export function hasBackref(node: Node): boolean {
	switch (node.type) {
		case 'backref':
			return true;
		case 'concat':
			return node.items.some(hasBackref);
		case 'alt':
			return node.options.some(hasBackref);
		case 'repeat':
		case 'group':
			return hasBackref(node.node);
		default:
			return false;
	}
}
