/**
 * Fuzzes the shell with random and mutated command lines on a running Bookinfo cluster: nothing
 * may throw or hang, a failure says why on stderr, no JavaScript leaks into the output, the
 * store's invariants hold after every line, and a kubectl line that failed without reporting any
 * success (or was a dry run) leaves the store exactly as it was.
 *
 * FUZZ_SEED picks the campaign seeds, FUZZ_COMMANDS the number of lines, FUZZ_VERBOSE prints a
 * summary per campaign.
 */
import { describe, expect, it } from 'vitest';
import { runCampaign } from './campaign.ts';
import { fuzzCount } from './counts.ts';
import { commandInput } from './inputs.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 7001);
/** `npm run fuzz` runs all 6500; `npm test` the first 2000 (its first campaigns, same seeds). */
const TOTAL = fuzzCount('COMMANDS', 6500, 2000);
/** A fresh cluster now and then: deletes accumulate, and an empty cluster finds fewer bugs. */
const PER_CAMPAIGN = 500;

const campaigns = Array.from({ length: Math.ceil(TOTAL / PER_CAMPAIGN) }, (_, i) => ({
	seed: SEED + i,
	count: Math.min(PER_CAMPAIGN, TOTAL - i * PER_CAMPAIGN)
}));

describe('command line fuzz', () => {
	it.each(campaigns)(
		'$count lines with seed $seed leave no exception, hang or broken store',
		async ({ seed, count }) => {
			const r = await runCampaign({
				name: 'commands',
				seed,
				count,
				scenario: 'bookinfo',
				next: commandInput
			});
			expect(r.failures.join('\n\n')).toBe('');
			expect(r.inputs).toBe(count);
		},
		120_000
	);
});
