/** A seeded PRNG. Mesh code never calls Math.random: same seed, same transcript. */
export interface Rng {
	/** Uniform in [0, 1). */
	next(): number;
	/** Uniform integer in [0, n). */
	int(n: number): number;
	/** A fresh generator derived from this one's seed and a label, independent of call order. */
	fork(label: string): Rng;
}

// mulberry32: small, fast and good enough for simulation choices (not for crypto).
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** FNV-1a: derives a stable seed from a string (a host id, a label). */
export function hashString(s: string, basis = 0x811c9dc5): number {
	let h = basis >>> 0;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h;
}

export function createRng(seed: number): Rng {
	const next = mulberry32(seed);
	return {
		next,
		int: (n) => Math.floor(next() * n),
		fork: (label) => createRng(hashString(label, seed))
	};
}
