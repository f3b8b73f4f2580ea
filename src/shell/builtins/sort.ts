/**
 * coreutils `sort` in the C locale: `-r -n -u -f -b`, `-k N[,M]` fields and `-t SEP`. Lines with
 * equal keys fall back to a whole-line byte comparison, as GNU sort does without `-s`.
 */
import { parseOpts, usageError, has, type ParsedOpts } from './getopt.ts';
import { readInputs, splitLines, joinLines } from './inputs.ts';
import type { Builtin } from './types.ts';

interface Key {
	readonly from: number;
	readonly to: number | undefined;
	readonly numeric: boolean;
	readonly reverse: boolean;
}

function parseKey(spec: string, p: ParsedOpts): Key | undefined {
	const m = /^(\d+)(?:\.\d+)?([a-zA-Z]*)(?:,(\d+)(?:\.\d+)?([a-zA-Z]*))?$/.exec(spec);
	if (!m || Number(m[1]) < 1) return undefined;
	const mods = (m[2] ?? '') + (m[4] ?? '');
	return {
		from: Number(m[1]),
		to: m[3] === undefined ? undefined : Number(m[3]),
		numeric: mods.includes('n') || has(p, 'n'),
		reverse: mods.includes('r')
	};
}

function field(line: string, key: Key, sep: string | undefined): string {
	const fields = sep === undefined ? line.trim().split(/\s+/) : line.split(sep);
	return fields.slice(key.from - 1, key.to).join(sep ?? ' ');
}

const numberOf = (s: string): number => {
	const m = /^\s*(-?\d*\.?\d+)/.exec(s);
	return m ? Number(m[1]) : 0;
};

const compareBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const sort: Builtin = {
	name: 'sort',
	summary: 'Sort lines of text files',
	kind: 'shell',
	async run(argv, io, ctx) {
		const p = parseOpts(argv, {
			flags: 'rnufbsV',
			withArg: 'kt',
			long: {
				reverse: { key: 'r' },
				'numeric-sort': { key: 'n' },
				unique: { key: 'u' },
				'ignore-case': { key: 'f' },
				key: { key: 'k', arg: true },
				'field-separator': { key: 't', arg: true }
			}
		});
		if ('error' in p) return usageError(io, 'sort', p.error, 2);
		const keys: Key[] = [];
		for (const o of p.opts.filter((o) => o.key === 'k')) {
			const k = parseKey(o.value, p);
			if (!k) {
				io.stderr(`sort: invalid number at field start: invalid count at start of '${o.value}'\n`);
				return 2;
			}
			keys.push(k);
		}
		const sep = p.opts.filter((o) => o.key === 't').at(-1)?.value;
		const fold = has(p, 'f');
		const all: Key[] = keys.length
			? keys
			: [{ from: 1, to: undefined, numeric: has(p, 'n'), reverse: false }];
		const byKeys = (a: string, b: string): number => {
			for (const k of all) {
				let x = keys.length ? field(a, k, sep) : a;
				let y = keys.length ? field(b, k, sep) : b;
				if (fold) [x, y] = [x.toUpperCase(), y.toUpperCase()];
				const c = k.numeric ? numberOf(x) - numberOf(y) : compareBytes(x, y);
				if (c !== 0) return k.reverse ? -c : c;
			}
			return 0;
		};
		const { inputs, ok } = readInputs('sort', p.operands, io, ctx.vfs);
		const lines = inputs.flatMap((i) => splitLines(i.text));
		const reverse = has(p, 'r') ? -1 : 1;
		const unique = has(p, 'u');
		lines.sort((a, b) => reverse * (byKeys(a, b) || (unique ? 0 : compareBytes(a, b))));
		const out = unique
			? lines.filter((l, i) => i === 0 || byKeys(lines[i - 1] as string, l) !== 0)
			: lines;
		io.stdout(joinLines(out));
		return ok ? 0 : 2;
	}
};
