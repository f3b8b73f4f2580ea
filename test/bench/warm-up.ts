/**
 * Warm-up before a timed window: requests in batches, at least `min`, then until a batch costs
 * (process CPU, every thread) within `settled` of the one before, at most `max`. V8 tiers a
 * function up only after it has run many times: in-process, CPU per request falls to its floor
 * after 5,000–6,000 requests; on the worker runtime each isolate sees only its own pod's share
 * of a request, so its JIT warms as slowly (12-07: 5.8 ms CPU per productpage request over the
 * first 1,000, 2.8 ms at 3,000–4,000, 2.4 ms at 5,000–8,000, concurrent compilation on V8's
 * platform threads 1.3 → 0.2 ms): a fixed 800 timed that tail.
 */
export interface WarmUpRule {
	readonly batch: number;
	readonly min: number;
	readonly max: number;
	/** Relative difference between two batches' CPU that counts as settled. */
	readonly settled: number;
}

export const JIT_WARM_UP: WarmUpRule = { batch: 1000, min: 5000, max: 15_000, settled: 0.1 };

/** Runs `request` until the rule is met; returns how many ran. */
export async function warmUntilSettled(
	request: () => Promise<unknown>,
	rule: WarmUpRule = JIT_WARM_UP,
	done = 0
): Promise<number> {
	let n = done;
	for (let last = Infinity; n < rule.max;) {
		const cpu0 = process.cpuUsage();
		for (let i = 0; i < rule.batch; i++) await request();
		n += rule.batch;
		const cpu = process.cpuUsage(cpu0);
		const cost = cpu.user + cpu.system;
		if (n >= rule.min && Math.abs(cost - last) <= rule.settled * last) break;
		last = cost;
	}
	return n;
}
