/**
 * The PromQL the playground's Prometheus evaluates (promql/parser): what Istio's observability
 * pages query. Instant vector selectors (`name{label="v", l=~"re", l!="v", l!~"re"}`), `rate`,
 * `irate` and `increase` of a range selector (`[5m]`), and the aggregations `sum`, `avg`,
 * `min`, `max`, `count` with `by`/`without`. Anything else is refused with an error in
 * Prometheus's wording where it has one, and saying it is not simulated otherwise.
 */

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface Matcher {
	readonly name: string;
	readonly type: MatchType;
	readonly value: string;
}

export type Expr =
	| { readonly kind: 'selector'; readonly matchers: readonly Matcher[] }
	| {
			readonly kind: 'call';
			readonly func: 'rate' | 'irate' | 'increase';
			readonly matchers: readonly Matcher[];
			/** The range, in milliseconds. */
			readonly range: number;
	  }
	| {
			readonly kind: 'aggregate';
			readonly op: 'sum' | 'avg' | 'min' | 'max' | 'count';
			readonly grouping: readonly string[];
			readonly without: boolean;
			readonly expr: Expr;
	  };

const AGGREGATIONS = new Set(['sum', 'avg', 'min', 'max', 'count']);
const RANGE_FUNCTIONS = new Set(['rate', 'irate', 'increase']);
/** PromQL's other functions and aggregations: valid queries this subset does not evaluate. */
const OTHER_FUNCTIONS = new Set([
	'abs',
	'absent',
	'avg_over_time',
	'ceil',
	'changes',
	'clamp',
	'count_over_time',
	'delta',
	'deriv',
	'exp',
	'floor',
	'histogram_quantile',
	'idelta',
	'label_join',
	'label_replace',
	'ln',
	'max_over_time',
	'min_over_time',
	'resets',
	'round',
	'scalar',
	'sort',
	'sort_desc',
	'sqrt',
	'sum_over_time',
	'time',
	'timestamp',
	'vector',
	'topk',
	'bottomk',
	'quantile',
	'stddev',
	'stdvar',
	'count_values',
	'group',
	'last_over_time',
	'quantile_over_time'
]);

interface Token {
	readonly text: string;
	readonly kind: 'ident' | 'string' | 'duration' | 'number' | 'op' | 'eof';
	/** 1-based column, as Prometheus reports positions (`1:5: parse error: …`). */
	readonly col: number;
}

export class PromqlError extends Error {}

const fail = (col: number, message: string): never => {
	throw new PromqlError(`1:${col}: parse error: ${message}`);
};

function lex(input: string): Token[] {
	const out: Token[] = [];
	let i = 0;
	while (i < input.length) {
		const c = input[i] as string;
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		const col = i + 1;
		const rest = input.slice(i);
		const dur = /^\d+(?:ms|[smhdwy])(?:\d+(?:ms|[smhdwy]))*/.exec(rest);
		const num = /^\d+(?:\.\d+)?/.exec(rest);
		const id = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(rest);
		const op = /^(?:=~|!~|!=|==|>=|<=|[{}()[\],=+\-*/^%<>@])/.exec(rest);
		if (c === '"' || c === "'" || c === '`') {
			let j = i + 1;
			let value = '';
			for (; j < input.length && input[j] !== c; j++) {
				if (input[j] === '\\' && c !== '`') {
					j++;
					const e = input[j];
					value += e === 'n' ? '\n' : e === 't' ? '\t' : (e ?? '');
				} else value += input[j];
			}
			if (j >= input.length) fail(col, 'unterminated quoted string');
			out.push({ text: value, kind: 'string', col });
			i = j + 1;
		} else if (dur) {
			out.push({ text: dur[0], kind: 'duration', col });
			i += dur[0].length;
		} else if (num) {
			out.push({ text: num[0], kind: 'number', col });
			i += num[0].length;
		} else if (id) {
			out.push({ text: id[0], kind: 'ident', col });
			i += id[0].length;
		} else if (op) {
			out.push({ text: op[0], kind: 'op', col });
			i += op[0].length;
		} else fail(col, `unexpected character: '${c}'`);
	}
	out.push({ text: '', kind: 'eof', col: input.length + 1 });
	return out;
}

const UNIT_MS: Record<string, number> = {
	ms: 1,
	s: 1000,
	m: 60_000,
	h: 3_600_000,
	d: 86_400_000,
	w: 604_800_000,
	y: 31_536_000_000
};

function durationMs(text: string): number {
	let total = 0;
	for (const m of text.matchAll(/(\d+)(ms|[smhdwy])/g))
		total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
	return total;
}

/** How the parser names a token in `unexpected …` errors (parser/lex.go Item.desc). */
function describe(t: Token): string {
	if (t.kind === 'eof') return 'end of input';
	if (t.kind === 'string') return `string ${JSON.stringify(t.text)}`;
	if (t.kind === 'number') return `number "${t.text}"`;
	if (t.kind === 'duration') return `duration "${t.text}"`;
	if (t.kind === 'ident') return `identifier "${t.text}"`;
	return `"${t.text}"`;
}

const notSimulated = (what: string): never => {
	throw new PromqlError(
		`${what} is not evaluated by the playground's Prometheus (it evaluates selectors, rate/irate/increase and sum/avg/min/max/count)`
	);
};

/** A recursive-descent parser over the tokens of one query. */
class Parser {
	#at = 0;
	constructor(readonly tokens: readonly Token[]) {}

