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
		const nums: string[] = [];
		let truncated = false;
		for (let i = 0; ; i++) {
			const v = a + i * inc;
			if (inc > 0 ? v > b + 1e-9 : v < b - 1e-9) break;
			if (nums.length === MAX_LINES) {
				truncated = true;
				break;
			}
			nums.push(v.toFixed(places));
		}
		if (has(p, 'w')) {
			// A loop, not Math.max(...nums): a million arguments overflow the stack.
			let width = 0;
			for (const n of nums) width = Math.max(width, n.replace('-', '').length);
			for (let i = 0; i < nums.length; i++) {
				const n = nums[i] as string;
				nums[i] = n.startsWith('-')
					? '-' + n.slice(1).padStart(width, '0')
					: n.padStart(width, '0');
			}
		}
		if (nums.length) io.stdout(nums.join(sep) + '\n');
		if (truncated) {
			io.stderr(`seq: stopped after ${MAX_LINES} lines (this playground's output limit)\n`);
			return 1;
		}
		return 0;
	}
};
