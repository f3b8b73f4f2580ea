/** bash's `history [N]` (numbered `%5d  %s`) and `history -c`. */
import type { Builtin } from './types.ts';

export const history: Builtin = {
	name: 'history',
	summary: 'Display the command history list',
	kind: 'shell',
	async run(argv, io, ctx) {
		const h = ctx.history;
		if (!h) return 0;
		if (argv[0] === '-c') {
			h.clear();
			return 0;
		}
		const arg = argv[0];
		if (arg !== undefined && !/^\d+$/.test(arg)) {
			io.stderr(`bash: history: ${arg}: numeric argument required\n`);
			return 1;
		}
		const entries = h.entries;
		const from = arg === undefined ? 0 : Math.max(0, entries.length - Number(arg));
		for (let i = from; i < entries.length; i++) {
			io.stdout(`${String(i + 1).padStart(5)}  ${entries[i]}\n`);
		}
		return 0;
	}
};
