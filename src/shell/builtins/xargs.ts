/**
 * `xargs [COMMAND [ARG]...]`: runs COMMAND (default `echo`) once with the words of stdin appended
 * (GNU xargs without options; blanks and newlines separate words, quotes are not parsed). With no
 * words, GNU xargs still runs the command once, as here.
 */
import type { Builtin } from './types.ts';

export const xargs: Builtin = {
	name: 'xargs',
	summary: 'Build and run a command from the words of stdin',
	kind: 'shell',
	async run(argv, io, ctx) {
		const first = argv[0];
		if (first !== undefined && first.startsWith('-') && first !== '--') {
			io.stderr(`xargs: ${first}: options are not simulated in the playground\n`);
			return 1;
		}
		const command = first === '--' ? argv.slice(1) : argv;
		const words = io.stdin.split(/\s+/).filter(Boolean);
		const args = [...(command.length > 0 ? command : ['echo']), ...words];
		const code = await ctx.runChild('"$@"', { ...io, stdin: '' }, 'xargs', args);
		// GNU xargs: 123 if the command exited 1–125, 127 if it was not found.
		return code === 0 ? 0 : code === 127 ? 127 : 123;
	}
};
