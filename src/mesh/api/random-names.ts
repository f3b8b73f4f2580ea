/**
 * apimachinery `util/rand`: the alphabet of generated names (no vowels, no 0/1/3, so names never
 * spell words) and `rand.String(n)`, used for `generateName`, pods' suffixes and token volumes.
 */
import type { Rng } from '../random.ts';

export const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(rng: Rng, length = 5): string {
	let out = '';
	for (let i = 0; i < length; i++) out += ALPHANUMS[rng.int(ALPHANUMS.length)];
	return out;
}
