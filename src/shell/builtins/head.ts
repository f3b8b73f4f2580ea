/** coreutils `head`: `-n N`, `-N`, `-n -N` (all but the last N), `-c N`; headers for several files. */
import { parseOpts, usageError, lastValue } from './getopt.ts';
import { readInputs, splitLines, joinLines } from './inputs.ts';
import type { Builtin } from './types.ts';

/** `-5` is the obsolete form of `-n 5` (head, tail), and `+5` of `-n +5` (tail). */
export function obsoleteCount(argv: readonly string[], plus = false): string[] {
	return argv.map((a, i) => {
		if (['-n', '-c', '--lines', '--bytes'].includes(argv[i - 1] ?? '')) return a;
		if (/^-\d+$/.test(a)) return `-n${a.slice(1)}`;
		return plus && /^\+\d+$/.test(a) ? `-n${a}` : a;
	});
}

export const head: Builtin = {
	name: 'head',
	summary: 'Output the first part of files',
	kind: 'shell',
	async run(argv, io, ctx) {
		const p = parseOpts(obsoleteCount(argv), {
			flags: 'qv',
			withArg: 'nc',
			long: { lines: { key: 'n', arg: true }, bytes: { key: 'c', arg: true } }
		});
		if ('error' in p) return usageError(io, 'head', p.error, 1);
		const lines = lastValue(p, 'n');
		const bytes = lastValue(p, 'c');
		const raw = bytes ?? lines ?? '10';
		if (!/^-?\d+$/.test(raw)) {
			io.stderr(`head: invalid number of ${bytes !== undefined ? 'bytes' : 'lines'}: '${raw}'\n`);
			return 1;
		}
		const n = Number(raw);
		const { inputs, ok } = readInputs('head', p.operands, io, ctx.vfs);
		inputs.forEach((input, i) => {
			if (inputs.length > 1)
				io.stdout(
					`${i > 0 ? '\n' : ''}==> ${input.name === '-' ? 'standard input' : input.name} <==\n`
				);
			if (bytes !== undefined) {
				io.stdout(n < 0 ? input.text.slice(0, n) : input.text.slice(0, n));
				return;
			}
			const all = splitLines(input.text);
			const kept = n < 0 ? all.slice(0, Math.max(0, all.length + n)) : all.slice(0, n);
			const text = joinLines(kept);
			// A last line without newline stays without one, as head copies bytes.
			io.stdout(
				kept.length === all.length && !input.text.endsWith('\n') ? text.slice(0, -1) : text
			);
		});
		return ok ? 0 : 1;
	}
};
