/** bash's `cd [DIR]` (home is `/root`; `cd -` goes back) and `pwd`. */
import { HOME } from '../vfs-impl.ts';
import type { Builtin } from './types.ts';

export const cd: Builtin = {
	name: 'cd',
	summary: 'Change the shell working directory',
	kind: 'shell',
	async run(argv, io, ctx) {
		if (argv.length > 1) {
			io.stderr('bash: cd: too many arguments\n');
			return 1;
		}
		let target = argv[0] ?? HOME;
		if (target === '-') {
			const old = ctx.env.get('OLDPWD');
			if (old === undefined) {
				io.stderr('bash: cd: OLDPWD not set\n');
				return 1;
			}
			target = old;
			io.stdout(old + '\n');
		}
		if (!ctx.vfs.exists(target)) {
			io.stderr(`bash: cd: ${target}: No such file or directory\n`);
			return 1;
		}
		if (!ctx.vfs.isDirectory(target)) {
			io.stderr(`bash: cd: ${target}: Not a directory\n`);
			return 1;
		}
		ctx.env.set('OLDPWD', ctx.cwd);
		ctx.chdir(ctx.vfs.resolve(target));
		ctx.env.set('PWD', ctx.vfs.resolve('.'));
		return 0;
	}
};

export const pwd: Builtin = {
	name: 'pwd',
	summary: 'Print the name of the current working directory',
	kind: 'shell',
	async run(_argv, io, ctx) {
		io.stdout(ctx.cwd + '\n');
		return 0;
	}
};
