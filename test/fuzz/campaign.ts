/**
 * One fuzz campaign: a fresh playground, `count` inputs from a seeded generator, every outcome
 * checked. A failure is reported with its seed and index, so `FUZZ_SEED` reproduces it.
 */
import type { Scenario } from '../../src/shell/playground.ts';
import { playground } from '../support/playground.ts';
import { runFuzzInput, type FuzzInput } from './harness.ts';
import { createPrng, type Prng } from './prng.ts';

export interface CampaignOptions {
	readonly name: string;
	readonly seed: number;
	readonly count: number;
	readonly scenario: Scenario;
	readonly next: (rng: Prng) => FuzzInput;
}

export interface CampaignResult {
	readonly inputs: number;
	readonly millis: number;
	/** Exit code → how many inputs ended with it (`hang` when none came back). */
	readonly exitCodes: Map<string, number>;
	readonly failures: string[];
	/** Inputs after which the store was compared with its earlier snapshot. */
	readonly storeChecks: number;
}

/** The first few failures are plenty to act on; more only slow the report down. */
const MAX_FAILURES = 12;

const shorten = (s: string, n = 600): string =>
	s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
	const started = performance.now();
	const rng = createPrng(options.seed);
	const pg = await playground('inprocess', options.scenario, options.seed);
	const exitCodes = new Map<string, number>();
	const failures: string[] = [];
	let inputs = 0;
	let storeChecks = 0;
	try {
		for (let i = 0; i < options.count && failures.length < MAX_FAILURES; i++) {
			const input = options.next(rng);
			const outcome = await runFuzzInput(pg, input);
			inputs++;
			if (outcome.storeCompared) storeChecks++;
			const key = outcome.code === undefined ? 'hang' : String(outcome.code);
			exitCodes.set(key, (exitCodes.get(key) ?? 0) + 1);
			if (outcome.problems.length > 0)
				failures.push(
					[
						`${options.name} seed=${options.seed} #${i} (${input.label}) exit=${key}`,
						`  source: ${shorten(JSON.stringify(input.source))}`,
						...(input.stdin ? [`  stdin: ${shorten(JSON.stringify(input.stdin))}`] : []),
						...outcome.problems.map((p) => `  - ${shorten(p, 1500)}`)
					].join('\n')
				);
		}
	} finally {
		await pg.cluster.dispose();
	}
	const result = { inputs, millis: performance.now() - started, exitCodes, failures, storeChecks };
	if (process.env.FUZZ_VERBOSE) console.log(summary(options.name, options.seed, result));
	return result;
}

export function summary(name: string, seed: number, r: CampaignResult): string {
	const codes = [...r.exitCodes]
		.sort(([a], [b]) => Number(a) - Number(b))
		.map(([code, n]) => `${code}:${n}`)
		.join(' ');
	return `${name} seed=${seed}: ${r.inputs} inputs in ${Math.round(r.millis)} ms, exit codes ${codes}, store compared ${r.storeChecks} times, ${r.failures.length} failing`;
}
