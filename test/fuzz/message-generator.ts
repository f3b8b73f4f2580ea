/**
 * Garbage message payloads, shared by the embed and workshop fuzzers: values of every type a
 * postMessage or a socket.io frame can carry (nested, circular, huge, numbers at the edges,
 * `__proto__` keys), and near-valid messages with one field damaged.
 */
import type { Prng } from './prng.ts';
import { junk } from './text-mutations.ts';

const NUMBERS = [
	0,
	-0,
	1,
	-1,
	1.5,
	2 ** 31,
	2 ** 53,
	-(2 ** 53),
	1e21,
	1e308,
	NaN,
	Infinity,
	-Infinity
];
const STRINGS = [
	'',
	' ',
	'a',
	'null',
	'undefined',
	'__proto__',
	'constructor',
	'toString',
	'💥',
	'\u0000',
	'\u202e'
];
const KEYS = [
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'type',
	'source',
	'version',
	'ok',
	'error'
];

/** A string: short, long, or past any limit. */
export function text(rng: Prng): string {
	return rng.weighted<() => string>([
		[4, () => rng.pick(STRINGS)],
		[3, () => junk(rng, rng.range(1, 20))],
		[2, () => 'x'.repeat(rng.pick([100, 4096, 4097, 5000, 70_000]))],
		[1, () => junk(rng, rng.range(200, 2000))]
	])();
}

/** Any value, at most `depth` levels deep; `keys` are field names worth guessing. */
export function anyValue(rng: Prng, depth: number, keys: readonly string[] = []): unknown {
	const leaf = depth <= 0;
	return rng.weighted<() => unknown>([
		[3, () => rng.pick(NUMBERS)],
		[3, () => text(rng)],
		[1, () => rng.chance(0.5)],
		[1, () => null],
		[1, () => undefined],
		[1, () => BigInt(rng.int(1000)) - 500n],
		[1, () => new Date(rng.pick([0, NaN, 8.64e15]))],
		[1, () => new Uint8Array(rng.int(64))],
		[1, () => /a+/g],
		[1, () => new Error(text(rng))],
		[
			leaf ? 0 : 2,
			() => Array.from({ length: rng.range(0, 4) }, () => anyValue(rng, depth - 1, keys))
		],
		[leaf ? 0 : 1, () => new Map([[anyValue(rng, 0), anyValue(rng, depth - 1, keys)]])],
		[leaf ? 0 : 1, () => new Set([anyValue(rng, 0)])],
		[leaf ? 0 : 3, () => anyObject(rng, depth - 1, keys)],
		[leaf ? 0 : 1, () => deep(rng, rng.range(50, 500))],
		[
			leaf ? 0 : 1,
			() => {
				const o: Record<string, unknown> = anyObject(rng, depth - 1, keys);
				Object.defineProperty(o, rng.pick(keys.length > 0 ? keys : KEYS), {
					value: o,
					enumerable: true
				});
				return o;
			}
		]
	])();
}

export function anyObject(
	rng: Prng,
	depth: number,
	keys: readonly string[]
): Record<string, unknown> {
	const o: Record<string, unknown> = {};
	for (let i = rng.range(0, 5); i > 0; i--) {
		const key =
			rng.chance(0.7) && keys.length > 0
				? rng.pick(keys)
				: rng.chance(0.5)
					? rng.pick(KEYS)
					: text(rng);
		// defineProperty: a plain assignment to `__proto__` would set the prototype instead.
		Object.defineProperty(o, key, {
			value: anyValue(rng, depth, keys),
			enumerable: true,
			writable: true,
			configurable: true
		});
	}
	return o;
}

/** Objects or arrays nested `n` deep: a recursive walker's stack. */
function deep(rng: Prng, n: number): unknown {
	let v: unknown = 1;
	for (let i = 0; i < n; i++) v = rng.chance(0.5) ? [v] : { a: v };
	return v;
}

/** `valid` with one field replaced, removed, or one added. */
export function damage(
	rng: Prng,
	valid: Record<string, unknown>,
	keys: readonly string[]
): Record<string, unknown> {
	const o: Record<string, unknown> = { ...valid };
	const fields = Object.keys(o);
	switch (rng.int(4)) {
		case 0:
			if (fields.length > 0) delete o[rng.pick(fields)];
			break;
		case 1:
			set(o, rng.pick(keys), anyValue(rng, 1, keys));
			break;
		case 2:
			if (fields.length > 0) set(o, rng.pick(fields), anyValue(rng, 2, keys));
			break;
		default:
			if (fields.length > 0) set(o, rng.pick(fields), rng.pick(NUMBERS));
	}
	return o;
}

/** An own property even for `__proto__` (a plain assignment would set the prototype). */
function set(o: Record<string, unknown>, key: string, value: unknown): void {
	Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
