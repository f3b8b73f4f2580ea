/**
 * Handshake messages: `type(1) length(3) body`, with TLS 1.3's type numbers. Our handshake is a
 * simplified TLS 1.3 (one key share, one cipher suite, mandatory client certificates), so the
 * bodies carry only what it uses. Decoding never throws: bad input is a `decode error`.
 */
import { ByteReader, concat, uint, utf8, vector } from './bytes.ts';
import { type TlsError, decodeError, unexpectedMessage } from './errors.ts';

export const HandshakeType = {
	ClientHello: 1,
	ServerHello: 2,
	Certificate: 11,
	CertificateRequest: 13,
	CertificateVerify: 15,
	Finished: 20
} as const;
export type HandshakeType = (typeof HandshakeType)[keyof typeof HandshakeType];

const NAMES: Record<number, string> = {
	1: 'ClientHello',
	2: 'ServerHello',
	11: 'Certificate',
	13: 'CertificateRequest',
	15: 'CertificateVerify',
	20: 'Finished'
};
export const messageName = (t: number): string => NAMES[t] ?? `handshake type ${t}`;

/** TLS 1.2 in legacy_version, as TLS 1.3 writes it. */
const LEGACY_VERSION = 0x0303;
/** ecdsa_secp256r1_sha256 (RFC 8446 §4.2.3). */
export const ECDSA_P256_SHA256 = 0x0403;
/** rsa_pss_rsae_sha256: what TLS 1.3 signs CertificateVerify with under an RSA key (§4.2.3). */
export const RSA_PSS_RSAE_SHA256 = 0x0804;
export const RANDOM_BYTES = 32;

export interface Hello {
	readonly random: Uint8Array;
	/** The sender's ephemeral ECDH P-256 public key, uncompressed point. */
	readonly keyShare: Uint8Array;
	/**
	 * ClientHello's application_layer_protocol_negotiation (RFC 7301): the protocols offered, e.g.
	 * Istio's `istio-peer-exchange`, `istio`. Encoded only when present, so a hello without it
	 * keeps its bytes.
	 */
	readonly alpn?: readonly string[];
	/**
	 * ClientHello's server_name (RFC 6066 SNI), the host a TLS client (curl) dials, by which a
	 * gateway picks its certificate. Encoded after the ALPN list (an empty one when none is
	 * offered) and only when present, so hellos without it keep their bytes.
	 */
	readonly serverName?: string;
}

export interface CertificateVerify {
	readonly scheme: number;
	readonly signature: Uint8Array;
}

/** A whole message, type and length included: this is what goes into the transcript. */
export function encodeMessage(type: HandshakeType, body: Uint8Array): Uint8Array {
	return concat([Uint8Array.of(type), uint(body.length, 3), body]);
}

export const encodeHello = (type: 1 | 2, h: Hello): Uint8Array =>
	encodeMessage(
		type,
		concat([
			uint(LEGACY_VERSION, 2),
			h.random,
			vector(h.keyShare, 2),
			...(h.alpn || h.serverName !== undefined
				? [vector(concat((h.alpn ?? []).map((p) => vector(utf8(p), 1))), 2)]
				: []),
			...(h.serverName !== undefined ? [vector(utf8(h.serverName), 2)] : [])
		])
	);

/** The ALPN protocol list: `vector<vector<u8>>`; undefined when malformed. */
function decodeAlpn(list: Uint8Array): string[] | undefined {
	const r = new ByteReader(list);
	const out: string[] = [];
	while (r.remaining > 0) {
		const name = r.vector(1);
		if (!name || name.length === 0) return undefined;
		out.push(new TextDecoder().decode(name));
	}
	return out;
}

/** DER certificates, leaf first. */
export const encodeCertificate = (ders: readonly Uint8Array[]): Uint8Array =>
	encodeMessage(
		HandshakeType.Certificate,
		concat([uint(ders.length, 1), ...ders.map((d) => vector(d, 3))])
	);

export const encodeCertificateVerify = (
	signature: Uint8Array,
	scheme: number = ECDSA_P256_SHA256
): Uint8Array =>
	encodeMessage(HandshakeType.CertificateVerify, concat([uint(scheme, 2), vector(signature, 2)]));

/** A server asking for the client's certificate (empty context, no extensions here). */
export const encodeCertificateRequest = (): Uint8Array =>
	encodeMessage(HandshakeType.CertificateRequest, new Uint8Array(0));

export const encodeFinished = (verifyData: Uint8Array): Uint8Array =>
	encodeMessage(HandshakeType.Finished, verifyData);

/** Splits one message off `bytes` and checks it is the one the state machine expects. */
export function expectMessage(
	bytes: Uint8Array,
	expected: HandshakeType
): { body: Uint8Array; whole: Uint8Array } | TlsError {
	const r = new ByteReader(bytes);
	const type = r.uint(1);
	const body = r.vector(3);
	if (type === undefined || body === undefined || r.remaining !== 0) {
		return decodeError('malformed handshake message');
	}
	if (type !== expected) {
		return unexpectedMessage(`expected ${messageName(expected)}, got ${messageName(type)}`);
	}
	return { body, whole: bytes };
}

export function decodeHello(body: Uint8Array): Hello | TlsError {
	const r = new ByteReader(body);
	const version = r.uint(2);
	const random = r.take(RANDOM_BYTES);
	const keyShare = r.vector(2);
	if (version !== LEGACY_VERSION || !random || !keyShare) return decodeError('malformed hello');
	if (r.remaining === 0) return { random, keyShare };
	const list = r.vector(2);
	const alpn = list && decodeAlpn(list);
	if (!alpn) return decodeError('malformed hello');
	const offered = alpn.length > 0 ? { alpn } : {};
	if (r.remaining === 0) return { random, keyShare, ...offered };
	const name = r.vector(2);
	if (!name || r.remaining !== 0) return decodeError('malformed hello');
	return { random, keyShare, ...offered, serverName: new TextDecoder().decode(name) };
}

export function decodeCertificate(body: Uint8Array): Uint8Array[] | TlsError {
	const r = new ByteReader(body);
	const count = r.uint(1);
	if (count === undefined) return decodeError('malformed certificate list');
	const ders: Uint8Array[] = [];
	for (let i = 0; i < count; i++) {
		const der = r.vector(3);
		if (!der) return decodeError('malformed certificate list');
		ders.push(der);
	}
	return r.remaining === 0 ? ders : decodeError('malformed certificate list');
}

export function decodeCertificateVerify(body: Uint8Array): CertificateVerify | TlsError {
	const r = new ByteReader(body);
	const scheme = r.uint(2);
	const signature = r.vector(2);
	if (scheme === undefined || !signature || r.remaining !== 0) {
		return decodeError('malformed CertificateVerify');
	}
	return { scheme, signature };
}
