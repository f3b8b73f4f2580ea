/**
 * A small `awk`: the one-action programs docs pipelines use to pick fields,
 * `awk [-F SEP] '{print $N[, $M …]}' [FILE…]` (`$0`, `$NF`, `NF` and string literals too).
 * Fields split as POSIX awk splits them: by runs of blanks with leading and trailing blanks
 * ignored when FS is the default, else at each occurrence of a one-character FS (a longer FS is
 * a regular expression). `print`'s items are joined by OFS, a space. Any other program is
 * refused with a note rather than misread.
 */
import { readInputs, splitLines } from './inputs.ts';
import type { Builtin } from './types.ts';

type Item = { readonly field: number | 'NF' } | { readonly nf: true } | { readonly text: string };

/** `{print …}` → its items, or undefined for a program this awk does not run. */
export function parsePrint(program: string): Item[] | undefined {
	const m = /^\s*\{\s*print(?:\s+(.*?))?\s*;?\s*\}\s*$/s.exec(program);
	if (!m) return undefined;
	const list = m[1] ?? '$0';
	const items: Item[] = [];
	for (const raw of list.split(',')) {
		const t = raw.trim();
		const field = /^\$(\d+)$/.exec(t);
		if (field) items.push({ field: Number(field[1]) });
		else if (t === '$NF') items.push({ field: 'NF' });
		else if (t === 'NF') items.push({ nf: true });
		else if (/^"[^"\\]*"$/.test(t)) items.push({ text: t.slice(1, -1) });
		else return undefined;
	}
	return items;
}

/** The fields of a record under FS (1-based in the result's use; index 0 is `$1`). */
export function splitFields(record: string, fs: string): string[] {
	if (fs === ' ') return record.split(/[ \t\n]+/).filter((f) => f !== '');
	if (record === '') return [];
	if ([...fs].length === 1) return record.split(fs);
	return record.split(new RegExp(fs));
}

export const awk: Builtin = {
	name: 'awk',
	summary: 'Pattern scanning and processing (field printing only)',
	kind: 'shell',
	async run(argv, io, ctx) {
		const args = [...argv];
		let fs = ' ';
		while (args[0]?.startsWith('-F')) {
			const a = args.shift() ?? '';
			const v = a === '-F' ? args.shift() : a.slice(2);
			if (v === undefined) {
				io.stderr("awk: option requires an argument -- 'F'\n");
				return 2;
			}
			fs = v === 't' ? '\t' : v;
		}
		const program = args.shift();
		if (program === undefined) {
			io.stderr('usage: awk [-F fs] program [file ...]\n');
			return 2;
		}
		const items = parsePrint(program);
		if (!items) {
			io.stderr(`awk: this playground's awk runs only '{print $N, …}' programs; not: ${program}\n`);
			return 2;
		}
		const { inputs, ok } = readInputs('awk', args, io, ctx.vfs);
		let out = '';
		for (const input of inputs)
			for (const line of splitLines(input.text)) {
				const fields = splitFields(line, fs);
				const value = (it: Item): string => {
					if ('text' in it) return it.text;
					if ('nf' in it) return String(fields.length);
					const n = it.field === 'NF' ? fields.length : it.field;
					return n === 0 ? line : (fields[n - 1] ?? '');
				};
				out += items.map(value).join(' ') + '\n';
			}
		io.stdout(out);
		return ok ? 0 : 2;
	}
};
