/**
 * coreutils `sleep NUMBER[SUFFIX]...`: sim time passes (`cluster.advance`), so timers in pods
 * fire; Ctrl-C stops it with 130 like SIGINT does. In a background job (`sleep 5 &`) it waits
 * for the time to pass instead of pushing the clock: the foreground decides how fast time goes.
 */
import { ms, type SimMillis } from '../../mesh/types.ts';
import { usageError } from './getopt.ts';
import type { Builtin, ShellContext } from './types.ts';

function passTime(ctx: ShellContext, delay: SimMillis): Promise<void> {
	if (!ctx.background) return ctx.cluster.advance(delay);
	const runtime = ctx.cluster.runtime;
	if (!runtime.after) return ctx.cluster.advance(delay);
	return new Promise((resolve) => {
		const cancel = runtime.after?.(delay, resolve) ?? (() => {});
		ctx.signal.addEventListener('abort', () => cancel(), { once: true });
	});
}

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
			const delay = ms(Math.round(total));
			const r = await Promise.race([passTime(ctx, delay), aborted]);
			return r === 'aborted' ? 130 : 0;
		} finally {
			ctx.signal.removeEventListener('abort', onAbort);
		}
	}
};
