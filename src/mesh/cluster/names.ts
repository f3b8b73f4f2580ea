/**
 * Generated names, as the real controllers make them: ReplicaSet `<deploy>-<pod-template-hash>`
 * (kube-controller-manager `controller.ComputeHash`: FNV-32a of the template, its decimal digits
 * mapped through `rand.SafeEncodeString`) and pod `<rs>-<5 random chars>` (`utilrand.String(5)`).
 */
import { stableStringify } from '../api/deep.ts';
import { ALPHANUMS } from '../api/random-names.ts';
import { hashString } from '../random.ts';

export { ALPHANUMS, randomSuffix } from '../api/random-names.ts';

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
