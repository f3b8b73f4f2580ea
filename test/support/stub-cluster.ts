/**
 * A Cluster for shell tests that need no mesh: settle and advance only count calls and move a
 * sim clock; api, runtime, exec and logs are unused by the shell and fail loudly if reached.
 */
import type { Cluster } from '../../src/mesh/cluster.ts';
import { ms, type SimMillis } from '../../src/mesh/types.ts';

export interface StubCluster extends Cluster {
	/** Sim milliseconds passed to advance(), in order. */
	readonly advanced: number[];
	readonly settles: number;
}

const unused = (what: string) => (): never => {
	throw new Error(`stub cluster: ${what} is not available in shell tests`);
};

export function stubCluster(): StubCluster {
	let now = 0;
	let settles = 0;
	const advanced: number[] = [];
	const cluster = {
		get api(): never {
			return unused('api')();
		},
		get runtime(): never {
			return unused('runtime')();
		},
		now: (): SimMillis => ms(now),
		settle: async () => {
			settles++;
		},
		advance: async (delay: SimMillis) => {
			advanced.push(delay);
			now += delay;
		},
		exec: unused('exec'),
		logs: unused('logs'),
		dispose: async () => {},
		advanced,
		get settles() {
			return settles;
		}
	};
	return cluster as unknown as StubCluster;
}
