/**
 * What the runtime parity files (parity*.test.ts) share: how they run a script on each runtime
 * (the in-process run once per script, whichever packings compare against it; files that run in
 * one vitest worker share the cache, as `isolate: false` shares modules), and how they set curl's
 * measured times apart.
 */
import type { Scenario } from '../../src/shell/playground.ts';
import { transcript as run, type RuntimeName } from '../support/playground.ts';

export interface RunOptions {
	readonly scenario?: Scenario;
	/** 2: kind's cluster1 and cluster2, each on a runtime of its own. */
	readonly clusters?: number;
}

/** In-process transcripts are deterministic: each script runs once for every packing. */
const inProcessRuns = new Map<string, Promise<string>>();

/** The transcript of `script` on a fresh playground on `runtime` (in-process: once per script). */
export function transcript(
	script: string,
	runtime: RuntimeName,
	{ scenario = 'bookinfo', clusters = 1 }: RunOptions = {}
): Promise<string> {
	if (runtime !== 'inprocess') return run(script, runtime, scenario, undefined, clusters);
	const key = `${scenario} ${clusters}\n${script}`;
	const cached = inProcessRuns.get(key);
	if (cached) return cached;
	const next = run(script, 'inprocess', scenario, undefined, clusters);
	inProcessRuns.set(key, next);
	return next;
}

/**
 * curl's `%{time_total}` values (seconds, six decimals, alone or after an HTTP status) out of a
 * transcript, and the rest.
 */
export function withoutTimes(t: string): { text: string; times: number[] } {
	const times = [...t.matchAll(/^(?:\d{3} )?(\d+\.\d{6})$/gm)].map((m) => Number(m[1]));
	return { text: t.replace(/^(\d{3} )?\d+\.\d{6}$/gm, '$1<time>'), times };
}
