/**
 * A bounded FIFO of the newest `capacity` items in a fixed array: a push past capacity
 * overwrites the oldest, so a journal nobody reads (no view open, nothing drained) costs O(1)
 * per item and never more than `capacity` slots. `total` counts every push ever made, so a
 * reader can ask for what came after the last index it saw, as the capture journal numbers
 * frames.
 */
export class RingBuffer<T> {
	readonly capacity: number;
	#slots: (T | undefined)[];
	/** Index in `#slots` of the oldest item. */
	#head = 0;
	#size = 0;
	#total = 0;

	constructor(capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1)
			throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
		this.capacity = capacity;
		this.#slots = new Array<T | undefined>(capacity);
	}

	/** Items held now (at most `capacity`). */
	get size(): number {
		return this.#size;
	}

	/** Items ever pushed: the running index one past the newest. */
	get total(): number {
		return this.#total;
	}

	push(item: T): void {
		const tail = (this.#head + this.#size) % this.capacity;
		this.#slots[tail] = item;
		if (this.#size < this.capacity) this.#size++;
		else this.#head = (this.#head + 1) % this.capacity;
		this.#total++;
	}

	pushAll(items: readonly T[]): void {
		// Only the last `capacity` of a large batch can survive: skip the rest.
		for (let i = Math.max(0, items.length - this.capacity); i < items.length; i++)
			this.push(items[i] as T);
		this.#total += Math.max(0, items.length - this.capacity);
	}

	/** Held items with running index ≥ `since`, oldest first, and the index after the newest. */
	since(since: number): { items: T[]; next: number } {
		const first = this.#total - this.#size;
		const skip = Math.min(this.#size, Math.max(0, since - first));
		const items = new Array<T>(this.#size - skip);
		for (let i = skip; i < this.#size; i++)
			items[i - skip] = this.#slots[(this.#head + i) % this.capacity] as T;
		return { items, next: this.#total };
	}

	/** Every held item, oldest first. */
	toArray(): T[] {
		return this.since(0).items;
	}

	/** Every held item, oldest first, and forgets them (the running index stays). */
	drain(): T[] {
		const out = this.toArray();
		this.clear();
		return out;
	}

	/** Forgets the held items; the running index stays. */
	clear(): void {
		this.#slots = new Array<T | undefined>(this.capacity);
		this.#head = 0;
		this.#size = 0;
	}

	/** Forgets everything, the running index too (a new journal). */
	reset(): void {
		this.clear();
		this.#total = 0;
	}
}
