/**
 * The record layer: TLS 1.3-shaped frames over a byte stream, and their AES-256-GCM protection.
 *
 * A record is `type(1) 0x03 0x03 length(2) fragment`, so captures look like TLS. Before keys
 * exist, handshake messages and alerts travel in the clear. Afterwards every record is
 * `application_data` whose plaintext is `content || real type` (RFC 8446 §5.2), sealed with a
 * per-direction key and a nonce of `iv XOR sequence number`: a replayed, reordered, dropped or
 * altered record fails authentication because the receiver expects the next sequence number.
 */
import type { Socket } from '../net/socket.ts';
import { type AesGcmNow, aesGcmNow } from './aes-gcm-now.ts';
import { buf, concat } from './bytes.ts';
import { type TlsError, badRecordMac, decodeError } from './errors.ts';

export const ContentType = { Alert: 21, Handshake: 22, ApplicationData: 23 } as const;
export type ContentType = (typeof ContentType)[keyof typeof ContentType];

/** The largest plaintext per record (2^14), as TLS. */
export const MAX_PLAINTEXT = 16384;
/** Content + inner type + GCM tag, with TLS's allowance for padding. */
const MAX_FRAGMENT = MAX_PLAINTEXT + 256;
const HEADER = 5;
const TAG = 16;

export interface TlsRecord {
	readonly type: 'record';
	readonly contentType: number;
	readonly fragment: Uint8Array;
	/** The 5 header bytes: additional data for AEAD. */
	readonly header: Uint8Array;
}

export type RecordRead =
	| TlsRecord
	| { readonly type: 'eof' }
	| { readonly type: 'reset'; readonly reason: string }
	| TlsError;

function header(contentType: number, length: number): Uint8Array<ArrayBuffer> {
	return Uint8Array.of(contentType, 3, 3, (length >>> 8) & 0xff, length & 0xff);
}

export function encodeRecord(contentType: number, fragment: Uint8Array): Uint8Array {
	return concat([header(contentType, fragment.length), fragment]);
}

const EMPTY = new Uint8Array(0);

/** Reassembles records from socket reads, whatever the chunking. */
export class RecordReader {
	readonly #socket: Socket;
	#buffer: Uint8Array = EMPTY;
	#done: RecordRead | undefined;

	constructor(socket: Socket) {
		this.#socket = socket;
	}

	async next(): Promise<RecordRead> {
		for (;;) {
			const record = this.#take();
			if (record) return record;
			if (this.#done) return this.#done;
			const r = await this.#socket.read();
			// Records are cut from the buffer as views, never written to: a read's bytes can be the
			// buffer as they are when nothing is left over.
			if (r.type === 'data')
				this.#buffer = this.#buffer.length === 0 ? r.bytes : concat([this.#buffer, r.bytes]);
			else if (r.type === 'eof') {
				// A partial record before FIN is a truncated stream, not a clean close.
				this.#done =
					this.#buffer.length > 0 ? decodeError('connection closed mid-record') : { type: 'eof' };
			} else this.#done = { type: 'reset', reason: r.reason };
		}
	}

	#take(): TlsRecord | TlsError | undefined {
		const b = this.#buffer;
		if (b.length < HEADER) return undefined;
		const length = ((b[3] ?? 0) << 8) | (b[4] ?? 0);
		if (b[1] !== 3 || b[2] !== 3 || length > MAX_FRAGMENT) {
			this.#done = decodeError('not a TLS record');
			this.#buffer = EMPTY;
			return this.#done;
		}
		if (b.length < HEADER + length) return undefined;
		// Most reads are one whole record: then nothing is left, and no view of nothing is made.
		this.#buffer = b.length === HEADER + length ? EMPTY : b.subarray(HEADER + length);
		return {
			type: 'record',
			contentType: b[0] ?? 0,
			header: b.subarray(0, HEADER),
			fragment: b.subarray(HEADER, HEADER + length)
		};
	}
}

/** Traffic keys for one direction. */
export interface TrafficKeys {
	readonly key: CryptoKey;
	/** 12 bytes, XORed with the sequence number to form each nonce. */
	readonly iv: Uint8Array;
}

function nonce(iv: Uint8Array, seq: number): Uint8Array<ArrayBuffer> {
	return nonceInto(new Uint8Array(12), iv, seq);
}

