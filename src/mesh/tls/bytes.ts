/** Big-endian byte encoding for the handshake and record codecs. */

export function concat(parts: readonly Uint8Array[]): Uint8Array {
	let size = 0;
	for (const p of parts) size += p.length;
	const out = new Uint8Array(size);
	let off = 0;
	for (const p of parts) {
		out.set(p, off);
		off += p.length;
	}
	return out;
}

export function uint(value: number, bytes: 1 | 2 | 3 | 4): Uint8Array {
	const out = new Uint8Array(bytes);
	for (let i = bytes - 1; i >= 0; i--) {
		out[i] = value & 0xff;
		value = Math.floor(value / 256);
	}
	return out;
}

/** `len(bytes)` as a `width`-byte prefix, then the bytes (TLS's `opaque x<0..2^n-1>`). */
export function vector(body: Uint8Array, width: 1 | 2 | 3): Uint8Array {
	return concat([uint(body.length, width), body]);
}

/** A bounds-checked cursor: every read returns `undefined` past the end instead of throwing. */
export class ByteReader {
	#off = 0;
	constructor(readonly bytes: Uint8Array) {}

	get remaining(): number {
		return this.bytes.length - this.#off;
	}

	uint(width: 1 | 2 | 3 | 4): number | undefined {
		if (this.remaining < width) return undefined;
		let v = 0;
		for (let i = 0; i < width; i++) v = v * 256 + (this.bytes[this.#off + i] ?? 0);
		this.#off += width;
		return v;
	}

	take(n: number): Uint8Array | undefined {
		if (n < 0 || this.remaining < n) return undefined;
		const out = this.bytes.subarray(this.#off, this.#off + n);
		this.#off += n;
		return out;
	}

	vector(width: 1 | 2 | 3): Uint8Array | undefined {
		const n = this.uint(width);
		return n === undefined ? undefined : this.take(n);
	}
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** WebCrypto wants an ArrayBuffer-backed view; this copies only when needed. */
export function buf(b: Uint8Array): Uint8Array<ArrayBuffer> {
	return b.buffer instanceof ArrayBuffer ? (b as Uint8Array<ArrayBuffer>) : new Uint8Array(b);
}
