/**
 * Two connected in-memory Sockets (src/mesh/net/socket.ts) over plain promises, with the same
 * semantics as the stack: writes after end/reset are ignored, eof and reset repeat on every later
 * read, and a reset discards data the peer has not read yet. A `tap` sees (and may rewrite or
 * drop) every chunk, and `captured` keeps what went on the wire in each direction, so tests can
 * search the bytes an observer would see.
 */
import type { ReadResult, Socket } from '../../src/mesh/net/socket.ts';
import { connId, ip, type SocketAddr } from '../../src/mesh/types.ts';

export type Direction = 'a→b' | 'b→a';
/** Returns the bytes to deliver (possibly changed), or `undefined` to drop the chunk. */
export type Tap = (direction: Direction, bytes: Uint8Array) => Uint8Array | undefined;

class End implements Socket {
	peer!: End;
	readonly #queue: ReadResult[] = [];
	readonly #waiters: ((r: ReadResult) => void)[] = [];
	#final: ReadResult | undefined;
	#writeClosed = false;

	constructor(
		readonly id: ReturnType<typeof connId>,
		readonly local: SocketAddr,
		readonly remote: SocketAddr,
		readonly direction: Direction,
		readonly pair: {
			tap: Tap | undefined;
			captured: Record<Direction, Uint8Array[]>;
			keep: boolean;
		}
	) {}

	write(bytes: Uint8Array): void {
		if (this.#writeClosed || bytes.length === 0) return;
		const copy = bytes.slice();
		if (this.pair.keep) this.pair.captured[this.direction].push(copy);
		const delivered = this.pair.tap ? this.pair.tap(this.direction, copy) : copy;
		if (delivered) this.peer.deliver({ type: 'data', bytes: delivered });
	}

	end(): void {
		if (this.#writeClosed) return;
		this.#writeClosed = true;
		this.peer.deliver({ type: 'eof' });
	}

	reset(): void {
		if (this.#final?.type === 'reset') return;
		this.#abort();
		this.peer.#abort();
	}

	read(): Promise<ReadResult> {
		const next = this.#queue.shift();
		if (next) return Promise.resolve(next);
		if (this.#final) return Promise.resolve(this.#final);
		return new Promise((resolve) => this.#waiters.push(resolve));
	}

	get writeClosed(): boolean {
		return this.#writeClosed;
	}

	deliver(r: ReadResult): void {
		if (this.#final) return;
		if (r.type !== 'data') {
			this.#final = r;
			if (this.#queue.length === 0) for (const w of this.#waiters.splice(0)) w(r);
			return;
		}
		const waiter = this.#waiters.shift();
		if (waiter) waiter(r);
		else this.#queue.push(r);
	}

	#abort(): void {
		this.#writeClosed = true;
		this.#queue.length = 0;
		const r: ReadResult = { type: 'reset', reason: 'reset' };
		this.#final = r;
		for (const w of this.#waiters.splice(0)) w(r);
	}
}

export interface SocketPair {
	/** The connecting side (client). */
	readonly a: Socket & { readonly writeClosed: boolean };
	/** The accepting side (server). */
	readonly b: Socket & { readonly writeClosed: boolean };
	readonly captured: Record<Direction, Uint8Array[]>;
	/** Everything sent in one direction, concatenated. */
	wire(direction: Direction): Uint8Array;
	tap: Tap | undefined;
}

let next = 0;

export function socketPair(
	options: {
		tap?: Tap;
		/** false: `captured` stays empty (a benchmark's pooled connection would keep every byte). */
		keepBytes?: boolean;
	} = {}
): SocketPair {
	const n = next++;
	const client = { ip: ip('10.244.1.5'), port: 40000 + (n % 20000) };
	const server = { ip: ip('10.244.2.7'), port: 15008 };
	const state = {
		tap: options.tap,
		captured: { 'a→b': [], 'b→a': [] } as Record<Direction, Uint8Array[]>,
		keep: options.keepBytes ?? true
	};
	const a = new End(connId(`pair/${n}`), client, server, 'a→b', state);
	const b = new End(connId(`pair/${n}`), server, client, 'b→a', state);
	a.peer = b;
	b.peer = a;
	return {
		a,
		b,
		captured: state.captured,
		wire(direction) {
			const parts = state.captured[direction];
			const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
			let off = 0;
			for (const p of parts) {
				out.set(p, off);
				off += p.length;
			}
			return out;
		},
		get tap() {
			return state.tap;
		},
		set tap(t) {
			state.tap = t;
		}
	};
}

/** Reads until eof or reset; returns the data and how it ended. */
export async function readAll(
	socket: Pick<Socket, 'read'>
): Promise<{ text: string; end: ReadResult }> {
	const parts: Uint8Array[] = [];
	for (;;) {
		const r = await socket.read();
		if (r.type !== 'data') {
			return { text: new TextDecoder().decode(concatAll(parts)), end: r };
		}
		parts.push(r.bytes);
	}
}

function concatAll(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
	let off = 0;
	for (const p of parts) {
		out.set(p, off);
		off += p.length;
	}
	return out;
}
