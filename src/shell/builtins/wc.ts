/**
 * coreutils `wc`: lines, words, bytes (`-l -w -c`, default all three). Column width follows
 * wc.c's compute_number_width: 7 when reading stdin, else the digits of the total size; one
 * count alone is printed unpadded.
 */
import { parseOpts, usageError, has } from './getopt.ts';
import { readInputs } from './inputs.ts';
import type { Builtin } from './types.ts';

const bytesOf = (s: string): number => new TextEncoder().encode(s).length;

export const wc: Builtin = {
	name: 'wc',
	summary: 'Print newline, word, and byte counts',
	kind: 'shell',
	async run(argv, io, ctx) {
		const p = parseOpts(argv, {
			flags: 'lwcm',
			long: { lines: { key: 'l' }, words: { key: 'w' }, bytes: { key: 'c' }, chars: { key: 'm' } }
		});
		if ('error' in p) return usageError(io, 'wc', p.error, 1);
		let keys = ['l', 'w', 'm', 'c'].filter((k) => has(p, k));
		if (keys.length === 0) keys = ['l', 'w', 'c'];
		const { inputs, ok } = readInputs('wc', p.operands, io, ctx.vfs);
		const rows = inputs.map((input) => ({
			name: input.name === '-' ? '' : input.name,
			counts: {
				l: (input.text.match(/\n/g) ?? []).length,
				w: input.text.split(/\s+/).filter(Boolean).length,
				m: [...input.text].length,
				c: bytesOf(input.text)
			} as Record<string, number>
		}));
		if (rows.length > 1) {
			const total: Record<string, number> = { l: 0, w: 0, m: 0, c: 0 };
			for (const r of rows) for (const k of keys) total[k] = (total[k] ?? 0) + (r.counts[k] ?? 0);
			rows.push({ name: 'total', counts: total });
		}
		const fromStdin = inputs.some((i) => i.name === '-');
		const size = inputs.reduce((s, i) => s + (i.name === '-' ? 0 : bytesOf(i.text)), 0);
		let width = Math.max(String(size).length, fromStdin ? 7 : 1);
		if (keys.length === 1 && inputs.length === 1) width = 1;
		for (const r of rows) {
			const cells = keys.map((k) => String(r.counts[k]).padStart(width));
			io.stdout(cells.join(' ') + (r.name ? ` ${r.name}` : '') + '\n');
		}
		return ok ? 0 : 1;
	}
};
