/**
 * Fuzzes `kubectl apply`/`create`/`delete -f` with damaged manifests, fed through stdin, a
 * heredoc or a file: nothing may throw or hang (alias bombs included), a failure says why, the
 * store's invariants hold, a failed single-object manifest leaves the store exactly as it was,
 * and a dry run never changes it.
 *
 * FUZZ_SEED picks the campaign seeds, FUZZ_MANIFESTS the number of manifests, FUZZ_VERBOSE prints
 * a summary per campaign.
 */
import { describe, expect, it } from 'vitest';
import { runCampaign } from './campaign.ts';
import { fuzzCount } from './counts.ts';
import { manifestInput } from './inputs.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 9001);
/** `npm run fuzz` runs all 3500; `npm test` the first 1000 (its first campaigns, same seeds). */
const TOTAL = fuzzCount('MANIFESTS', 3500, 1000);
/** Successful applies add Deployments and their pods; a fresh cluster keeps each input cheap. */
const PER_CAMPAIGN = 250;

const campaigns = Array.from({ length: Math.ceil(TOTAL / PER_CAMPAIGN) }, (_, i) => ({
	seed: SEED + i,
	count: Math.min(PER_CAMPAIGN, TOTAL - i * PER_CAMPAIGN)
}));

describe('manifest fuzz', () => {
	it.each(campaigns)(
		'$count manifests with seed $seed leave no exception, hang or broken store',
		async ({ seed, count }) => {
			const r = await runCampaign({
				name: 'manifests',
				seed,
				count,
				scenario: 'bookinfo',
				next: manifestInput
			});
			expect(r.failures.join('\n\n')).toBe('');
			expect(r.inputs).toBe(count);
		},
		120_000
	);
});
