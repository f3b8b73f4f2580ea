/**
 * What a captured payload is, as a dissector would say at a glance: plaintext HTTP (a request or
 * status line), a TLS record (HBONE's mTLS), or other bytes. The Capture view (ui/capture) and
 * the lessons' `capture` checks share this, so a check says what the learner sees.
 */

export type PayloadKind = 'http' | 'tls' | 'other';

/** RFC 8446 §5.1 ContentType values: change_cipher_spec, alert, handshake, application_data. */
const TLS_CONTENT_TYPES = new Set([20, 21, 22, 23]);

export const HTTP_START =
	/^(?:(?:GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS|CONNECT|TRACE) \S+ HTTP\/\d\.\d|HTTP\/\d\.\d \d{3})/;

export function isTlsRecord(bytes: Uint8Array): boolean {
	return bytes.length >= 5 && TLS_CONTENT_TYPES.has(bytes[0]!) && bytes[1] === 0x03;
}

export function payloadKind(bytes: Uint8Array | undefined): PayloadKind {
	if (!bytes || bytes.length === 0) return 'other';
	if (isTlsRecord(bytes)) return 'tls';
	const head = String.fromCharCode(...bytes.subarray(0, 64));
	return HTTP_START.test(head) ? 'http' : 'other';
}
