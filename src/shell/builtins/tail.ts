/** coreutils `tail`: `-n N`, `-N`, `-n +N` (from line N), `-c N`; `-f` prints and returns. */
import { parseOpts, usageError, lastValue } from './getopt.ts';
import { obsoleteCount } from './head.ts';
import { readInputs, splitLines, joinLines, lastLinesStart } from './inputs.ts';
import type { Builtin } from './types.ts';

export const tail: Builtin = {
	name: 'tail',
	summary: 'Output the last part of files',
	kind: 'shell',
	async run(argv, io, ctx) {
		const args = obsoleteCount(argv, true);
		const p = parseOpts(args, {
			flags: 'qvfF',
			withArg: 'nc',
			long: {
				lines: { key: 'n', arg: true },
				bytes: { key: 'c', arg: true },
				follow: { key: 'f' }
			}
		});
		if ('error' in p) return usageError(io, 'tail', p.error, 1);
		const bytes = lastValue(p, 'c');
		const raw = bytes ?? lastValue(p, 'n') ?? '10';
		const m = /^([+-]?)(\d+)$/.exec(raw);
		if (!m) {
			io.stderr(`tail: invalid number of ${bytes !== undefined ? 'bytes' : 'lines'}: '${raw}'\n`);
			return 1;
		}
		const fromStart = m[1] === '+';
		const n = Number(m[2]);
		const { inputs, ok } = readInputs('tail', p.operands, io, ctx.vfs);
		inputs.forEach((input, i) => {
			if (inputs.length > 1)
				io.stdout(
					`${i > 0 ? '\n' : ''}==> ${input.name === '-' ? 'standard input' : input.name} <==\n`
				);
			if (bytes !== undefined) {
				io.stdout(
					fromStart ? input.text.slice(Math.max(0, n - 1)) : n === 0 ? '' : input.text.slice(-n)
				);
				return;
			}
			if (!fromStart) {
				io.stdout(input.text.slice(lastLinesStart(input.text, n)));
				return;
			}
			const all = splitLines(input.text);
			const kept = all.slice(Math.max(0, n - 1));
			const text = joinLines(kept);
			io.stdout(kept.length && !input.text.endsWith('\n') ? text.slice(0, -1) : text);
		});
		return ok ? 0 : 1;
	}
};