	peek(): Token {
		return this.tokens[this.#at] as Token;
	}
	next(): Token {
		return this.tokens[this.#at++] as Token;
	}
	ahead(n: number): Token | undefined {
		return this.tokens[this.#at + n];
	}
	isOp(text: string): boolean {
		const t = this.peek();
		return t.kind === 'op' && t.text === text;
	}
	expect(text: string, context: string): Token {
		const t = this.next();
		if (t.kind !== 'op' || t.text !== text) fail(t.col, `unexpected ${describe(t)} ${context}`);
		return t;
	}

	matcher(): Matcher {
		const name = this.next();
		if (name.kind !== 'ident')
			fail(name.col, `unexpected ${describe(name)} in label matching, expected label`);
		const type = this.next();
		if (!['=', '!=', '=~', '!~'].includes(type.text) || type.kind !== 'op')
			fail(
				type.col,
				`unexpected ${describe(type)} in label matching, expected label matching operator`
			);
		const value = this.next();
		if (value.kind !== 'string')
			fail(value.col, `unexpected ${describe(value)} in label matching, expected string`);
		if (type.text === '=~' || type.text === '!~') {
			try {
				new RegExp(`^(?:${value.text})$`);
			} catch {
				fail(value.col, `error parsing regexp: ${value.text}`);
			}
		}
		return { name: name.text, type: type.text as MatchType, value: value.text };
	}

	matchers(): Matcher[] {
		const out: Matcher[] = [];
		this.expect('{', '');
		while (!this.isOp('}')) {
			out.push(this.matcher());
			const sep = this.peek();
			if (this.isOp(',')) this.next();
			else if (!this.isOp('}'))
				fail(sep.col, `unexpected ${describe(sep)} in label matching, expected "," or "}"`);
		}
		this.next();
		return out;
	}

	selector(): Matcher[] {
		const t = this.peek();
		const out: Matcher[] = [];
		if (t.kind === 'ident') {
			this.next();
			out.push({ name: '__name__', type: '=', value: t.text });
			if (this.isOp('{')) out.push(...this.matchers());
		} else if (this.isOp('{')) {
			const ms = this.matchers();
			if (!ms.some((m) => !new RegExp(`^(?:${m.value})$`).test('') || m.type === '!='))
				fail(t.col, 'vector selector must contain at least one non-empty matcher');
			out.push(...ms);
		} else fail(t.col, `unexpected ${describe(t)}`);
		return out;
	}

	grouping(): string[] {
		this.expect('(', 'in grouping opts, expected "("');
		const labels: string[] = [];
		while (!this.isOp(')')) {
			const l = this.next();
			if (l.kind !== 'ident')
				fail(l.col, `unexpected ${describe(l)} in grouping opts, expected label`);
			labels.push(l.text);
			if (this.isOp(',')) this.next();
		}
		this.next();
		return labels;
	}

	aggregate(op: string): Expr {
		let labels: string[] = [];
		let without = false;
		const modifier = (): void => {
			const m = this.peek();
			if (m.kind === 'ident' && (m.text === 'by' || m.text === 'without')) {
				this.next();
				without = m.text === 'without';
				labels = this.grouping();
			}
		};
		modifier();
		this.expect('(', 'in aggregation, expected "("');
		const inner = this.expr();
		this.expect(')', 'in aggregation, expected ")"');
		modifier();
		return { kind: 'aggregate', op: op as 'sum', grouping: labels, without, expr: inner };
	}

	rangeCall(func: string): Expr {
		this.next();
		const ms = this.selector();
		const open = this.next();
		if (open.text !== '[')
			fail(
				open.col,
				`expected type range vector in call to function "${func}", got instant vector`
			);
		const d = this.next();
		if (d.kind !== 'duration')
			fail(d.col, `unexpected ${describe(d)} in subquery or range, expected duration`);
		this.expect(']', 'in subquery or range');
		this.expect(')', 'in call to function');
		return { kind: 'call', func: func as 'rate', matchers: ms, range: durationMs(d.text) };
	}

	expr(): Expr {
		const t = this.peek();
		const call = t.kind === 'ident' && this.ahead(1)?.text === '(';
		if (t.kind === 'ident' && AGGREGATIONS.has(t.text)) {
			this.next();
			return this.aggregate(t.text);
		}
		if (call && RANGE_FUNCTIONS.has(t.text)) {
			this.next();
			return this.rangeCall(t.text);
		}
		if (call) {
			if (OTHER_FUNCTIONS.has(t.text)) notSimulated(`the function "${t.text}"`);
			fail(t.col, `unknown function with name "${t.text}"`);
		}
		if (t.kind === 'number') notSimulated('a number literal');
		if (this.isOp('(')) notSimulated('a parenthesized expression');
		return { kind: 'selector', matchers: this.selector() };
	}
}

export function parsePromql(input: string): Expr {
	const tokens = lex(input);
	if (tokens.length === 1) fail(1, 'no expression found in input');
	const parser = new Parser(tokens);
	const e = parser.expr();
	const rest = parser.peek();
	if (rest.kind !== 'eof') {
		if (rest.kind === 'op' && rest.text === '[') notSimulated('a range vector query');
		if (rest.kind === 'op' && rest.text !== ')' && rest.text !== '}')
			notSimulated(`the operator "${rest.text}"`);
		fail(rest.col, `unexpected ${describe(rest)}`);
	}
	return e;
}
