/**
 * What a captured payload is, as Wireshark's dissectors would say: plaintext HTTP (readable),
 * a TLS record (HBONE's mTLS: ciphertext, shown as hex), or bytes. The capture keeps the first
 * 256 bytes of each segment (CAPTURE_PAYLOAD_BYTES), so a long body is cut short.
 */
// One rule for "is it TLS, is it HTTP" with the lessons' `capture` checks.
import { HTTP_START, isTlsRecord } from '../../mesh/net/payload-kind.ts';

export { isTlsRecord };

export type PayloadView =
	| { readonly kind: 'none' }
	| {
			readonly kind: 'http';
			/** `GET /productpage HTTP/1.1` or `HTTP/1.1 200 OK`. */
			readonly startLine: string;
			readonly headers: readonly (readonly [string, string])[];
			readonly text: string;
	  }
	| {
			readonly kind: 'tls';
			/** RFC 8446 ContentType name: handshake, application_data, alert, change_cipher_spec. */
			readonly recordType: string;
			readonly recordLength: number;
			/** A plaintext handshake record's message (`ClientHello`, `ServerHello`). */
			readonly handshake?: string;
			readonly hex: string;
	  }
	| { readonly kind: 'text'; readonly text: string }
	| { readonly kind: 'binary'; readonly hex: string };

/** RFC 8446 §4 HandshakeType of the messages sent in the clear. */
const TLS_HELLOS: Record<number, string> = { 1: 'ClientHello', 2: 'ServerHello' };

/** RFC 8446 §5.1 ContentType. */
const TLS_CONTENT_TYPES: Record<number, string> = {
	20: 'change_cipher_spec',
	21: 'alert',
	22: 'handshake',
	23: 'application_data'
};

const latin1 = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

function mostlyPrintable(text: string): boolean {
	let printable = 0;
	for (const ch of text) {
		const c = ch.charCodeAt(0);
		if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09) printable++;
	}
	return text.length > 0 && printable / text.length >= 0.95;
}

/**
 * Wireshark's hex pane: offset, 16 bytes in hex, then the printable ASCII.
 * `0000  17 03 03 00 45 …  ....E…`
 */
export function hexDump(bytes: Uint8Array): string {
	const lines: string[] = [];
	for (let off = 0; off < bytes.length; off += 16) {
		const row = bytes.subarray(off, off + 16);
		const hex = [...row].map((b) => b.toString(16).padStart(2, '0'));
		const left = hex.slice(0, 8).join(' ');
		const right = hex.slice(8).join(' ');
		const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'));
		lines.push(
			`${off.toString(16).padStart(4, '0')}  ${`${left}  ${right}`.padEnd(49)} ${ascii.join('')}`
		);
	}
	return lines.join('\n');
}

export function decodePayload(bytes: Uint8Array | undefined): PayloadView {
	if (!bytes || bytes.length === 0) return { kind: 'none' };
	if (isTlsRecord(bytes)) {
		const hello = bytes[0] === 22 ? TLS_HELLOS[bytes[5] ?? -1] : undefined;
		return {
			kind: 'tls',
			recordType: TLS_CONTENT_TYPES[bytes[0]!] ?? 'unknown',
			recordLength: (bytes[3]! << 8) | bytes[4]!,
			...(hello ? { handshake: hello } : {}),
			hex: hexDump(bytes)
		};
	}
	const text = latin1(bytes);
	if (HTTP_START.test(text)) {
		const [head = ''] = text.split('\r\n\r\n');
		const [startLine = '', ...lines] = head.split('\r\n');
		const headers = lines
			.map((l) => l.indexOf(':'))
			.map((i, n) => [lines[n]!.slice(0, i), lines[n]!.slice(i + 1).trim()] as const)
			.filter(([k]) => k.length > 0);
		return { kind: 'http', startLine, headers, text };
	}
	if (mostlyPrintable(text)) return { kind: 'text', text };
	return { kind: 'binary', hex: hexDump(bytes) };
}

/** The one-line summary for the list's Info column. */
export function payloadInfo(view: PayloadView): string {
	switch (view.kind) {
		case 'none':
			return '';
		case 'http':
			return view.startLine;
		case 'tls':
			// Hellos travel in the clear (key shares, randoms); everything after is sealed.
			return view.handshake
				? `TLS handshake: ${view.handshake} (${view.recordLength} bytes)`
				: `TLS ${view.recordType} (${view.recordLength} bytes, encrypted)`;
		case 'text':
			return view.text.slice(0, 60).replace(/\s+/g, ' ');
		case 'binary':
			return 'binary data';
	}
}
