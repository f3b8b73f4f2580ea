/**
 * coreutils `rm [-f] [-r|-R] [-d] [-v] FILE...` on the shell's file system (Istio's Secure
 * Gateways task cleans up with `rm -rf ./example_certs1 ./example_certs2`), with coreutils'
 * messages (src/rm.c, src/remove.c). Prompting (`-i`, `-I`, `--interactive`) is refused.
 */
import { has, parseOpts, usageError } from './getopt.ts';
import type { ShellContext } from './types.ts';
import type { Builtin } from './types.ts';
import type { CommandIO } from '../command.ts';

/** Removes `path` (a file, or with `recursive` a tree); the error line otherwise. */
function removeOne(
	ctx: ShellContext,
	path: string,
	o: { recursive: boolean; emptyDirs: boolean; force: boolean },
	io: CommandIO,
	verbose: boolean
): boolean {
	const base = path.replace(/\/+$/, '').split('/').pop();
	if (base === '.' || base === '..') {
		io.stderr(`rm: refusing to remove '.' or '..' directory: skipping '${path}'\n`);
		return false;
	}
	if (ctx.vfs.resolve(path) === '/' && o.recursive) {
		io.stderr(
			"rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n"
		);
		return false;
	}
	if (!ctx.vfs.exists(path)) {
		if (o.force) return true;
		io.stderr(`rm: cannot remove '${path}': No such file or directory\n`);
		return false;
	}
	if (!ctx.vfs.isDirectory(path)) {
		ctx.vfs.remove(path);
		if (verbose) io.stdout(`removed '${path}'\n`);
		return true;
	}
	const entries = ctx.vfs.list(path) ?? [];
	if (!o.recursive && !(o.emptyDirs && entries.length === 0)) {
		io.stderr(
			`rm: cannot remove '${path}': ${o.emptyDirs ? 'Directory not empty' : 'Is a directory'}\n`
		);
		return false;
	}
	if (verbose)
		for (const e of entries) removeOne(ctx, `${path.replace(/\/+$/, '')}/${e}`, o, io, true);
	ctx.vfs.removeTree(path);
	if (verbose) io.stdout(`removed directory '${path}'\n`);
	return true;
}

export const rm: Builtin = {
	name: 'rm',
	summary: 'Remove files or directories',
	kind: 'file',
	async run(argv, io, ctx) {
		const p = parseOpts(argv, {
			flags: 'frRdviI',
			long: {
				force: { key: 'f' },
				recursive: { key: 'r' },
				dir: { key: 'd' },
				verbose: { key: 'v' },
				interactive: { key: 'i', arg: false }
			}
		});
		if ('error' in p) return usageError(io, 'rm', p.error, 1);
		if (has(p, 'i') || has(p, 'I')) {
			io.stderr('rm: prompting (-i, -I, --interactive) is not simulated in this playground\n');
			return 1;
		}
		const force = has(p, 'f');
		if (p.operands.length === 0) {
			if (force) return 0;
			return usageError(io, 'rm', 'missing operand', 1);
		}
		const o = { recursive: has(p, 'r') || has(p, 'R'), emptyDirs: has(p, 'd'), force };
		let status = 0;
		for (const path of p.operands) if (!removeOne(ctx, path, o, io, has(p, 'v'))) status = 1;
		return status;
	}
};
