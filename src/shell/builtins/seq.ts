/** coreutils `seq`: `seq LAST`, `seq FIRST LAST`, `seq FIRST INCREMENT LAST`; `-s SEP`, `-w`. */
import { parseOpts, usageError, has, lastValue } from './getopt.ts';
import type { Builtin } from './types.ts';

const decimals = (s: string): number => (s.includes('.') ? s.length - s.indexOf('.') - 1 : 0);

/** More lines than anyone reads in a terminal; keeps `seq 1e12` from hanging the tab. */
const MAX_LINES = 1_000_000;

export const seq: Builtin = {
	name: 'seq',
	summary: 'Print a sequence of numbers',
	kind: 'shell',
	async run(argv, io) {
		// Negative numbers are operands, not options (`seq -5 5`).
		const protectedArgv = argv.map((a) => (/^-\d/.test(a) ? `\u2212${a.slice(1)}` : a));
		const p = parseOpts(protectedArgv, {
			flags: 'w',
			withArg: 'sf',
			long: { separator: { key: 's', arg: true }, 'equal-width': { key: 'w' } }
		});
		if ('error' in p) return usageError(io, 'seq', p.error, 1);
		const ops = p.operands.map((o) => o.replace(/^\u2212/, '-'));
		if (ops.length === 0) return usageError(io, 'seq', 'missing operand', 1);
		if (ops.length > 3) return usageError(io, 'seq', `extra operand '${ops[3]}'`, 1);
		for (const o of ops) {
			if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(o))
				return usageError(io, 'seq', `invalid floating point argument: '${o}'`, 1);
		}
		const [first, step, last] =
			ops.length === 1 ? ['1', '1', ops[0]] : ops.length === 2 ? [ops[0], '1', ops[1]] : ops;
		const a = Number(first);
		const inc = Number(step);
		const b = Number(last);
		if (inc === 0) return usageError(io, 'seq', `invalid Zero increment value: '${step}'`, 1);
		const places = Math.max(decimals(first as string), decimals(step as string));
		const sep = lastValue(p, 's') ?? '\n';
		// Count first, so that -w knows its width before anything is formatted.
		let count = 0;
		let truncated = false;
		for (; ; count++) {
			const v = a + count * inc;
			if (inc > 0 ? v > b + 1e-9 : v < b - 1e-9) break;
			if (count === MAX_LINES) {
				truncated = true;
				break;
			}
		}
		// An integral sequence prints as String() does (identical to toFixed(0), and faster).
		const format =
			places === 0 && Number.isInteger(a) && Number.isInteger(inc)
				? (v: number) => String(v)
				: (v: number) => v.toFixed(places);
		// -w: the widest number is at an end (the digits grow with the magnitude).
		const digits = (v: number): number => format(v).replace('-', '').length;
		const width = has(p, 'w') && count > 0 ? Math.max(digits(a), digits(a + (count - 1) * inc)) : 0;
		const pad = (n: string): string =>
			width === 0
				? n
				: n.startsWith('-')
					? '-' + n.slice(1).padStart(width, '0')
					: n.padStart(width, '0');
		// Joined a block at a time: one array of a million strings (or one rope of them) keeps the
		// collector busy for longer than the formatting takes.
		const parts: string[] = [];
		const block: string[] = [];
		for (let i = 0; i < count; i++) {
			block.push(pad(format(a + i * inc)));
			if (block.length === 4096 || i === count - 1) {
				parts.push(block.join(sep));
				block.length = 0;
			}
		}
		if (count > 0) io.stdout(parts.join(sep) + '\n');
		if (truncated) {
			io.stderr(`seq: stopped after ${MAX_LINES} lines (this playground's output limit)\n`);
			return 1;
		}
		return 0;
	}
};
