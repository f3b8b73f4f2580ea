/** coreutils `cat`: files and stdin (`-`) in order; `-n` numbers lines. */
import { parseOpts, usageError, has } from './getopt.ts';
import { readInputs, splitLines } from './inputs.ts';
import type { Builtin } from './types.ts';

export const cat: Builtin = {
	name: 'cat',
	summary: 'Concatenate files and print on the standard output',
	kind: 'file',
	async run(argv, io, ctx) {
		const p = parseOpts(argv, { flags: 'nAbesTuv', long: { number: { key: 'n' } } });
		if ('error' in p) return usageError(io, 'cat', p.error, 1);
		const { inputs, ok } = readInputs('cat', p.operands, io, ctx.vfs);
		let n = 0;
		for (const input of inputs) {
			if (!has(p, 'n')) {
				io.stdout(input.text);
				continue;
			}
			const lines = splitLines(input.text);
			const last = input.text.endsWith('\n') ? '\n' : '';
			const numbered = lines.map((l) => `${String(++n).padStart(6)}\t${l}`);
			io.stdout(numbered.join('\n') + (numbered.length ? last : ''));
		}
		return ok ? 0 : 1;
	}
};
