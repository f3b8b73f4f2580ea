/** bash's `read [-r] [-p PROMPT] [NAME...]`: one line of stdin, split on IFS whitespace. */
import type { Builtin } from './types.ts';

export const read: Builtin = {
	name: 'read',
	summary: 'Read a line from standard input into variables',
	kind: 'shell',
	async run(argv, io, ctx) {
		let raw = false;
		const names: string[] = [];
		for (let i = 0; i < argv.length; i++) {
			const a = argv[i] as string;
			if (a === '-r') raw = true;
			else if (a === '-p') io.stderr(argv[++i] ?? '');
			else if (a.startsWith('-')) {
				io.stderr(
					`bash: read: ${a}: invalid option\nread: usage: read [-r] [-p prompt] [name ...]\n`
				);
				return 2;
			} else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a)) {
				io.stderr(`bash: read: \`${a}': not a valid identifier\n`);
				return 1;
			} else names.push(a);
		}
		let line = ctx.readLine();
		if (line === undefined) {
			for (const n of names.length ? names : ['REPLY']) ctx.env.set(n, '');
			return 1;
		}
		if (!raw) line = line.replace(/\\(.)/g, '$1');
		if (names.length === 0) {
			ctx.env.set('REPLY', line);
			return 0;
		}
		let rest = line.replace(/^[ \t]+/, '');
		names.forEach((name, i) => {
			if (i === names.length - 1) {
				ctx.env.set(name, rest.replace(/[ \t]+$/, ''));
				return;
			}
			const m = /^(\S*)[ \t]*/.exec(rest) as RegExpExecArray;
			ctx.env.set(name, m[1] as string);
			rest = rest.slice(m[0].length);
		});
		return 0;
	}
};
