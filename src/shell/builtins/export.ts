/** bash's `export [-n] [-p] [NAME[=VALUE]]...` and `unset NAME...`. */
import type { Builtin } from './types.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `declare -x` quoting: backslash, `"`, `$` and backtick escaped inside double quotes. */
const quote = (v: string): string => `"${v.replace(/[\\"$`]/g, '\\$&')}"`;

export const exportCmd: Builtin = {
	name: 'export',
	summary: 'Set export attribute for shell variables',
	kind: 'shell',
	async run(argv, io, ctx) {
		let unexport = false;
		let i = 0;
		for (; i < argv.length && /^-[np]+$/.test(argv[i] as string); i++) {
			if ((argv[i] as string).includes('n')) unexport = true;
		}
		const bad = argv[i]?.startsWith('-') && argv[i] !== '--' ? argv[i] : undefined;
		if (bad) {
			io.stderr(
				`bash: export: ${bad.slice(0, 2)}: invalid option\nexport: usage: export [-fn] [name[=value] ...] or export -p\n`
			);
			return 2;
		}
		const names = argv.slice(argv[i] === '--' ? i + 1 : i);
		if (names.length === 0) {
			for (const name of [...ctx.exported].sort()) {
				const v = ctx.env.get(name);
				io.stdout(`declare -x ${name}${v === undefined ? '' : '=' + quote(v)}\n`);
			}
			return 0;
		}
		let status = 0;
		for (const arg of names) {
			const eq = arg.indexOf('=');
			const name = eq < 0 ? arg : arg.slice(0, eq);
			if (!NAME.test(name)) {
				io.stderr(`bash: export: \`${arg}': not a valid identifier\n`);
				status = 1;
				continue;
			}
			if (eq >= 0) ctx.env.set(name, arg.slice(eq + 1));
			if (unexport) ctx.exported.delete(name);
			else ctx.exported.add(name);
		}
		return status;
	}
};

export const unset: Builtin = {
	name: 'unset',
	summary: 'Unset values and attributes of shell variables',
	kind: 'shell',
	async run(argv, io, ctx) {
		let status = 0;
		for (const name of argv.filter((a) => a !== '-v' && a !== '-f')) {
			if (!NAME.test(name)) {
				io.stderr(`bash: unset: \`${name}': not a valid identifier\n`);
				status = 1;
				continue;
			}
			ctx.env.delete(name);
			ctx.exported.delete(name);
		}
		return status;
	}
};

export const env: Builtin = {
	name: 'env',
	summary: 'Print the environment',
	kind: 'shell',
	async run(argv, io, ctx) {
		if (argv.length > 0) {
			io.stderr(`env: '${argv[0]}': No such file or directory\n`);
			return 127;
		}
		for (const name of ctx.exported) {
			const v = ctx.env.get(name);
			if (v !== undefined) io.stdout(`${name}=${v}\n`);
		}
		return 0;
	}
};
