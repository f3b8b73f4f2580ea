/**
 * `$(( … ))`: integer arithmetic with bash's operators and precedence (no assignment operators).
 * Names are looked up as variables; an empty or unset one is 0, as in bash.
 */

export type ArithResult = { value: number } | { error: string };

const BINARY: readonly (readonly string[])[] = [
	['||'],
	['&&'],
	['|'],
	['^'],
	['&'],
	['==', '!='],
	['<=', '>=', '<', '>'],
	['<<', '>>'],
	['+', '-'],
	['*', '/', '%']
];

class ArithFailure {
	constructor(readonly message: string) {}
}

export function evaluateArithmetic(
	expr: string,
	lookup: (name: string) => string | undefined
): ArithResult {
	const tokens = expr.match(
		/\s*(\d+|[A-Za-z_]\w*|\*\*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%()<>!~&|^])\s*/gy
	);
	const joined = (tokens ?? []).join('');
	if (joined.length !== expr.length) {
		const rest = expr.slice(joined.length).trim();
		return {
			error: `${expr}: syntax error: invalid arithmetic operator (error token is "${rest}")`
		};
	}
	const toks = (tokens ?? []).map((t) => t.trim());
	let i = 0;
	const peek = (): string | undefined => toks[i];
	const fail = (): never => {
		throw new ArithFailure(
			`${expr.trim()}: syntax error: operand expected (error token is "${toks.slice(i).join(' ')}")`
		);
	};
	const primary = (): number => {
		const t = toks[i++];
		if (t === undefined) return fail();
		if (t === '(') {
			const v = binary(0);
			if (toks[i++] !== ')') fail();
			return v;
		}
		if (t === '-') return -primary();
		if (t === '+') return primary();
		if (t === '!') return primary() === 0 ? 1 : 0;
		if (t === '~') return ~primary();
		if (/^\d+$/.test(t)) return Number(t);
		if (/^[A-Za-z_]/.test(t)) {
			const v = (lookup(t) ?? '').trim();
			// bash would evaluate the value as an expression; numbers are all we need.
			return /^[-+]?\d+$/.test(v) ? Number(v) : 0;
		}
		i--;
		return fail();
	};
	const power = (): number => {
		const base = primary();
		if (peek() === '**') {
			i++;
			return Math.trunc(base ** power());
		}
		return base;
	};
	const apply = (op: string, a: number, b: number): number => {
		switch (op) {
			case '||':
				return a || b ? 1 : 0;
			case '&&':
				return a && b ? 1 : 0;
			case '|':
				return a | b;
			case '^':
				return a ^ b;
			case '&':
				return a & b;
			case '==':
				return a === b ? 1 : 0;
			case '!=':
				return a !== b ? 1 : 0;
			case '<=':
				return a <= b ? 1 : 0;
			case '>=':
				return a >= b ? 1 : 0;
			case '<':
				return a < b ? 1 : 0;
			case '>':
				return a > b ? 1 : 0;
			case '<<':
				return a << b;
			case '>>':
				return a >> b;
			case '+':
				return a + b;
			case '-':
				return a - b;
			case '*':
				return a * b;
			default:
				if (b === 0)
					throw new ArithFailure(`${expr.trim()}: division by 0 (error token is "${b}")`);
				return op === '/' ? Math.trunc(a / b) : a % b;
		}
	};
	const binary = (level: number): number => {
		if (level >= BINARY.length) return power();
		let left = binary(level + 1);
		for (;;) {
			const op = peek();
			if (op === undefined || !(BINARY[level] as readonly string[]).includes(op)) return left;
			i++;
			left = apply(op, left, binary(level + 1));
		}
	};
	try {
		if (toks.length === 0) return { value: 0 };
		const value = binary(0);
		if (i < toks.length) fail();
		return { value };
	} catch (e) {
		if (e instanceof ArithFailure) return { error: e.message };
		throw e;
	}
}
