/**
 * The parser half of kubectl JSONPath (k8s.io/client-go/util/jsonpath/parser.go): a template
 * becomes text, actions and ranges; actions become paths of segments.
 */

export type Json = unknown;

export type Segment =
	| { readonly op: 'field'; readonly names: readonly string[] }
	| { readonly op: 'wildcard' }
	| { readonly op: 'recursive'; readonly name: string | undefined }
	| {
			readonly op: 'index';
			readonly start?: number;
			readonly end?: number;
			readonly step?: number;
			readonly single: boolean;
	  }
	| { readonly op: 'filter'; readonly filter: Filter };

export interface Operand {
	readonly path?: readonly Segment[];
	readonly literal?: string | number;
}
export interface Filter {
	readonly left: Operand;
	readonly cmp?: string;
	readonly right?: Operand;
}

export type Expr = { readonly literal: string } | { readonly path: readonly Segment[] };

export type TemplateNode =
	| { readonly kind: 'text'; readonly text: string }
	| { readonly kind: 'action'; readonly exprs: readonly Expr[] }
	| { readonly kind: 'range'; readonly exprs: readonly Expr[]; readonly body: TemplateNode[] };

export interface JsonPathError {
	readonly type: 'jsonpath-error';
	readonly message: string;
}

export const fail = (message: string): JsonPathError => ({ type: 'jsonpath-error', message });

export function isJsonPathError(x: unknown): x is JsonPathError {
	return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'jsonpath-error';
}

class Cursor {
	pos = 0;
	constructor(readonly s: string) {}
	peek(n = 0): string {
		return this.s[this.pos + n] ?? '';
	}
	done(): boolean {
		return this.pos >= this.s.length;
	}
	skipSpaces(): void {
		while (this.peek() === ' ') this.pos++;
	}
}

/** Reads a quoted string starting at the cursor's quote, handling Go escapes. */
function readQuoted(c: Cursor): string | JsonPathError {
	const quote = c.peek();
	c.pos++;
	let out = '';
	while (!c.done() && c.peek() !== quote) {
		if (c.peek() === '\\') {
			const next = c.peek(1);
			out += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
			c.pos += 2;
		} else {
			out += c.peek();
			c.pos++;
		}
	}
	if (c.done()) return fail('unclosed quote');
	c.pos++;
	return out;
}

function readName(c: Cursor): string {
	let name = '';
	while (!c.done() && !'.[]() ,}=!<>'.includes(c.peek())) {
		if (c.peek() === '\\' && c.peek(1) !== '') {
			name += c.peek(1);
			c.pos += 2;
		} else {
			name += c.peek();
			c.pos++;
		}
	}
	return name;
}

function parseNumber(s: string): number | undefined {
	const t = s.trim();
	if (t === '') return undefined;
	return /^-?\d+$/.test(t) ? Number(t) : NaN;
}

function parseOperand(c: Cursor): Operand | JsonPathError {
	c.skipSpaces();
	const ch = c.peek();
	if (ch === '@' || ch === '$') {
		c.pos++;
		const path = parsePath(c, true);
		return isJsonPathError(path) ? path : { path };
	}
	if (ch === '"' || ch === "'") {
		const s = readQuoted(c);
		return isJsonPathError(s) ? s : { literal: s };
	}
	const m = /^-?\d+(\.\d+)?/.exec(c.s.slice(c.pos));
	if (m) {
		c.pos += m[0].length;
		return { literal: Number(m[0]) };
	}
	return fail(`unrecognized identifier ${c.s.slice(c.pos)}`);
}

function parseFilter(c: Cursor): Filter | JsonPathError {
	const left = parseOperand(c);
	if (isJsonPathError(left)) return left;
	c.skipSpaces();
	const m = /^(==|!=|<=|>=|<|>)/.exec(c.s.slice(c.pos));
	if (!m) return { left };
	c.pos += m[0].length;
	const right = parseOperand(c);
	if (isJsonPathError(right)) return right;
	c.skipSpaces();
	return { left, cmp: m[0], right };
}

