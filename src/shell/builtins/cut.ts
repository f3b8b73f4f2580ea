/**
 * coreutils `cut`: `-f LIST` with `-d DELIM` (tab by default; `-s` drops lines without it,
 * otherwise they pass whole), `-c`/`-b LIST` by character, `--complement`,
 * `--output-delimiter`. LIST is `N`, `N-M`, `N-`, `-M`, comma-separated. Error texts are
 * coreutils 9's.
 */
import { has, lastValue, parseOpts, usageError } from './getopt.ts';
import { readInputs, splitLines } from './inputs.ts';
import type { Builtin } from './types.ts';

type Range = readonly [number, number];

/** The ranges a LIST names (1-based, inclusive), or coreutils' complaint. */
export function parseList(list: string, unit: 'fields' | 'positions'): Range[] | string {
	const out: Range[] = [];
	for (const part of list.split(',')) {
		const m = /^(\d*)(-?)(\d*)$/.exec(part);
		if (!m || part === '' || part === '-')
			return `invalid ${unit === 'fields' ? 'field' : 'byte/character'} range`;
		const [, a = '', dash, b = ''] = m;
		const lo = a === '' ? 1 : Number(a);
		const hi = dash ? (b === '' ? Infinity : Number(b)) : lo;
		if (lo === 0 || hi === 0) return `${unit} are numbered from 1`;
		if (hi < lo) return 'invalid decreasing range';
		out.push([lo, hi]);
	}
	return out;
}

const selected = (ranges: readonly Range[], i: number, complement: boolean): boolean =>
	ranges.some(([lo, hi]) => i >= lo && i <= hi) !== complement;

export const cut: Builtin = {
	name: 'cut',
	summary: 'Remove sections from each line of files',
	kind: 'shell',
	async run(argv, io, ctx) {
		const p = parseOpts(argv, {
			flags: 'sn',
			withArg: 'bcdf',
			long: {
				bytes: { key: 'b', arg: true },
				characters: { key: 'c', arg: true },
				delimiter: { key: 'd', arg: true },
				fields: { key: 'f', arg: true },
				'only-delimited': { key: 's' },
				complement: { key: 'complement' },
				'output-delimiter': { key: 'output-delimiter', arg: true }
			}
		});
		if ('error' in p) return usageError(io, 'cut', p.error, 1);
		const lists = (['b', 'c', 'f'] as const).filter((k) => has(p, k));
		if (lists.length === 0)
			return usageError(io, 'cut', 'you must specify a list of bytes, characters, or fields', 1);
		if (lists.length > 1) return usageError(io, 'cut', 'only one list may be specified', 1);
		const kind = lists[0]!;
		const fields = kind === 'f';
		const delim = lastValue(p, 'd');
		if (delim !== undefined && !fields)
			return usageError(
				io,
				'cut',
				'an input delimiter may be specified only when operating on fields',
				1
			);
		if (has(p, 's') && !fields)
			return usageError(
				io,
				'cut',
				'suppressing non-delimited lines makes sense\n\tonly when operating on fields',
				1
			);
		if (delim !== undefined && [...delim].length !== 1)
			return usageError(io, 'cut', 'the delimiter must be a single character', 1);
		const ranges = parseList(lastValue(p, kind) ?? '', fields ? 'fields' : 'positions');
		if (typeof ranges === 'string') return usageError(io, 'cut', ranges, 1);
		const complement = has(p, 'complement');
		const sep = delim ?? '\t';
		const outSep = lastValue(p, 'output-delimiter') ?? (fields ? sep : '');
		const { inputs, ok } = readInputs('cut', p.operands, io, ctx.vfs);
		let out = '';
		for (const input of inputs)
			for (const line of splitLines(input.text)) {
				if (!fields) {
					const chars = [...line];
					out += chars.filter((_, i) => selected(ranges, i + 1, complement)).join('') + '\n';
					continue;
				}
				if (!line.includes(sep)) {
					if (!has(p, 's')) out += line + '\n';
					continue;
				}
				const parts = line.split(sep);
				out += parts.filter((_, i) => selected(ranges, i + 1, complement)).join(outSep) + '\n';
			}
		io.stdout(out);
		return ok ? 0 : 1;
	}
};
