/**
 * A certificate with a serial @peculiar/x509 will not write: it replaces a zero serial (the
 * Secure Gateways task's `-set_serial 0`) with a random one. This rewrites the TBSCertificate's
 * serial INTEGER in the DER and signs it again with the issuer's key (RFC 5280 §4.1: the
 * signature covers the DER of tbsCertificate).
 */
import { RSA_SHA256 } from './keys.ts';

interface Tlv {
	readonly start: number;
	readonly contentStart: number;
	readonly end: number;
}

function tlv(der: Uint8Array, at: number): Tlv {
	let len = der[at + 1] as number;
	let contentStart = at + 2;
	if (len & 0x80) {
		const n = len & 0x7f;
		len = 0;
		for (let i = 0; i < n; i++) len = len * 256 + (der[at + 2 + i] as number);
		contentStart += n;
	}
	return { start: at, contentStart, end: contentStart + len };
}

function encodeLength(n: number): number[] {
	if (n < 0x80) return [n];
	const bytes: number[] = [];
	for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
	return [0x80 | bytes.length, ...bytes];
}

function wrap(tag: number, ...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
	const len = parts.reduce((s, p) => s + p.length, 0);
	const out = new Uint8Array([tag, ...encodeLength(len), ...new Uint8Array(len)]);
	let at = out.length - len;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** `cert` with its serial replaced by `serial` (DER INTEGER content bytes), signed by `key`. */
export async function withSerial(
	crypto: Crypto,
	cert: ArrayBuffer,
	serial: Uint8Array,
	key: CryptoKey
): Promise<ArrayBuffer> {
	const der = new Uint8Array(cert);
	const outer = tlv(der, 0);
	const tbs = tlv(der, outer.contentStart);
	const sigAlg = tlv(der, tbs.end);
	let at = tbs.contentStart;
	const version = der[at] === 0xa0 ? tlv(der, at) : undefined;
	if (version) at = version.end;
	const oldSerial = tlv(der, at);
	const newTbs = wrap(
		0x30,
		der.slice(tbs.contentStart, oldSerial.start),
		wrap(0x02, serial),
		der.slice(oldSerial.end, tbs.end)
	);
	const signature = new Uint8Array(await crypto.subtle.sign(RSA_SHA256, key, newTbs));
	const bitString = wrap(0x03, new Uint8Array([0]), signature);
	const out = wrap(0x30, newTbs, der.slice(sigAlg.start, sigAlg.end), bitString);
	return out.buffer;
}
