/**
 * `$(( … ))`: integer arithmetic with bash's operators and precedence (no assignment operators).
 * Names are looked up as variables; an empty or unset one is 0, as in bash. Values are bash's
 * `intmax_t`: 64-bit two's complement, so `2**63` wraps negative and `2**64` is 0.
 */

export type ArithResult = { value: bigint } | { error: string };

/** Wraps to a signed 64-bit integer, as C arithmetic on intmax_t does. */
const wrap = (n: bigint): bigint => BigInt.asIntN(64, n);
const bool = (b: boolean): bigint => (b ? 1n : 0n);

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

/** Nested parentheses, unary operators and `**` exponents allowed before the recursion error. */
const MAX_RECURSION = 256;

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
	let depth = 0;
	// bash stops at MAX_EXPR_RECURSION_LEVEL (1024); each level here is a dozen JavaScript frames.
	const deeper = (f: () => bigint): bigint => {
		if (++depth > MAX_RECURSION)
			throw new ArithFailure(
				`${expr.trim()}: expression recursion level exceeded (error token is "${toks.slice(i).join(' ')}")`
			);
		try {
			return f();
		} finally {
			depth--;
		}
	};
	const primary = (): bigint => deeper(operand);
	const operand = (): bigint => {
		const t = toks[i++];
		if (t === undefined) return fail();
		if (t === '(') {
			const v = binary(0);
			if (toks[i++] !== ')') fail();
			return v;
		}
		if (t === '-') return wrap(-primary());
		if (t === '+') return primary();
		if (t === '!') return bool(primary() === 0n);
		if (t === '~') return wrap(~primary());
		if (/^\d+$/.test(t)) return wrap(BigInt(t));
		if (/^[A-Za-z_]/.test(t)) {
			const v = (lookup(t) ?? '').trim();
			// bash would evaluate the value as an expression; numbers are all we need.
			return /^[-+]?\d+$/.test(v) ? wrap(BigInt(v)) : 0n;
		}
		i--;
		return fail();
	};
	const power = (): bigint => {
		const base = primary();
		if (peek() === '**') {
			i++;
			const exponent = deeper(power);
			if (exponent < 0n) throw new ArithFailure(`${expr.trim()}: exponent less than 0`);
			return pow(base, exponent);
		}
		return base;
	};
	const apply = (op: string, a: bigint, b: bigint): bigint => {
		switch (op) {
			case '||':
				return bool(a !== 0n || b !== 0n);
			case '&&':
				return bool(a !== 0n && b !== 0n);
			case '|':
				return a | b;
			case '^':
				return a ^ b;
			case '&':
				return a & b;
			case '==':
				return bool(a === b);
			case '!=':
				return bool(a !== b);
			case '<=':
				return bool(a <= b);
			case '>=':
				return bool(a >= b);
			case '<':
				return bool(a < b);
			case '>':
				return bool(a > b);
			case '<<':
				return wrap(a << (b & 63n));
			case '>>':
				return a >> (b & 63n);
			case '+':
				return wrap(a + b);
			case '-':
				return wrap(a - b);
			case '*':
				return wrap(a * b);
			default:
				if (b === 0n)
					throw new ArithFailure(`${expr.trim()}: division by 0 (error token is "${b}")`);
				// BigInt division truncates toward zero, as C does.
				return wrap(op === '/' ? a / b : a % b);
		}
	};
	const binary = (level: number): bigint => {
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
		if (toks.length === 0) return { value: 0n };
		const value = binary(0);
		if (i < toks.length) fail();
		return { value };
	} catch (e) {
		if (e instanceof ArithFailure) return { error: e.message };
		throw e;
	}
}

/** Square-and-multiply, wrapping at every step, so `2**1000000` costs 20 multiplications. */
function pow(base: bigint, exponent: bigint): bigint {
	let result = 1n;
	let b = base;
	let e = exponent;
	while (e > 0n) {
		if (e & 1n) result = wrap(result * b);
		b = wrap(b * b);
		e >>= 1n;
	}
	return result;
}
