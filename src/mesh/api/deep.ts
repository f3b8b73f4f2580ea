/** Plain-JSON helpers for stored objects: copies, equality and canonical text. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isPlainObject(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * A deep copy, the same as `structuredClone` for what stores hold (plain objects, arrays,
 * primitives) and several times faster on them: the store copies every object it hands out, and
 * a 400-address Endpoints object is copied on each write. Anything else (a Map, a Date, a
 * function, a graph deeper than any manifest, a cycle) goes to `structuredClone` itself.
 */
export function clone<T>(x: T): T {
	return copy(x, 0) as T;
}

/** Past this depth a value is copied by `structuredClone` (which also survives cycles). */
const PLAIN_COPY_DEPTH = 64;

function copy(x: unknown, depth: number): unknown {
	if (typeof x !== 'object' || x === null)
		return typeof x === 'function' || typeof x === 'symbol' ? structuredClone(x) : x;
	if (depth > PLAIN_COPY_DEPTH) return structuredClone(x);
	if (Array.isArray(x)) {
		if (Object.getPrototypeOf(x) !== Array.prototype) return structuredClone(x);
		const out = new Array<unknown>(x.length);
		for (let i = 0; i < x.length; i++) {
			if (!(i in x)) return structuredClone(x);
			out[i] = copy(x[i], depth + 1);
		}
		return out;
	}
	const proto: unknown = Object.getPrototypeOf(x);
	if (proto !== Object.prototype && proto !== null) return structuredClone(x);
	const out: Record<string, unknown> = {};
	for (const k of Object.keys(x)) {
		const v = copy((x as Record<string, unknown>)[k], depth + 1);
		// An own `__proto__` key (JSON.parse makes one) must stay a property, not a prototype.
		if (k === '__proto__')
			Object.defineProperty(out, k, {
				value: v,
				enumerable: true,
				writable: true,
				configurable: true
			});
		else out[k] = v;
	}
	return out;
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