function parseBracket(c: Cursor): Segment | JsonPathError {
	c.pos++; // [
	c.skipSpaces();
	if (c.peek() === '?') {
		c.pos++;
		if (c.peek() !== '(') return fail('unclosed array expect ]');
		c.pos++;
		const filter = parseFilter(c);
		if (isJsonPathError(filter)) return filter;
		if (c.peek() !== ')' || c.peek(1) !== ']') return fail('unclosed array expect ]');
		c.pos += 2;
		return { op: 'filter', filter };
	}
	if (c.peek() === "'" || c.peek() === '"') {
		const names: string[] = [];
		for (;;) {
			c.skipSpaces();
			const s = readQuoted(c);
			if (isJsonPathError(s)) return s;
			names.push(s);
			c.skipSpaces();
			if (c.peek() === ',') c.pos++;
			else break;
		}
		if (c.peek() !== ']') return fail('unclosed array expect ]');
		c.pos++;
		return { op: 'field', names };
	}
	const close = c.s.indexOf(']', c.pos);
	if (close < 0) return fail('unclosed array expect ]');
	const inner = c.s.slice(c.pos, close).trim();
	c.pos = close + 1;
	if (inner === '*') return { op: 'wildcard' };
	const parts = inner.split(':');
	if (parts.length > 3) return fail(`invalid array index ${inner}`);
	const nums = parts.map(parseNumber);
	if (nums.some((n) => n !== undefined && Number.isNaN(n)))
		return fail(`invalid array index ${inner}`);
	if (parts.length === 1) {
		if (nums[0] === undefined) return fail(`invalid array index ${inner}`);
		return { op: 'index', start: nums[0], single: true };
	}
	return { op: 'index', start: nums[0], end: nums[1], step: nums[2], single: false };
}

/** Parses `.a.b[0]..c` up to the end of the action (or of a filter operand when `inFilter`). */
function parsePath(c: Cursor, inFilter: boolean): Segment[] | JsonPathError {
	const segments: Segment[] = [];
	while (!c.done()) {
		const ch = c.peek();
		if (ch === '.') {
			if (c.peek(1) === '.') {
				c.pos += 2;
				const name = c.peek() === '*' ? (c.pos++, undefined) : readName(c);
				segments.push({ op: 'recursive', name: name === '' ? undefined : name });
				continue;
			}
			c.pos++;
			if (c.peek() === '*') {
				c.pos++;
				segments.push({ op: 'wildcard' });
				continue;
			}
			const name = readName(c);
			if (name !== '') segments.push({ op: 'field', names: [name] });
			continue;
		}
		if (ch === '[') {
			const seg = parseBracket(c);
			if (isJsonPathError(seg)) return seg;
			segments.push(seg);
			continue;
		}
		if (ch === '@' || ch === '$') {
			c.pos++;
			continue;
		}
		if (inFilter) break;
		if (ch === ' ' || ch === ',') break;
		const name = readName(c);
		if (name === '')
			return fail(
				`unrecognized character in action: U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} '${ch}'`
			);
		segments.push({ op: 'field', names: [name] });
	}
	return segments;
}

/** An action's inside: one or more comma/space-separated expressions. */
function parseExprs(text: string): Expr[] | JsonPathError {
	const c = new Cursor(text);
	const exprs: Expr[] = [];
	for (;;) {
		c.skipSpaces();
		if (c.done()) break;
		if (c.peek() === ',') {
			c.pos++;
			continue;
		}
		if (c.peek() === '"' || c.peek() === "'") {
			const s = readQuoted(c);
			if (isJsonPathError(s)) return s;
			exprs.push({ literal: s });
			continue;
		}
		const path = parsePath(c, false);
		if (isJsonPathError(path)) return path;
		exprs.push({ path });
	}
	return exprs;
}

/** Finds the `}` closing the action that starts after `{`, skipping quoted text. */
function actionEnd(s: string, from: number): number {
	let quote = '';
	for (let i = from; i < s.length; i++) {
		const ch = s[i];
		if (quote) {
			if (ch === '\\') i++;
			else if (ch === quote) quote = '';
		} else if (ch === '"' || ch === "'") quote = ch;
		else if (ch === '}') return i;
	}
	return -1;
}

export function parseTemplate(template: string): TemplateNode[] | JsonPathError {
	const root: TemplateNode[] = [];
	const stack: TemplateNode[][] = [root];
	let i = 0;
	while (i < template.length) {
		const open = template.indexOf('{', i);
		const top = stack[stack.length - 1] as TemplateNode[];
		if (open < 0) {
			top.push({ kind: 'text', text: template.slice(i) });
			break;
		}
		if (open > i) top.push({ kind: 'text', text: template.slice(i, open) });
		const close = actionEnd(template, open + 1);
		if (close < 0) return fail('unclosed action');
		const inner = template.slice(open + 1, close).trim();
		i = close + 1;
		if (inner === 'end') {
			if (stack.length === 1) return fail('not in range, nothing to end');
			stack.pop();
			continue;
		}
		const isRange = inner.startsWith('range ') || inner === 'range';
		const exprs = parseExprs(isRange ? inner.slice(5) : inner);
		if (isJsonPathError(exprs)) return exprs;
		if (isRange) {
			const body: TemplateNode[] = [];
			top.push({ kind: 'range', exprs, body });
			stack.push(body);
		} else top.push({ kind: 'action', exprs });
	}
	if (stack.length > 1) return fail('unclosed range');
	return root;
}
