/**
 * Fuzzes a running workshop hub with garbage frames from one learner's socket: every frame with
 * an acknowledgement gets one readable `{ ok: false, error }` (or `ok: true` for a learner's own
 * valid join or progress), the hub never crashes, and no one else is affected: another learner's
 * row and the workshop's settings stay as they were, and that learner hears nothing.
 *
 * FUZZ_SEED picks the seed, FUZZ_WORKSHOP the number of frames, FUZZ_VERBOSE prints a summary.
 */
import { describe, expect, it } from 'vitest';
import { createPrng } from './prng.ts';
import { workshopFrame } from './workshop-generator.ts';
import { WorkshopRig } from './workshop-harness.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 13001);
const TOTAL = Number(process.env.FUZZ_WORKSHOP ?? 1500);
/** The whole class is checked this often (a snapshot and a progress round trip). */
const CHECK_EVERY = 25;
const MAX_FAILURES = 12;

describe('workshop hub fuzz', () => {
	it(
		`${TOTAL} frames with seed ${SEED} are refused clearly and affect no other learner`,
		async () => {
			const rng = createPrng(SEED);
			const rig = new WorkshopRig();
			const failures: string[] = [];
			await rig.start();
			try {
				for (let i = 0; i < TOTAL && failures.length < MAX_FAILURES; i++) {
					const frame = workshopFrame(rng, rig.hub.code);
					const problems = await rig.send(frame);
					if ((i + 1) % CHECK_EVERY === 0 || i === TOTAL - 1) problems.push(...(await rig.check()));
					if (problems.length > 0)
						failures.push(
							[
								`workshop seed=${SEED} #${i} ${frame.kind === 'raw' ? `raw ${JSON.stringify(frame.packet.slice(0, 200))}` : `"${frame.event.slice(0, 60)}"${frame.ack ? ' with ack' : ''}`}`,
								...problems.map((p) => `  - ${p.slice(0, 1500)}`)
							].join('\n')
						);
				}
			} finally {
				await rig.stop();
			}
			if (process.env.FUZZ_VERBOSE)
				console.log(
					`workshop seed=${SEED}: ${TOTAL} frames, ${rig.reconnects} reconnects, ${failures.length} failing`
				);
			expect(failures.join('\n\n')).toBe('');
		},
		Math.max(300_000, TOTAL * 40)
	);
});
