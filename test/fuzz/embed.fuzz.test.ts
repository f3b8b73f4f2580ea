/**
 * Fuzzes the embed's postMessage handling with garbage and near-valid messages from the parent
 * page and from other origins, before and after the embed starts: nothing throws, a garbage
 * message changes nothing, a valid one does what docs/embedding.md says, and only `error`
 * messages go back, to the parent's origin only.
 *
 * FUZZ_SEED picks the seed, FUZZ_EMBED the number of messages, FUZZ_VERBOSE prints a summary.
 */
import { describe, expect, it } from 'vitest';
import { embedMessage } from './embed-generator.ts';
import { embedRig, runEmbedInput } from './embed-harness.ts';
import { createPrng } from './prng.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 12001);
const TOTAL = Number(process.env.FUZZ_EMBED ?? 3000);
const MAX_FAILURES = 12;

const safeJson = (x: unknown): string => {
	try {
		return (
			JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(x)
		).slice(0, 600);
	} catch {
		return `${Object.prototype.toString.call(x)} (circular)`;
	}
};

describe('embed message fuzz', () => {
	it.each([
		{ started: false, seed: SEED },
		{ started: true, seed: SEED + 1 }
	])(
		`${TOTAL} messages with seed $seed (started: $started) are ignored or acted on as documented`,
		async ({ started, seed }) => {
			const rng = createPrng(seed);
			const rig = embedRig(started);
			const failures: string[] = [];
			try {
				for (let i = 0; i < TOTAL && failures.length < MAX_FAILURES; i++) {
					const { label, data, origin } = embedMessage(rng);
					const problems = await runEmbedInput(rig, data, origin);
					if (problems.length > 0)
						failures.push(
							[
								`embed seed=${seed} #${i} (${label}) from ${origin}`,
								`  data: ${safeJson(data)}`,
								...problems.map((p) => `  - ${p.slice(0, 1500)}`)
							].join('\n')
						);
				}
			} finally {
				rig.dispose();
			}
			if (process.env.FUZZ_VERBOSE)
				console.log(
					`embed seed=${seed}: ${TOTAL} messages, ${rig.bridge.ignored} ignored, ${rig.calls.length} actions, ${rig.bridge.errors.length} errors shown, ${failures.length} failing`
				);
			expect(failures.join('\n\n')).toBe('');
			// The generator must reach the handlers, not only the origin check.
			expect(TOTAL < 200 || rig.bridge.ignored < TOTAL).toBe(true);
		},
		Math.max(300_000, TOTAL * 40)
	);
});
