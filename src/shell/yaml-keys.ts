/**
 * Duplicate mapping keys, found in linear time. The `yaml` library's own `uniqueKeys` check
 * compares each key with every earlier one, so a ConfigMap with 30,000 keys took over a minute
 * to parse; callers parse with `uniqueKeys: false` and ask this instead.
 */
import { isMap, isScalar, visit, type Document } from 'yaml';

export interface DuplicateKey {
	/** The key as written (its scalar value). */
	readonly key: string;
	/** Source offset of the repeated key. */
	readonly offset: number;
}

/** The first key repeated within one mapping of `doc`, or undefined. */
export function firstDuplicateKey(doc: Document): DuplicateKey | undefined {
	let found: DuplicateKey | undefined;
	visit(doc, {
		Map(_, map) {
			if (!isMap(map)) return;
			const seen = new Set<string>();
			for (const pair of map.items) {
				const key = pair.key;
				// Only scalar keys: Kubernetes manifests and lessons have no others.
				if (!isScalar(key)) continue;
				// `<<` merge keys may repeat; the value's type is part of its identity (1 vs "1").
				if (key.value === '<<' && !key.type?.startsWith('QUOTE')) continue;
				const id = `${typeof key.value}:${String(key.value)}`;
				if (seen.has(id)) {
					found = { key: String(key.value), offset: key.range?.[0] ?? 0 };
					return visit.BREAK;
				}
				seen.add(id);
			}
		}
	});
	return found;
}
