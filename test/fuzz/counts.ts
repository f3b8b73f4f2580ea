/**
 * How many inputs a fuzz campaign runs: its `FUZZ_<NAME>` variable when set, else the full count
 * under `npm run fuzz` (which sets FUZZ_FULL=1), else the count `npm test` runs. Campaigns are
 * seeded in order, so `npm test`'s inputs are the first ones of the full run, checked the same way.
 */
export function fuzzCount(name: string, full: number, inTestSuite: number): number {
	const set = process.env[`FUZZ_${name}`];
	if (set !== undefined) return Number(set);
	return process.env.FUZZ_FULL ? full : inTestSuite;
}
