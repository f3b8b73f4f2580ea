/** `help`: every command the shell knows, with its one-line summary. */
import type { Builtin } from './types.ts';

export const help: Builtin = {
	name: 'help',
	summary: 'List the commands this shell knows',
	kind: 'shell',
	async run(argv, io, ctx) {
		const all = ctx.commandList();
		const wanted = argv.length ? all.filter((c) => argv.includes(c.name)) : all;
		if (argv.length && wanted.length === 0) {
			io.stderr(`bash: help: no help topics match \`${argv[0]}'.\n`);
			return 1;
		}
		const width = Math.max(...wanted.map((c) => c.name.length)) + 2;
		const section = (title: string, builtin: boolean): string => {
			const rows = wanted.filter((c) => c.builtin === builtin);
			if (rows.length === 0) return '';
			return `${title}\n${rows.map((c) => `  ${c.name.padEnd(width)}${c.summary}\n`).join('')}`;
		};
		const tools = section('Cluster tools:', false);
		io.stdout(
			(argv.length
				? ''
				: 'Mesh Playground shell: a bash subset with pipes, &&, ||, for loops and heredocs.\n\n') +
				[tools, section('Shell commands:', true)].filter(Boolean).join('\n')
		);
		return 0;
	}
};

/** Shell builtins with no program of the same name on a real PATH. */
const NOT_ON_PATH = new Set([':', 'cd', 'export', 'unset', 'history', 'help', 'read']);

export const which: Builtin = {
	name: 'which',
	summary: 'Locate a command',
	kind: 'shell',
	async run(argv, io, ctx) {
		const all = ctx.commandList();
		let status = 0;
		for (const name of argv.filter((a) => !a.startsWith('-'))) {
			const found = all.find((c) => c.name === name);
			if (!found || NOT_ON_PATH.has(name)) status = 1;
			else io.stdout(found.builtin ? `/usr/bin/${name}\n` : `/usr/local/bin/${name}\n`);
		}
		return status;
	}
};
