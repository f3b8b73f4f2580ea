/**
 * The WebCrypto the Node edges hand the mesh: Node's own, except AES-GCM `encrypt`/`decrypt`,
 * which run on node:crypto's cipher at once. The bytes are the same AES-256-GCM (same key, nonce,
 * additional data and 16-byte tag); what goes is Node's WebCrypto overhead per call (argument
 * normalisation and a thread-pool job: 35–100 µs each, against ~5 µs), paid once per TLS record,
 * which made it most of a warm meshed connection's cost. Browsers keep their WebCrypto.
 * `aesGcmNow` is the same cipher without a promise, for the record layer (tls/aes-gcm-now.ts).
 */
import { KeyObject, createCipheriv, createDecipheriv } from 'node:crypto';
import type { AesGcmNow } from '../../mesh/tls/aes-gcm-now.ts';

const TAG_BYTES = 16;

type Data = ArrayBuffer | ArrayBufferView;

/** A key's node:crypto form, made once per CryptoKey (non-extractable keys convert too). */
const keyObjects = new WeakMap<CryptoKey, KeyObject>();

function keyObject(key: CryptoKey): KeyObject {
	let k = keyObjects.get(key);
	if (!k) {
		k = KeyObject.from(key);
		keyObjects.set(key, k);
	}
	return k;
}

function bytes(data: Data): Uint8Array {
	// A Uint8Array as it is: reading `.buffer` of a small one makes V8 move it off its heap.
	if (data instanceof Uint8Array) return data;
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The copy WebCrypto would return: its own ArrayBuffer (made first, never read from a view). */
function arrayBuffer(parts: readonly Uint8Array[]): ArrayBuffer {
	let size = 0;
	for (const p of parts) size += p.length;
	const buffer = new ArrayBuffer(size);
	const out = new Uint8Array(buffer);
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return buffer;
}

interface GcmParams {
	readonly name: string;
	readonly iv: Data;
	readonly additionalData?: Data;
	readonly tagLength?: number;
}

/** The calls this fast path takes: AES-GCM with a 128-bit tag on a 256-bit secret key. */
function gcmParams(algorithm: unknown, key: CryptoKey): GcmParams | undefined {
	if (typeof algorithm !== 'object' || algorithm === null) return undefined;
	const a = algorithm as Partial<GcmParams>;
	if (typeof a.name !== 'string' || a.name.toUpperCase() !== 'AES-GCM' || a.iv === undefined)
		return undefined;
	if ((a.tagLength ?? 128) !== 128 || key.algorithm.name !== 'AES-GCM') return undefined;
	if ((key.algorithm as AesKeyAlgorithm).length !== 256) return undefined;
	return a as GcmParams;
}

/** WebCrypto's failure for a tag that does not verify. */
function operationError(): DOMException {
	return new DOMException(
		'The operation failed for an operation-specific reason',
		'OperationError'
	);
}

function seal(p: GcmParams, key: CryptoKey, data: Data): ArrayBuffer {
	const cipher = createCipheriv('aes-256-gcm', keyObject(key), bytes(p.iv));
	if (p.additionalData !== undefined) cipher.setAAD(bytes(p.additionalData));
	const body = cipher.update(bytes(data));
	const last = cipher.final();
	return arrayBuffer([body, last, cipher.getAuthTag()]);
}

function open(p: GcmParams, key: CryptoKey, data: Data): ArrayBuffer {
	const all = bytes(data);
	if (all.length < TAG_BYTES) throw operationError();
	const decipher = createDecipheriv('aes-256-gcm', keyObject(key), bytes(p.iv));
	if (p.additionalData !== undefined) decipher.setAAD(bytes(p.additionalData));
	decipher.setAuthTag(all.subarray(all.length - TAG_BYTES));
	const body = decipher.update(all.subarray(0, all.length - TAG_BYTES));
	try {
		return arrayBuffer([body, decipher.final()]);
	} catch {
		throw operationError();
	}
}

/** The keys `aesGcmNow` takes: what `gcmParams` lets through, and the usage the call needs. */
function takes(key: CryptoKey, usage: KeyUsage): boolean {
	const a = key.algorithm as AesKeyAlgorithm;
	return a.name === 'AES-GCM' && a.length === 256 && key.usages.includes(usage);
}

/** One plaintext byte after the content (a TLS record's inner type), made once. */
const trailerByte = new Uint8Array(1);

/**
 * AES-256-GCM in the call (tls/aes-gcm-now.ts): the record layer's seal writes the ciphertext
 * straight after the header it already made, and takes the inner content type as a second
 * `update` (GCM is a stream: the same bytes as one plaintext), so no plaintext or result copy.
 */
const aesGcmNow: AesGcmNow = {
	seal(key, iv, aad, content, trailer, out, offset) {
		if (!takes(key, 'encrypt')) return undefined;
		const cipher = createCipheriv('aes-256-gcm', keyObject(key), iv);
		cipher.setAAD(aad);
		out.set(cipher.update(content), offset);
		trailerByte[0] = trailer;
		out.set(cipher.update(trailerByte), offset + content.length);
		cipher.final();
		out.set(cipher.getAuthTag(), offset + content.length + 1);
		return true;
	},
	open(key, iv, aad, sealed) {
		if (!takes(key, 'decrypt')) return undefined;
		if (sealed.length < TAG_BYTES) return false;
		const decipher = createDecipheriv('aes-256-gcm', keyObject(key), iv);
		decipher.setAAD(aad);
		decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
		const body = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
		try {
			decipher.final();
		} catch {
			return false;
		}
		// A plain Uint8Array over the Buffer's bytes: a Buffer's `slice` would not copy.
		return new Uint8Array(body.buffer, body.byteOffset, body.length);
	}
};

/**
 * `base` with AES-GCM done by node:crypto. Usages are checked as WebCrypto does; anything this
 * path does not take (other algorithms, tag lengths, key sizes) goes to `base` unchanged.
 */
export function nodeCrypto(base: Crypto = globalThis.crypto): Crypto {
	const subtle = base.subtle;
	const fast = (
		usage: KeyUsage,
		run: (p: GcmParams, key: CryptoKey, data: Data) => ArrayBuffer,
		slow: SubtleCrypto['encrypt']
	): SubtleCrypto['encrypt'] =>
		function (algorithm, key, data) {
			const p = gcmParams(algorithm, key);
			if (!p || !key.usages.includes(usage)) return slow.call(subtle, algorithm, key, data);
			try {
				return Promise.resolve(run(p, key, data as Data));
			} catch (e) {
				return Promise.reject(e as Error);
			}
		};
	// SubtleCrypto's own methods need the real object as `this`.
	const own = (name: Exclude<keyof SubtleCrypto, 'encrypt' | 'decrypt'>) => {
		const method = subtle[name] as (...args: unknown[]) => unknown;
		return (...args: unknown[]) => method.apply(subtle, args);
	};
	const wrapped = {
		encrypt: fast('encrypt', seal, subtle.encrypt),
		decrypt: fast('decrypt', open, subtle.decrypt),
		deriveBits: own('deriveBits'),
		deriveKey: own('deriveKey'),
		digest: own('digest'),
		exportKey: own('exportKey'),
		generateKey: own('generateKey'),
		importKey: own('importKey'),
		sign: own('sign'),
		unwrapKey: own('unwrapKey'),
		verify: own('verify'),
		wrapKey: own('wrapKey')
	} as SubtleCrypto;
	return {
		subtle: wrapped,
		getRandomValues: base.getRandomValues.bind(base),
		randomUUID: base.randomUUID.bind(base),
		aesGcmNow
	} as Crypto;
}
