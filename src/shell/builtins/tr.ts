/** coreutils `tr SET1 [SET2]`: translate, `-d` delete, `-s` squeeze; ranges, escapes and `[:class:]`. */
import { parseOpts, usageError, has } from './getopt.ts';
import type { Builtin } from './types.ts';

const CLASSES: Record<string, string> = {
	lower: 'abcdefghijklmnopqrstuvwxyz',
	upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
	digit: '0123456789',
	space: ' \t\n\r\f\v',
	blank: ' \t'
};
CLASSES.alpha = (CLASSES.lower as string) + CLASSES.upper;
CLASSES.alnum = (CLASSES.alpha as string) + CLASSES.digit;

const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\' };

function expandSet(set: string): string[] | string {
	const chars: string[] = [];
	for (let i = 0; i < set.length; i++) {
		const cls = /^\[:(\w+):\]/.exec(set.slice(i));
		if (cls) {
			const members = CLASSES[cls[1] as string];
			if (members === undefined) return `invalid character class '${cls[1]}'`;
			chars.push(...members);
			i += cls[0].length - 1;
			continue;
		}
		let c = set[i] as string;
		if (c === '\\' && i + 1 < set.length) c = ESC[set[++i] as string] ?? (set[i] as string);
		if (set[i + 1] === '-' && i + 2 < set.length) {
			const end = set[i + 2] as string;
			if (end < c)
				return `range-endpoints of '${c}-${end}' are in reverse collating sequence order`;
			for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code++)
				chars.push(String.fromCharCode(code));
			i += 2;
			continue;
		}
		chars.push(c);
	}
	return chars;
}

export const tr: Builtin = {
	name: 'tr',
	summary: 'Translate or delete characters',
	kind: 'shell',
	async run(argv, io) {
		const p = parseOpts(argv, { flags: 'dsc' });
		if ('error' in p) return usageError(io, 'tr', p.error, 1);
		const del = has(p, 'd');
		const squeeze = has(p, 's');
		const [s1, s2, extra] = p.operands;
		if (s1 === undefined) return usageError(io, 'tr', 'missing operand', 1);
		if (s2 === undefined && !del && !squeeze)
			return usageError(io, 'tr', `missing operand after '${s1}'`, 1);
		if (extra !== undefined || (del && !squeeze && s2 !== undefined))
			return usageError(io, 'tr', `extra operand '${extra ?? s2}'`, 1);
		const a = expandSet(s1);
		const b = s2 === undefined ? [] : expandSet(s2);
		if (typeof a === 'string') return usageError(io, 'tr', a, 1);
		if (typeof b === 'string') return usageError(io, 'tr', b, 1);
		const map = new Map<string, string>();
		if (!del) a.forEach((c, i) => map.set(c, b[Math.min(i, b.length - 1)] ?? c));
		const squeezeSet = new Set(del || s2 === undefined ? (del ? b : a) : b);
		const deleteSet = new Set(del ? a : []);
		let out = '';
		for (const c of io.stdin) {
			if (deleteSet.has(c)) continue;
			const t = map.get(c) ?? c;
			if (squeeze && squeezeSet.has(t) && out.endsWith(t)) continue;
			out += t;
		}
		io.stdout(out);
		return 0;
	}
};
