/** Plain-JSON helpers for stored objects: copies, equality and canonical text. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isPlainObject(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A deep copy; stored objects are plain JSON, so `structuredClone` is exact. */
export function clone<T>(x: T): T {
	return structuredClone(x);
}

export function deepEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (Array.isArray(a)) {
		if (!Array.isArray(b) || a.length !== b.length) return false;
		return a.every((v, i) => deepEqual(v, b[i]));
	}
	if (isPlainObject(a) && isPlainObject(b)) {
		const ka = Object.keys(a).filter((k) => a[k] !== undefined);
		const kb = Object.keys(b).filter((k) => b[k] !== undefined);
		if (ka.length !== kb.length) return false;
		return ka.every((k) => deepEqual(a[k], b[k]));
	}
	return false;
}

/** JSON with sorted keys, as Go's encoding/json prints maps: stable for hashing and annotations. */
export function stableStringify(x: unknown): string {
	if (Array.isArray(x)) return `[${x.map((v) => stableStringify(v ?? null)).join(',')}]`;
	if (isPlainObject(x)) {
		const keys = Object.keys(x)
			.filter((k) => x[k] !== undefined)
			.sort();
		return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(x[k])}`).join(',')}}`;
	}
	return JSON.stringify(x) ?? 'null';
}
