/** coreutils `uniq`: adjacent duplicates; `-c` counts as `%7d `, `-d` repeated only, `-u` unique only, `-i`. */
import { parseOpts, usageError, has } from './getopt.ts';
import { readInputs, splitLines } from './inputs.ts';
import type { Builtin } from './types.ts';

export const uniq: Builtin = {
	name: 'uniq',
	summary: 'Report or omit repeated lines',
	kind: 'shell',
	async run(argv, io, ctx) {
		const p = parseOpts(argv, {
			flags: 'cdui',
			long: {
				count: { key: 'c' },
				repeated: { key: 'd' },
				unique: { key: 'u' },
				'ignore-case': { key: 'i' }
			}
		});
		if ('error' in p) return usageError(io, 'uniq', p.error, 1);
		if (p.operands.length > 2) return usageError(io, 'uniq', `extra operand '${p.operands[2]}'`, 1);
		const { inputs, ok } = readInputs('uniq', p.operands.slice(0, 1), io, ctx.vfs);
		if (!ok) return 1;
		const same = (a: string, b: string): boolean =>
			has(p, 'i') ? a.toLowerCase() === b.toLowerCase() : a === b;
		const groups: { line: string; count: number }[] = [];
		for (const line of splitLines(inputs[0]?.text ?? '')) {
			const last = groups.at(-1);
			if (last && same(last.line, line)) last.count++;
			else groups.push({ line, count: 1 });
		}
		let out = '';
		for (const g of groups) {
			if (has(p, 'd') && g.count < 2) continue;
			if (has(p, 'u') && g.count > 1) continue;
			out += (has(p, 'c') ? `${String(g.count).padStart(7)} ` : '') + g.line + '\n';
		}
		const target = p.operands[1];
		if (target !== undefined) ctx.vfs.write(target, out);
		else io.stdout(out);
		return 0;
	}
};
