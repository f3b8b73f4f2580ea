/**
 * `test EXPR` and `[ EXPR ]`: strings (`-z -n = !=`), integers (`-eq -ne -lt -le -gt -ge`), files
 * (`-e -f -d -s`), `!`, and `-a`/`-o`. Status 0 true, 1 false, 2 on a usage error.
 */
import type { Vfs } from '../vfs.ts';
import type { Builtin } from './types.ts';

class TestError {
	constructor(readonly message: string) {}
}

function evaluate(args: string[], vfs: Vfs): boolean {
	const orParts = split(args, '-o');
	if (orParts.length > 1) return orParts.some((p) => evaluate(p, vfs));
	const andParts = split(args, '-a');
	if (andParts.length > 1) return andParts.every((p) => evaluate(p, vfs));
	if (args[0] === '!' && args.length > 1) return !evaluate(args.slice(1), vfs);
	if (args[0] === '(' && args.at(-1) === ')') return evaluate(args.slice(1, -1), vfs);
	if (args.length === 0) return false;
	if (args.length === 1) return (args[0] as string) !== '';
	const [a, op, b] = args as [string, string, string | undefined];
	if (args.length === 2) {
		switch (a) {
			case '-z':
				return op === '';
			case '-n':
				return op !== '';
			case '-e':
				return vfs.exists(op);
			case '-f':
				return vfs.exists(op) && !vfs.isDirectory(op);
			case '-d':
				return vfs.isDirectory(op);
			case '-s':
				return (vfs.read(op) ?? '') !== '';
		}
		throw new TestError(`${a}: unary operator expected`);
	}
	if (args.length > 3) throw new TestError('too many arguments');
	const rhs = b as string;
	switch (op) {
		case '=':
		case '==':
			return a === rhs;
		case '!=':
			return a !== rhs;
		case '<':
			return a < rhs;
		case '>':
			return a > rhs;
	}
	const INT = { '-eq': 0, '-ne': 0, '-lt': 0, '-le': 0, '-gt': 0, '-ge': 0 };
	if (!(op in INT)) throw new TestError(`${op}: binary operator expected`);
	for (const v of [a, rhs])
		if (!/^\s*-?\d+\s*$/.test(v)) throw new TestError(`${v}: integer expression expected`);
	const x = Number(a);
	const y = Number(rhs);
	return op === '-eq'
		? x === y
		: op === '-ne'
			? x !== y
			: op === '-lt'
				? x < y
				: op === '-le'
					? x <= y
					: op === '-gt'
						? x > y
						: x >= y;
}

function split(args: string[], op: string): string[][] {
	const parts: string[][] = [[]];
	for (const a of args) {
		if (a === op) parts.push([]);
		else parts[parts.length - 1]?.push(a);
	}
	return parts;
}

function make(name: 'test' | '['): Builtin {
	return {
		name,
		summary: 'Evaluate a conditional expression',
		kind: 'shell',
		async run(argv, io, ctx) {
			let args = [...argv];
			if (name === '[') {
				if (args.at(-1) !== ']') {
					io.stderr("bash: [: missing `]'\n");
					return 2;
				}
				args = args.slice(0, -1);
			}
			try {
				return evaluate(args, ctx.vfs) ? 0 : 1;
			} catch (e) {
				if (!(e instanceof TestError)) throw e;
				io.stderr(`bash: ${name}: ${e.message}\n`);
				return 2;
			}
		}
	};
}

export const test = make('test');
export const bracketTest = make('[');
