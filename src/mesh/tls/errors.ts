/**
 * Why a secure channel could not be set up or broke. Errors are values: the handshake returns
 * one instead of a stream, and a stream turns one into a `reset` read whose reason is the message.
 * Certificate messages follow Go's crypto/x509 (what istioctl and most users know); alert names
 * follow rustls (what ztunnel logs: `received fatal alert: BadCertificate`).
 */

export type TlsErrorCode =
	/** The chain does not lead to our trust root: forged, self-signed or another mesh's CA. */
	| 'UnknownIssuer'
	| 'Expired'
	| 'NotValidYet'
	/** CertificateVerify was not made with the key of the presented certificate. */
	| 'BadSignature'
	/** The certificate is fine but has no SPIFFE id, or an id that is not a workload identity. */
	| 'BadIdentity'
	/** Authenticated, but not who the caller wanted to talk to. */
	| 'PeerIdentityMismatch'
	/** A server certificate whose DNS SANs do not include the name the client dialled. */
	| 'NameMismatch'
	/** A server that requires a client certificate got none (TLS 1.3's certificate_required). */
	| 'CertificateRequired'
	/** The peer's Finished MAC does not match our transcript. */
	| 'BadFinished'
	/** A record failed AES-GCM authentication: tampered, replayed or reordered. */
	| 'BadRecordMac'
	| 'ReplayDetected'
	| 'UnexpectedMessage'
	| 'DecodeError'
	| 'AlertReceived'
	| 'ConnectionClosed'
	| 'ConnectionReset'
	| 'HandshakeTimeout'
	/** Anything else that stops the handshake (an unusable key share, a WebCrypto failure). */
	| 'HandshakeFailure';

export interface TlsError {
	readonly type: 'tls-error';
	readonly code: TlsErrorCode;
	readonly message: string;
}

export function tlsError(code: TlsErrorCode, message: string): TlsError {
	return { type: 'tls-error', code, message };
}

export function isTlsError(x: unknown): x is TlsError {
	return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'tls-error';
}

export const unknownIssuer = (): TlsError =>
	tlsError('UnknownIssuer', 'certificate signed by unknown authority');
export const unexpectedMessage = (detail: string): TlsError =>
	tlsError('UnexpectedMessage', `unexpected message: ${detail}`);
export const decodeError = (detail: string): TlsError =>
	tlsError('DecodeError', `decode error: ${detail}`);
export const badRecordMac = (): TlsError => tlsError('BadRecordMac', 'bad record MAC');

/** TLS alert descriptions (RFC 8446 §6) we send, with the names rustls prints. */
export const ALERTS = {
	CloseNotify: 0,
	UnexpectedMessage: 10,
	BadRecordMac: 20,
	HandshakeFailure: 40,
	BadCertificate: 42,
	CertificateExpired: 45,
	UnknownCA: 48,
	AccessDenied: 49,
	DecodeError: 50,
	DecryptError: 51,
	InternalError: 80,
	CertificateRequired: 116
} as const;
export type AlertName = keyof typeof ALERTS;

export function alertName(code: number): string {
	const hit = Object.entries(ALERTS).find(([, v]) => v === code);
	return hit ? hit[0] : `Unknown(${code})`;
}

/** The alert we send to the peer when our side fails with `code`. */
export function alertFor(code: TlsErrorCode): AlertName {
	switch (code) {
		case 'UnknownIssuer':
			return 'UnknownCA';
		case 'Expired':
		case 'NotValidYet':
			return 'CertificateExpired';
		case 'BadIdentity':
		case 'NameMismatch':
			return 'BadCertificate';
		case 'PeerIdentityMismatch':
			return 'AccessDenied';
		case 'CertificateRequired':
			return 'CertificateRequired';
		case 'BadSignature':
		case 'BadFinished':
			return 'DecryptError';
		case 'BadRecordMac':
			return 'BadRecordMac';
		case 'DecodeError':
			return 'DecodeError';
		case 'ReplayDetected':
		case 'UnexpectedMessage':
			return 'UnexpectedMessage';
		default:
			return 'HandshakeFailure';
	}
}

export const alertReceived = (code: number): TlsError =>
	tlsError('AlertReceived', `received fatal alert: ${alertName(code)}`);
