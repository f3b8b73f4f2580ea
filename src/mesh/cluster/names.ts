/**
 * Generated names, as the real controllers make them: ReplicaSet `<deploy>-<pod-template-hash>`
 * (kube-controller-manager `controller.ComputeHash`: FNV-32a of the template, its decimal digits
 * mapped through `rand.SafeEncodeString`) and pod `<rs>-<5 random chars>` (`utilrand.String(5)`).
 */
import { stableStringify } from '../api/deep.ts';
import { hashString, type Rng } from '../random.ts';

/** apimachinery `util/rand` alphanums: no vowels, no 0/1/3, so names never spell words. */
export const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function safeEncodeString(s: string): string {
	let out = '';
	for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
	return out;
}

/** The `pod-template-hash` label value: 9-10 chars, stable for a template. */
export function podTemplateHash(template: unknown, collisionCount = 0): string {
	const text = stableStringify(template) + (collisionCount > 0 ? `#${collisionCount}` : '');
	return safeEncodeString(String(hashString(text)));
}

export function randomSuffix(rng: Rng, length = 5): string {
	let out = '';
	for (let i = 0; i < length; i++) out += ALPHANUMS[rng.int(ALPHANUMS.length)];
	return out;
}
