/**
 * Keys from the ECDHE shared secret, a simplified TLS 1.3 key schedule (RFC 8446 §7.1): HKDF
 * with SHA-384 (the hash of TLS13_AES_256_GCM_SHA384), salted with the transcript hash, so both
 * peers' random values and key shares bind every key. Handshake keys protect the certificates;
 * application keys are derived once both Finished messages are known.
 */
import { buf, concat, utf8 } from './bytes.ts';
import type { TrafficKeys } from './record.ts';

export const HASH = 'SHA-384';
export const HASH_BYTES = 48;
const KEY_BYTES = 32;
const IV_BYTES = 12;

export const ECDH_PARAMS = { name: 'ECDH', namedCurve: 'P-256' } as const;

export interface HandshakeKeys {
	readonly client: TrafficKeys;
	readonly server: TrafficKeys;
	/** HMAC keys for each side's Finished. */
	readonly clientFinished: CryptoKey;
	readonly serverFinished: CryptoKey;
}

export interface ApplicationKeys {
	readonly client: TrafficKeys;
	readonly server: TrafficKeys;
}

export function transcriptHash(
	crypto: Crypto,
	messages: readonly Uint8Array[]
): Promise<Uint8Array> {
	return crypto.subtle.digest(HASH, buf(concat(messages))).then((h) => new Uint8Array(h));
}

/** ECDH over P-256, imported as HKDF input keying material. */
export async function sharedSecret(
	crypto: Crypto,
	ours: CryptoKey,
	peerShare: Uint8Array
): Promise<CryptoKey> {
	const peer = await crypto.subtle.importKey('raw', buf(peerShare), ECDH_PARAMS, false, []);
	const bits = await crypto.subtle.deriveBits({ name: 'ECDH', public: peer }, ours, 256);
	return crypto.subtle.importKey('raw', bits, 'HKDF', false, ['deriveBits']);
}

async function expand(
	crypto: Crypto,
	ikm: CryptoKey,
	salt: Uint8Array,
	label: string,
	bytes: number
): Promise<Uint8Array> {
	const bits = await crypto.subtle.deriveBits(
		{ name: 'HKDF', hash: HASH, salt: buf(salt), info: buf(utf8(`hbone tls13 ${label}`)) },
		ikm,
		bytes * 8
	);
	return new Uint8Array(bits);
}

const aesKey = (crypto: Crypto, raw: Uint8Array): Promise<CryptoKey> =>
	crypto.subtle.importKey('raw', buf(raw), 'AES-GCM', false, ['encrypt', 'decrypt']);

const hmacKey = (crypto: Crypto, raw: Uint8Array): Promise<CryptoKey> =>
	crypto.subtle.importKey('raw', buf(raw), { name: 'HMAC', hash: HASH }, false, ['sign', 'verify']);

async function trafficKeys(crypto: Crypto, material: Uint8Array): Promise<TrafficKeys> {
	return {
		key: await aesKey(crypto, material.subarray(0, KEY_BYTES)),
		iv: material.slice(KEY_BYTES, KEY_BYTES + IV_BYTES)
	};
}

/** After ServerHello: `salt` is the hash of ClientHello‖ServerHello. */
export async function handshakeKeys(
	crypto: Crypto,
	ikm: CryptoKey,
	salt: Uint8Array
): Promise<HandshakeKeys> {
	const side = KEY_BYTES + IV_BYTES + HASH_BYTES;
	const m = await expand(crypto, ikm, salt, 'hs traffic', 2 * side);
	const c = m.subarray(0, side);
	const s = m.subarray(side);
	const [client, server, clientFinished, serverFinished] = await Promise.all([
		trafficKeys(crypto, c),
		trafficKeys(crypto, s),
		hmacKey(crypto, c.subarray(KEY_BYTES + IV_BYTES)),
		hmacKey(crypto, s.subarray(KEY_BYTES + IV_BYTES))
	]);
	return { client, server, clientFinished, serverFinished };
}

/** After the server's Finished: `salt` is the transcript hash through it. */
export async function applicationKeys(
	crypto: Crypto,
	ikm: CryptoKey,
	salt: Uint8Array
): Promise<ApplicationKeys> {
	const side = KEY_BYTES + IV_BYTES;
	const m = await expand(crypto, ikm, salt, 'ap traffic', 2 * side);
	const [client, server] = await Promise.all([
		trafficKeys(crypto, m.subarray(0, side)),
		trafficKeys(crypto, m.subarray(side))
	]);
	return { client, server };
}

export async function finishedMac(
	crypto: Crypto,
	key: CryptoKey,
	hash: Uint8Array
): Promise<Uint8Array> {
	return new Uint8Array(await crypto.subtle.sign('HMAC', key, buf(hash)));
}

/** Constant-time check of a peer's Finished. */
export function verifyFinished(
	crypto: Crypto,
	key: CryptoKey,
	hash: Uint8Array,
	mac: Uint8Array
): Promise<boolean> {
	return crypto.subtle.verify('HMAC', key, buf(mac), buf(hash));
}

/** What CertificateVerify signs (RFC 8446 §4.4.3): 64 spaces, a context string, 0, the hash. */
export function signedContent(role: 'server' | 'client', hash: Uint8Array): Uint8Array {
	return concat([
		new Uint8Array(64).fill(0x20),
		utf8(`TLS 1.3, ${role} CertificateVerify`),
		Uint8Array.of(0),
		hash
	]);
}
