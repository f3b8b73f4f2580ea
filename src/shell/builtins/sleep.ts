/**
 * coreutils `sleep NUMBER[SUFFIX]...`: sim time passes (`cluster.advance`), so timers in pods
 * fire; Ctrl-C stops it with 130 like SIGINT does.
 */
import { ms } from '../../mesh/types.ts';
import { usageError } from './getopt.ts';
import type { Builtin } from './types.ts';

const UNIT: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export const sleep: Builtin = {
	name: 'sleep',
	summary: 'Delay for a specified amount of time (simulated)',
	kind: 'shell',
	async run(argv, io, ctx) {
		if (argv.length === 0) return usageError(io, 'sleep', 'missing operand', 1);
		let total = 0;
		for (const a of argv) {
			const m = /^(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(a);
			if (!m) return usageError(io, 'sleep', `invalid time interval '${a}'`, 1);
			total += Number(m[1]) * (UNIT[m[2] as string] as number);
		}
		if (ctx.signal.aborted) return 130;
		let onAbort = (): void => {};
		const aborted = new Promise<'aborted'>((resolve) => {
			onAbort = () => resolve('aborted');
			ctx.signal.addEventListener('abort', onAbort, { once: true });
		});
		try {
			const r = await Promise.race([ctx.cluster.advance(ms(Math.round(total))), aborted]);
			return r === 'aborted' ? 130 : 0;
		} finally {
			ctx.signal.removeEventListener('abort', onAbort);
		}
	}
};
