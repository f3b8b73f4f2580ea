import { describe, expect, it } from 'vitest';
import { clone } from '../../../src/mesh/api/deep.ts';

/** What `clone` must give: exactly what `structuredClone` gives, the copy it replaced. */
const cases: [string, () => unknown][] = [
	['a manifest', () => ({ a: 1, b: [1, 2, { c: 'x' }], d: null, e: undefined, f: true })],
	['nested arrays', () => [1, [2, [3, []]]]],
	['primitives', () => ['s', 5, null, undefined, true, 10n]],
	['a null-prototype object', () => Object.assign(Object.create(null) as object, { a: 1 })],
	['a Map and a Date', () => ({ m: new Map([[1, { x: 2 }]]), d: new Date(0) })],
	['a sparse array', () => ({ list: sparse() })],
	['deeper than the plain copy goes', () => nest(200)]
];

function sparse(): number[] {
	const list: number[] = [];
	list[0] = 1;
	list[2] = 3;
	return list;
}

function nest(depth: number): unknown {
	let x: unknown = { leaf: true };
	for (let i = 0; i < depth; i++) x = { child: x, list: [i] };
	return x;
}

describe('clone', () => {
	it.each(cases)('copies %s as structuredClone does', (_, make) => {
		const value = make();
		const copied = clone(value);
		expect(copied).toStrictEqual(structuredClone(value));
		if (typeof value === 'object' && value !== null) expect(copied).not.toBe(value);
	});

	it('shares nothing with the original', () => {
		const original = { metadata: { labels: { app: 'a' } }, list: [{ ip: '10.0.0.1' }] };
		const copied = clone(original);
		copied.metadata.labels.app = 'b';
		(copied.list[0] as { ip: string }).ip = 'x';
		expect(original).toEqual({ metadata: { labels: { app: 'a' } }, list: [{ ip: '10.0.0.1' }] });
	});

	it('keeps an own __proto__ key a property and pollutes nothing', () => {
		const parsed = JSON.parse('{"__proto__": {"polluted": 1}, "x": 1}') as Record<string, unknown>;
		const copied = clone(parsed);
		expect(Object.keys(copied)).toEqual(['__proto__', 'x']);
		expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('copies a cycle and refuses a function, as structuredClone does', () => {
		const cyclic: Record<string, unknown> = { a: 1 };
		cyclic.self = cyclic;
		const copied = clone(cyclic);
		expect(copied).not.toBe(cyclic);
		expect(copied.a).toBe(1);
		expect(() => clone({ f: () => 1 })).toThrow(/could not be cloned/);
	});
});
