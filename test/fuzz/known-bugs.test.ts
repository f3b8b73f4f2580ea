/**
 * Bugs the fuzzers found in code owned elsewhere, kept out of the generators so the campaigns
 * finish. Each case asserts the right behaviour and is marked `it.fails` while the bug is there:
 * when one starts to pass, vitest reports it, and its `.fails` (and the matching exclusion in the
 * generators) should go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playground } from '../../src/shell/playground.ts';
import { playground } from '../support/playground.ts';

let pg: Playground;

beforeAll(async () => {
	pg = await playground('inprocess', 'bookinfo', 1);
});

afterAll(async () => {
	await pg.cluster.dispose();
});

async function run(
	source: string,
	stdin = ''
): Promise<{ code: number; out: string; err: string; ms: number }> {
	let out = '';
	let err = '';
	const started = performance.now();
	const code = await pg.shell.execute(source, {
		stdin,
		stdout: (t) => (out += t),
		stderr: (t) => (err += t)
	});
	return { code, out, err, ms: performance.now() - started };
}

describe('known bugs found by the fuzzers', () => {
	// src/mesh/api store + cluster controllers: every reconcile lists (and clones) every pod, so
	// scaling is quadratic: 100 replicas take ~4 s, 1000 take ~2 min.
	it.fails(
		'scaling a deployment to 50 replicas settles quickly',
		async () => {
			const r = await run('kubectl scale deploy ratings-v1 --replicas=50');
			expect(r.code).toBe(0);
			expect(r.ms).toBeLessThan(250);
		},
		30_000
	);
});