/** `iv` XOR the sequence number, big-endian in the last 8 bytes, written into `n`. */
function nonceInto(
	n: Uint8Array<ArrayBuffer>,
	iv: Uint8Array,
	seq: number
): Uint8Array<ArrayBuffer> {
	n.set(iv);
	// No DataView per record.
	const high = Math.floor(seq / 2 ** 32);
	for (let i = 0; i < 4; i++) {
		n[7 - i] = (n[7 - i] ?? 0) ^ ((high >>> (8 * i)) & 0xff);
		n[11 - i] = (n[11 - i] ?? 0) ^ ((seq >>> (8 * i)) & 0xff);
	}
	return n;
}

/** Seals outgoing records. The sequence number is taken when `seal` is called, not resolved. */
export class RecordSealer {
	#seq = 0;
	readonly #now: AesGcmNow | undefined;
	/** The nonce and header of `sealNow`, reused: the edge reads them before it returns. */
	readonly #nonce = new Uint8Array(12);
	readonly #header = Uint8Array.of(ContentType.ApplicationData, 3, 3, 0, 0);
	constructor(
		readonly keys: TrafficKeys,
		readonly crypto: Crypto
	) {
		this.#now = aesGcmNow(crypto);
	}

	async seal(innerType: ContentType, content: Uint8Array): Promise<Uint8Array> {
		const seq = this.#seq++;
		const hdr = header(ContentType.ApplicationData, content.length + 1 + TAG);
		const plaintext = new Uint8Array(content.length + 1);
		plaintext.set(content);
		plaintext[content.length] = innerType;
		const sealed = await this.crypto.subtle.encrypt(
			// Both made here, on ArrayBuffers: no `buf` (reading `.buffer` moves a small array off
			// V8's heap).
			{ name: 'AES-GCM', iv: nonce(this.keys.iv, seq), additionalData: hdr },
			this.keys.key,
			plaintext
		);
		return concat([hdr, new Uint8Array(sealed)]);
	}

	/**
	 * The same record as `seal`, sealed in this call into one buffer (header, ciphertext, tag),
	 * when the edge has AES-GCM that returns at once; else undefined and no sequence number used.
	 */
	sealNow(innerType: ContentType, content: Uint8Array): Uint8Array | undefined {
		const now = this.#now;
		if (!now) return undefined;
		const length = content.length + 1 + TAG;
		// The header, made in a buffer of this sealer's (the additional data), then copied.
		const aad = this.#header;
		aad[3] = (length >>> 8) & 0xff;
		aad[4] = length & 0xff;
		const record = new Uint8Array(HEADER + length);
		record.set(aad);
		const iv = nonceInto(this.#nonce, this.keys.iv, this.#seq);
		if (!now.seal(this.keys.key, iv, aad, content, innerType, record, HEADER)) return undefined;
		this.#seq++;
		return record;
	}
}

export interface Opened {
	readonly innerType: number;
	readonly content: Uint8Array;
}

/** Opens incoming records in order; any failure is `bad record MAC`. */
export class RecordOpener {
	#seq = 0;
	readonly #now: AesGcmNow | undefined;
	readonly #nonce = new Uint8Array(12);
	constructor(
		readonly keys: TrafficKeys,
		readonly crypto: Crypto
	) {
		this.#now = aesGcmNow(crypto);
	}

	/** `open` in this call when the edge has AES-GCM that returns at once; else undefined. */
	openNow(record: TlsRecord): Opened | TlsError | undefined {
		const now = this.#now;
		if (!now) return undefined;
		if (record.contentType !== ContentType.ApplicationData || record.fragment.length < TAG + 1) {
			this.#seq++;
			return badRecordMac();
		}
		const iv = nonceInto(this.#nonce, this.keys.iv, this.#seq);
		const plain = now.open(this.keys.key, iv, record.header, record.fragment);
		if (plain === undefined) return undefined;
		this.#seq++;
		return plain === false ? badRecordMac() : inner(plain);
	}

	async open(record: TlsRecord): Promise<Opened | TlsError> {
		const seq = this.#seq++;
		if (record.contentType !== ContentType.ApplicationData || record.fragment.length < TAG + 1) {
			return badRecordMac();
		}
		let plain: Uint8Array;
		try {
			plain = new Uint8Array(
				await this.crypto.subtle.decrypt(
					{ name: 'AES-GCM', iv: nonce(this.keys.iv, seq), additionalData: buf(record.header) },
					this.keys.key,
					buf(record.fragment)
				)
			);
		} catch {
			return badRecordMac();
		}
		return inner(plain);
	}
}

/** Strips zero padding; the real content type is then the last non-zero byte. */
function inner(plain: Uint8Array): Opened | TlsError {
	let end = plain.length;
	while (end > 0 && plain[end - 1] === 0) end--;
	if (end === 0) return decodeError('record without content type');
	return { innerType: plain[end - 1] ?? 0, content: plain.subarray(0, end - 1) };
}
