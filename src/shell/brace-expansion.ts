/**
 * bash's brace expansion (the first expansion, on unquoted text only): `a{b,c}d` → `abd acd`,
 * `{1..5}`, `{05..10}` (zero-padded to the wider end), `{1..10..3}`, `{a..e}`, nested braces.
 * A brace with neither a top-level comma nor a valid sequence stays literal (`{x}`, `{}`), as
 * `${…}` never reaches here (it is a parameter, not literal text).
 */

/** The index of the `}` closing the `{` at `open`, or -1. */
function closing(text: string, open: number): number {
	let depth = 0;
	for (let i = open; i < text.length; i++) {
		if (text[i] === '{') depth++;
		else if (text[i] === '}' && --depth === 0) return i;
	}
	return -1;
}

/** Top-level comma-separated pieces of `inner`; one piece when there is no comma. */
function commaSplit(inner: string): string[] {
	const out: string[] = [];
	let depth = 0;
	let start = 0;
	for (let i = 0; i < inner.length; i++) {
		const c = inner[i];
		if (c === '{') depth++;
		else if (c === '}') depth--;
		else if (c === ',' && depth === 0) {
			out.push(inner.slice(start, i));
			start = i + 1;
		}
	}
	out.push(inner.slice(start));
	return out;
}

/** `{x..y[..incr]}`'s members, or undefined when it is not a sequence expression. */
function sequence(inner: string): string[] | undefined {
	const num = /^([+-]?\d+)\.\.([+-]?\d+)(?:\.\.([+-]?\d+))?$/.exec(inner);
	const chr = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.([+-]?\d+))?$/.exec(inner);
	const m = num ?? chr;
	if (!m) return undefined;
	const [, a = '', b = '', step] = m;
	const incr = Math.abs(Number(step ?? 1)) || 1;
	const from = num ? Number(a) : a.charCodeAt(0);
	const to = num ? Number(b) : b.charCodeAt(0);
	const dir = from <= to ? 1 : -1;
	if (Math.floor(Math.abs(to - from) / incr) + 1 > MAX_WORDS) throw new TooManyWords();
	// Zero padding when either end is written with a leading zero (bash: `{01..10}`).
	const padded = num && (/^[+-]?0\d/.test(a) || /^[+-]?0\d/.test(b));
	const width = Math.max(a.length, b.length);
	const out: string[] = [];
	for (let v = from; dir > 0 ? v <= to : v >= to; v += dir * incr) {
		if (!num) out.push(String.fromCharCode(v));
		else if (padded)
			out.push((v < 0 ? '-' : '') + String(Math.abs(v)).padStart(width - (v < 0 ? 1 : 0), '0'));
		else out.push(String(v));
	}
	return out;
}

/**
 * More words than a tab can hold (bash would try, and run out of memory): `{1..100000000}`.
 * The shell reports it as an expansion error rather than hang.
 */
export const MAX_WORDS = 1_000_000;
export class TooManyWords extends Error {
	constructor() {
		super(`brace expansion: more than ${MAX_WORDS} words`);
	}
}

/** The words `text` expands to (itself alone when it holds no brace expression). */
export function expandBraces(text: string): string[] {
	for (let open = text.indexOf('{'); open >= 0; open = text.indexOf('{', open + 1)) {
		const close = closing(text, open);
		if (close < 0) return [text];
		const inner = text.slice(open + 1, close);
		const pieces = commaSplit(inner);
		const members = pieces.length > 1 ? pieces : sequence(inner);
		if (!members) continue;
		const prefix = text.slice(0, open);
		const suffix = text.slice(close + 1);
		const out: string[] = [];
		for (const m of members) {
			for (const w of expandBraces(prefix + m + suffix)) out.push(w);
			if (out.length > MAX_WORDS) throw new TooManyWords();
		}
		return out;
	}
	return [text];
}
