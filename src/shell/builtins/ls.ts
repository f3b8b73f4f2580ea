/**
 * coreutils `ls`: one name per line into a pipe (or with `-1`), columns on the terminal, `-l`
 * long format with a fixed date (the playground has no wall clock in its file tree).
 */
import type { Vfs } from '../vfs.ts';
import { parseOpts, usageError, has } from './getopt.ts';
import type { Builtin } from './types.ts';

const WIDTH = 80;

function columns(names: readonly string[]): string {
	if (names.length === 0) return '';
	for (let cols = names.length; cols > 1; cols--) {
		const rows = Math.ceil(names.length / cols);
		const widths: number[] = [];
		for (let c = 0; c * rows < names.length; c++) {
			const col = names.slice(c * rows, (c + 1) * rows);
			widths.push(Math.max(...col.map((n) => n.length)) + 2);
		}
		if (widths.reduce((a, b) => a + b, 0) - 2 > WIDTH) continue;
		let out = '';
		for (let r = 0; r < rows; r++) {
			const cells: string[] = [];
			for (let c = 0; c < widths.length; c++) {
				const name = names[c * rows + r];
				if (name !== undefined) cells.push(name.padEnd(widths[c] as number));
			}
			out += cells.join('').trimEnd() + '\n';
		}
		return out;
	}
	return names.map((n) => n + '\n').join('');
}

function longLines(
	vfs: Vfs,
	dir: string,
	names: readonly string[]
): { lines: string[]; blocks: number } {
	const rows = names.map((name) => {
		const path = dir ? `${dir}/${name}` : name;
		const isDir = vfs.isDirectory(path);
		const size = isDir ? 4096 : new TextEncoder().encode(vfs.read(path) ?? '').length;
		return { name, isDir, size };
	});
	const width = Math.max(1, ...rows.map((r) => String(r.size).length));
	const blocks = rows.reduce((sum, r) => sum + Math.ceil(r.size / 4096) * 4, 0);
	const lines = rows.map(
		(r) =>
			`${r.isDir ? 'drwxr-xr-x' : '-rw-r--r--'} ${r.isDir ? 2 : 1} root root ${String(r.size).padStart(width)} Jan  1 00:00 ${r.name}`
	);
	return { lines, blocks };
}

export const ls: Builtin = {
	name: 'ls',
	summary: 'List directory contents',
	kind: 'file',
	async run(argv, io, ctx) {
		const p = parseOpts(argv, { flags: 'l1aAhFR', long: { all: { key: 'a' } } });
		if ('error' in p) return usageError(io, 'ls', p.error, 2);
		const long = has(p, 'l');
		const all = has(p, 'a');
		const format = (dir: string, names: string[]): string => {
			const shown = all ? ['.', '..', ...names] : names.filter((n) => !n.startsWith('.'));
			if (long) {
				const { lines, blocks } = longLines(ctx.vfs, dir, shown);
				return (dir ? `total ${blocks}\n` : '') + lines.map((l) => l + '\n').join('');
			}
			if (has(p, '1') || !ctx.stdoutIsTerminal) return shown.map((n) => n + '\n').join('');
			return columns(shown);
		};
		const operands = p.operands.length ? p.operands : ['.'];
		let status = 0;
		const files: string[] = [];
		const dirs: string[] = [];
		for (const op of operands) {
			if (!ctx.vfs.exists(op)) {
				io.stderr(`ls: cannot access '${op}': No such file or directory\n`);
				status = 2;
			} else if (ctx.vfs.isDirectory(op)) dirs.push(op);
			else files.push(op);
		}
		const parts: string[] = [];
		if (files.length) parts.push(format('', files));
		for (const dir of dirs) {
			const body = format(dir, ctx.vfs.list(dir) ?? []);
			parts.push(operands.length > 1 ? `${dir}:\n${body}` : body);
		}
		io.stdout(parts.join('\n'));
		return status;
	}
};
