import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/mesh/runtime/ring-buffer.ts';

const range = (from: number, to: number): number[] =>
	Array.from({ length: to - from }, (_, i) => from + i);

describe('RingBuffer', () => {
	it('keeps the newest `capacity` items in order and counts every push', () => {
		const ring = new RingBuffer<number>(4);
		for (const n of range(0, 10)) ring.push(n);
		expect(ring.toArray()).toEqual([6, 7, 8, 9]);
		expect(ring.size).toBe(4);
		expect(ring.total).toBe(10);
	});

	it('hands out what came after a running index, as the capture journal numbers frames', () => {
		const ring = new RingBuffer<number>(5);
		ring.pushAll(range(0, 3));
		expect(ring.since(1)).toEqual({ items: [1, 2], next: 3 });
		ring.pushAll(range(3, 9));
		// Index 1 was overwritten long ago: what is still held comes back.
		expect(ring.since(1)).toEqual({ items: [4, 5, 6, 7, 8], next: 9 });
		expect(ring.since(7)).toEqual({ items: [7, 8], next: 9 });
		expect(ring.since(9)).toEqual({ items: [], next: 9 });
		expect(ring.since(Number.MAX_SAFE_INTEGER)).toEqual({ items: [], next: 9 });
	});

	it('takes a batch larger than itself by its tail, counting it all', () => {
		const ring = new RingBuffer<number>(3);
		ring.push(-1);
		ring.pushAll(range(0, 100));
		expect(ring.toArray()).toEqual([97, 98, 99]);
		expect(ring.total).toBe(101);
	});

	it('drains: the items go, the running index stays; reset forgets both', () => {
		const ring = new RingBuffer<string>(3);
		ring.pushAll(['a', 'b']);
		expect(ring.drain()).toEqual(['a', 'b']);
		expect(ring.drain()).toEqual([]);
		ring.push('c');
		expect(ring.since(0)).toEqual({ items: ['c'], next: 3 });
		ring.reset();
		expect(ring.since(0)).toEqual({ items: [], next: 0 });
	});

	it('refuses a capacity that is not a positive integer', () => {
		expect(() => new RingBuffer(0)).toThrow(/positive integer/);
		expect(() => new RingBuffer(2.5)).toThrow(/positive integer/);
	});
});
