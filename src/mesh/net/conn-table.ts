/**
 * A stack's connections (or connects awaiting an answer) by connection id and local address,
 * looked up without building a key string: an `id|ip:port` string per arriving segment, flattened
 * and hashed for each lookup, was the largest share of a stack's work per segment. A connection's
 * id is one string for its whole life, so its hash is computed once. Both ends of a connection to
 * ourselves share an id, so an id holds a short chain of local addresses.
 */
import type { ConnId, IpAddr, SocketAddr } from '../types.ts';

interface Slot<T> {
	readonly ip: IpAddr;
	readonly port: number;
	value: T;
	/** Insertion order: iteration gives entries in the order a Map of key strings did. */
	readonly seq: number;
	next: Slot<T> | undefined;
}

export class ConnTable<T> {
	readonly #byId = new Map<ConnId, Slot<T>>();
	#size = 0;
	#seq = 0;

	get size(): number {
		return this.#size;
	}

	get(id: ConnId, local: SocketAddr): T | undefined {
		for (let s = this.#byId.get(id); s !== undefined; s = s.next)
			if (s.port === local.port && s.ip === local.ip) return s.value;
		return undefined;
	}

	has(id: ConnId, local: SocketAddr): boolean {
		for (let s = this.#byId.get(id); s !== undefined; s = s.next)
			if (s.port === local.port && s.ip === local.ip) return true;
		return false;
	}

	/** Adds, or replaces the value in place (keeping its place in the order). */
	set(id: ConnId, local: SocketAddr, value: T): void {
		const head = this.#byId.get(id);
		for (let s = head; s !== undefined; s = s.next) {
			if (s.port === local.port && s.ip === local.ip) {
				s.value = value;
				return;
			}
		}
		const slot: Slot<T> = { ip: local.ip, port: local.port, value, seq: this.#seq++, next: head };
		this.#byId.set(id, slot);
		this.#size++;
	}

	/** Whether it was there. */
	delete(id: ConnId, local: SocketAddr): boolean {
		let prev: Slot<T> | undefined;
		for (let s = this.#byId.get(id); s !== undefined; prev = s, s = s.next) {
			if (s.port !== local.port || s.ip !== local.ip) continue;
			if (prev) prev.next = s.next;
			else if (s.next) this.#byId.set(id, s.next);
			else this.#byId.delete(id);
			this.#size--;
			return true;
		}
		return false;
	}

	/** The values in insertion order (a copy: the table may change while they are used). */
	values(): T[] {
		const slots: Slot<T>[] = [];
		for (const head of this.#byId.values())
			for (let s: Slot<T> | undefined = head; s !== undefined; s = s.next) slots.push(s);
		return slots.sort((a, b) => a.seq - b.seq).map((s) => s.value);
	}

	clear(): void {
		this.#byId.clear();
		this.#size = 0;
	}
}
