import { runDate } from '../../mesh/apps/date.ts';
import { simDate } from '../../mesh/tls/certificate.ts';
import type { Builtin } from './types.ts';

/** GNU `date` on the docker host: the simulation's time, in UTC (mesh/apps/date.ts). */
export const date: Builtin = {
	name: 'date',
	summary: 'Print the system date and time (simulated)',
	kind: 'shell',
	async run(argv, io, ctx) {
		return runDate(argv, simDate(ctx.cluster.now()), io);
	}
};
