/**
 * HTTP/2 framing as HBONE uses it (RFC 9113 §4, §6): the 9-byte frame header, the frame types a
 * CONNECT tunnel needs, and header blocks written as HPACK literals without indexing (RFC 7541
 * §6.2.2; no Huffman, no dynamic table, so every block stands alone). No flow-control windows:
 * the simulated network never stalls a sender, so WINDOW_UPDATE would carry nothing.
 * Mirrors what hyper/h2 put on the wire under ztunnel src/proxy/h2.
 */

/** What a client sends first (RFC 9113 §3.4), before its SETTINGS frame. */
export const PREFACE = new TextEncoder().encode('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

/** SETTINGS_MAX_FRAME_SIZE's default: no frame payload is larger. */
export const MAX_FRAME_PAYLOAD = 16_384;
const HEADER_SIZE = 9;
const EMPTY = new Uint8Array(0);

export const FrameType = {
	Data: 0x0,
	Headers: 0x1,
	RstStream: 0x3,
	Settings: 0x4,
	Ping: 0x6,
	GoAway: 0x7
} as const;

export const Flags = { EndStream: 0x1, Ack: 0x1, EndHeaders: 0x4 } as const;

/** RFC 9113 §7 error codes, with the names h2 prints (`stream error received: …`). */
export const ErrorCode = {
	NO_ERROR: 0x0,
	PROTOCOL_ERROR: 0x1,
	INTERNAL_ERROR: 0x2,
	FRAME_SIZE_ERROR: 0x6,
	REFUSED_STREAM: 0x7,
	CANCEL: 0x8,
	COMPRESSION_ERROR: 0x9,
	CONNECT_ERROR: 0xa
} as const;
export type ErrorCodeName = keyof typeof ErrorCode;

/** What h2's Reason Display prints for a code (`unspecific protocol error detected`, …). */
export function describeErrorCode(code: number): string {
	switch (code) {
		case ErrorCode.NO_ERROR:
			return 'not a result of an error';
		case ErrorCode.PROTOCOL_ERROR:
			return 'unspecific protocol error detected';
		case ErrorCode.INTERNAL_ERROR:
			return 'unexpected internal error encountered';
		case ErrorCode.FRAME_SIZE_ERROR:
			return 'frame with invalid size';
		case ErrorCode.REFUSED_STREAM:
			return 'refused stream before processing any application logic';
		case ErrorCode.CANCEL:
			return 'stream no longer needed';
		case ErrorCode.COMPRESSION_ERROR:
			return 'unable to maintain the header compression context';
		case ErrorCode.CONNECT_ERROR:
			return 'connection established in response to a CONNECT request was reset or abnormally closed';
		default:
			return `unknown reason (${code})`;
	}
}

export interface Frame {
	readonly type: number;
	readonly flags: number;
	readonly streamId: number;
	readonly payload: Uint8Array;
}

export function encodeFrame(type: number, flags: number, streamId: number, payload?: Uint8Array) {
	const len = payload?.length ?? 0;
	const out = new Uint8Array(HEADER_SIZE + len);
	out[0] = (len >>> 16) & 0xff;
	out[1] = (len >>> 8) & 0xff;
	out[2] = len & 0xff;
	out[3] = type;
	out[4] = flags;
	const id = streamId & 0x7fffffff;
	out[5] = id >>> 24;
	out[6] = (id >>> 16) & 0xff;
	out[7] = (id >>> 8) & 0xff;
	out[8] = id & 0xff;
	if (payload) out.set(payload, HEADER_SIZE);
	return out;
}

/** A 32-bit big-endian value (RST_STREAM's error code; GOAWAY's last stream id and code). */
export function u32(...values: number[]): Uint8Array {
	const out = new Uint8Array(values.length * 4);
	const view = new DataView(out.buffer);
	values.forEach((v, i) => view.setUint32(i * 4, v >>> 0));
	return out;
}

export function readU32(payload: Uint8Array, offset = 0): number | undefined {
	if (payload.length < offset + 4) return undefined;
	return new DataView(payload.buffer, payload.byteOffset).getUint32(offset);
}

export type FrameError = { readonly type: 'frame-error'; readonly code: ErrorCodeName };

/** Collects bytes and returns whole frames; the server first checks the client preface. */
export class FrameReader {
	#buf = EMPTY;
	#needPreface: boolean;

	constructor(expectPreface: boolean) {
		this.#needPreface = expectPreface;
	}

	push(bytes: Uint8Array): Frame[] | FrameError {
		const buf = this.#buf.length === 0 ? bytes : concat(this.#buf, bytes);
		let off = 0;
		if (this.#needPreface) {
			const have = Math.min(buf.length, PREFACE.length);
			for (let i = 0; i < have; i++) {
				if (buf[i] !== PREFACE[i]) return { type: 'frame-error', code: 'PROTOCOL_ERROR' };
			}
			if (have < PREFACE.length) {
				this.#buf = buf.slice();
				return [];
			}
			this.#needPreface = false;
			off = PREFACE.length;
		}
		const frames: Frame[] = [];
		while (buf.length - off >= HEADER_SIZE) {
			const len = ((buf[off] ?? 0) << 16) | ((buf[off + 1] ?? 0) << 8) | (buf[off + 2] ?? 0);
			if (len > MAX_FRAME_PAYLOAD) return { type: 'frame-error', code: 'FRAME_SIZE_ERROR' };
			if (buf.length - off < HEADER_SIZE + len) break;
			// Payloads are views: what a reader is pushed is never written to afterwards (a TLS
			// record's plaintext, or a buffer this reader made).
			frames.push({
				type: buf[off + 3] ?? 0,
				flags: buf[off + 4] ?? 0,
				streamId:
					(((buf[off + 5] ?? 0) & 0x7f) << 24) |
					((buf[off + 6] ?? 0) << 16) |
					((buf[off + 7] ?? 0) << 8) |
					(buf[off + 8] ?? 0),
				payload: buf.subarray(off + HEADER_SIZE, off + HEADER_SIZE + len)
			});
			off += HEADER_SIZE + len;
		}
		this.#buf = off === buf.length ? EMPTY : buf.slice(off);
		return frames;
	}
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	const out = new Uint8Array(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out;
}

/** `[name, value]` with lower-case names; pseudo-headers (`:status`) first, as RFC 9113 requires. */
export type HeaderField = readonly [name: string, value: string];

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** RFC 7541 §5.1 integer with an N-bit prefix (the first byte's high bits are `mask`). */
function encodeInt(value: number, prefixBits: number, mask: number, out: number[]): void {
	const max = (1 << prefixBits) - 1;
	if (value < max) {
		out.push(mask | value);
		return;
	}
	out.push(mask | max);
	let v = value - max;
	while (v >= 128) {
		out.push((v % 128) + 128);
		v = Math.floor(v / 128);
	}
	out.push(v);
}

function decodeInt(b: Uint8Array, at: number, prefixBits: number): [number, number] | undefined {
	const max = (1 << prefixBits) - 1;
	const first = b[at];
	if (first === undefined) return undefined;
	let value = first & max;
	let pos = at + 1;
	if (value < max) return [value, pos];
	for (let shift = 0; shift <= 28; shift += 7) {
		const byte = b[pos++];
		if (byte === undefined) return undefined;
		value += (byte & 0x7f) * 2 ** shift;
		if ((byte & 0x80) === 0) return [value, pos];
	}
	return undefined;
}

/** A string literal (no Huffman) at `at`; returns where it ends. `out` has room (blockSize). */
function writeString(s: string, out: Uint8Array, at: number): number {
	// HBONE's headers are ASCII (addresses, SPIFFE ids, baggage): their bytes are their char codes.
	let ascii = s.length < 127;
	for (let i = 0; ascii && i < s.length; i++) ascii = s.charCodeAt(i) < 0x80;
	if (!ascii) {
		const bytes = utf8.encode(s);
		const prefix: number[] = [];
		encodeInt(bytes.length, 7, 0x00, prefix);
		out.set(prefix, at);
		out.set(bytes, at + prefix.length);
		return at + prefix.length + bytes.length;
	}
	out[at++] = s.length;
	for (let i = 0; i < s.length; i++) out[at++] = s.charCodeAt(i);
	return at;
}

/** An upper bound of a string literal's size: UTF-8 is ≤ 3 bytes a UTF-16 unit, plus the length. */
const literalBound = (s: string): number => 3 * s.length + 6;

/** Every field as "Literal Header Field without Indexing — New Name" (0x00). */
export function encodeHeaderBlock(fields: readonly HeaderField[]): Uint8Array {
	let bound = 0;
	for (const [name, value] of fields) bound += 1 + literalBound(name) + literalBound(value);
	const out = new Uint8Array(bound);
	let at = 0;
	for (const [name, value] of fields) {
		out[at++] = 0x00;
		at = writeString(name, out, at);
		at = writeString(value, out, at);
	}
	// A view of what was written: frames copy their payload.
	return out.subarray(0, at);
}

/** Accepts only the literal forms we write (0x00 and never-indexed 0x10 with a new name). */
export function decodeHeaderBlock(block: Uint8Array): HeaderField[] | FrameError {
	const fields: HeaderField[] = [];
	const bad: FrameError = { type: 'frame-error', code: 'COMPRESSION_ERROR' };
	let at = 0;
	const str = (): string | undefined => {
		if ((block[at] ?? 0) & 0x80) return undefined; // Huffman: not spoken here
		const len = decodeInt(block, at, 7);
		if (!len || len[1] + len[0] > block.length) return undefined;
		const s = fromUtf8.decode(block.subarray(len[1], len[1] + len[0]));
		at = len[1] + len[0];
		return s;
	};
	while (at < block.length) {
		const kind = block[at++];
		if (kind !== 0x00 && kind !== 0x10) return bad;
		const name = str();
		const value = name === undefined ? undefined : str();
		if (name === undefined || value === undefined) return bad;
		fields.push([name, value]);
	}
	return fields;
}
