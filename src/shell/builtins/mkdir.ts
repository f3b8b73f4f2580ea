/** coreutils `mkdir [-p] DIRECTORY...`, on the shell's file system (docs pages make cert folders). */
import { has, parseOpts, usageError } from './getopt.ts';
import type { Builtin } from './types.ts';

export const mkdir: Builtin = {
	name: 'mkdir',
	summary: 'Make directories',
	kind: 'file',
	async run(argv, io, ctx) {
		const p = parseOpts(argv, {
			flags: 'pv',
			long: { parents: { key: 'p' }, verbose: { key: 'v' } }
		});
		if ('error' in p) return usageError(io, 'mkdir', p.error, 1);
		if (p.operands.length === 0) return usageError(io, 'mkdir', 'missing operand', 1);
		const parents = has(p, 'p');
		let status = 0;
		for (const dir of p.operands) {
			const abs = ctx.vfs.resolve(dir);
			const parent = abs.slice(0, abs.lastIndexOf('/')) || '/';
			const exists = ctx.vfs.exists(dir);
			if (exists && (!parents || !ctx.vfs.isDirectory(dir))) {
				io.stderr(`mkdir: cannot create directory '${dir}': File exists\n`);
				status = 1;
				continue;
			}
			if (!parents && !ctx.vfs.isDirectory(parent)) {
				io.stderr(`mkdir: cannot create directory '${dir}': No such file or directory\n`);
				status = 1;
				continue;
			}
			if (!exists) {
				ctx.vfs.mkdir(dir);
				if (has(p, 'v')) io.stdout(`mkdir: created directory '${dir}'\n`);
			}
		}
		return status;
	}
};
