/**
 * Heap growth over a long request loop (the soak scene: ambient, a waypoint, an L7 policy) in
 * the in-process runtime. The loop first runs until every bounded buffer is full (capture,
 * traffic, logs: docs/limits.md). Those rings still swing between their limit and 1.25× it as
 * they trim, so the heap is sampled every 100 requests (after forced full collections,
 * `--expose-gc` switched on at run time) and the growth is the least-squares slope: what is left
 * is growth without a bound, a leak.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { soakScene } from '../soak/mesh-soak.ts';

export interface SoakFigures {
	readonly warmRequests: number;
	readonly requests: number;
	readonly heapStartMB: number;
	readonly heapEndMB: number;
	/** The slope of heap over requests, scaled to 10,000 requests. */
	readonly heapGrowthMBPer10kRequests: number;
}

/**
 * Well under the rings' trim periods (capture ≈ 240 requests, traffic ≈ 900, logs ≈ 700) and
 * not a divisor of them, so their swings average out instead of beating with the samples.
 */
const SAMPLE_EVERY = 100;

function collector(): () => void {
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc') as () => void;
}

function heapMB(gc: () => void): number {
	// Several passes: finalizers and weak references free more on the second.
	for (let i = 0; i < 2; i++) gc();
	return process.memoryUsage().heapUsed / (1024 * 1024);
}

/** Least-squares slope of y over x. */
function slope(points: readonly (readonly [number, number])[]): number {
	const n = points.length;
	const mx = points.reduce((s, [x]) => s + x, 0) / n;
	const my = points.reduce((s, [, y]) => s + y, 0) / n;
	let num = 0;
	let den = 0;
	for (const [x, y] of points) {
		num += (x - mx) * (y - my);
		den += (x - mx) ** 2;
	}
	return den === 0 ? 0 : num / den;
}

export async function soakFigures(requests = 10_000, warmRequests = 5_000): Promise<SoakFigures> {
	const gc = collector();
	const scene = await soakScene();
	try {
		for (let i = 0; i < warmRequests; i++) await scene.request(i);
		const samples: [number, number][] = [];
		for (let done = 0; done <= requests; done += SAMPLE_EVERY) {
			if (done > 0)
				for (let i = done - SAMPLE_EVERY; i < done; i++) await scene.request(warmRequests + i);
			await scene.runtime.idle();
			samples.push([done, heapMB(gc)]);
		}
		return {
			warmRequests,
			requests,
			heapStartMB: samples[0]![1],
			heapEndMB: samples.at(-1)![1],
			heapGrowthMBPer10kRequests: slope(samples) * 10_000
		};
	} finally {
		await scene.dispose();
	}
}
