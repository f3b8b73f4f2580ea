/**
 * The fuzzers' seeded random source (mulberry32, like src/mesh/random.ts): a failing input is
 * reproduced by its seed and index, never by luck, so nothing here calls Math.random.
 */
export interface Prng {
	/** Uniform in [0, 1). */
	next(): number;
	/** Uniform integer in [0, n). */
	int(n: number): number;
	/** Uniform integer in [lo, hi]. */
	range(lo: number, hi: number): number;
	/** True with probability p. */
	chance(p: number): boolean;
	pick<T>(items: readonly T[]): T;
	/** Picks by weight: `[[3, a], [1, b]]` gives a three times as often as b. */
	weighted<T>(choices: readonly (readonly [number, T])[]): T;
}

export function createPrng(seed: number): Prng {
	let a = seed >>> 0;
	const next = (): number => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (n: number): number => Math.floor(next() * n);
	return {
		next,
		int,
		range: (lo, hi) => lo + int(hi - lo + 1),
		chance: (p) => next() < p,
		pick<T>(items: readonly T[]): T {
			if (items.length === 0) throw new Error('pick from an empty list');
			return items[int(items.length)] as T;
		},
		weighted<T>(choices: readonly (readonly [number, T])[]): T {
			const total = choices.reduce((sum, [w]) => sum + w, 0);
			let r = next() * total;
			for (const [w, value] of choices) {
				r -= w;
				if (r < 0) return value;
			}
			return (choices[choices.length - 1] as readonly [number, T])[1];
		}
	};
}
