/**
 * Base64 as the project writes it everywhere (Secrets' `data`, PEM bodies, Envoy's inline_bytes,
 * JWTs, Basic credentials, `base64` in the shell): `btoa` over the bytes' binary string, so text
 * is encoded as its UTF-8 bytes, never as UTF-16 code units. Decoders stay with their callers:
 * each must report where its own input goes bad, in its own tool's words.
 */

const utf8 = new TextEncoder();

/** Standard base64 (RFC 4648 §4, padded) of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
	let binary = '';
	// In slices: spreading a whole large buffer into one call would overflow the stack.
	for (let i = 0; i < bytes.length; i += 0x8000)
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary);
}

/** Standard base64 of `text`'s UTF-8 bytes. */
export function base64OfText(text: string): string {
	return encodeBase64(utf8.encode(text));
}

/** Base64url without padding (RFC 4648 §5), as JWTs and URL fragments write it. */
export function encodeBase64Url(bytes: Uint8Array): string {
	return encodeBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
