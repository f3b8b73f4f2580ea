/**
 * An inline scenario travels from the custom element to the embed in the iframe URL's fragment,
 * `#lesson=<base64url of the UTF-8 markdown>`: the fragment is never sent to a server, and the
 * embed has the lesson at its first frame (no extra message round trip).
 */

/** Lesson markdown bigger than this is refused: a URL is not the place for a book. */
export const MAX_INLINE_BYTES = 64 * 1024;

export type Encoded = { readonly fragment: string } | { readonly error: string };
export type Decoded = { readonly markdown: string } | { readonly error: string };

const tooBig = (bytes: number): string =>
	`the inline lesson is ${Math.ceil(bytes / 1024)} KiB; the limit is ${MAX_INLINE_BYTES / 1024} KiB`;

export function encodeInlineLesson(markdown: string): Encoded {
	const bytes = new TextEncoder().encode(markdown);
	if (bytes.length > MAX_INLINE_BYTES) return { error: tooBig(bytes.length) };
	return { fragment: `lesson=${bytesToBase64Url(bytes)}` };
}

function bytesToBase64Url(bytes: Uint8Array): string {
	let binary = '';
	for (const b of bytes) binary += String.fromCharCode(b);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** UTF-8 text as base64url (no padding): safe in a URL fragment. */
export function toBase64Url(text: string): string {
	return bytesToBase64Url(new TextEncoder().encode(text));
}

/** The reverse of `toBase64Url`; undefined for anything that is not base64url of UTF-8. */
export function fromBase64Url(value: string): string | undefined {
	if (!/^[A-Za-z0-9_-]*$/.test(value)) return undefined;
	try {
		const padded = value.replace(/-/g, '+').replace(/_/g, '/');
		const binary = atob(padded + '='.repeat((4 - (padded.length % 4)) % 4));
		const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return undefined;
	}
}

/**
 * Reads `#lesson=…` from a location hash (with or without the `#`); undefined when absent.
 * `#error=…` is the element's word that it could not encode the lesson (too big).
 */
export function decodeInlineLesson(hash: string): Decoded | undefined {
	const params = new URLSearchParams(hash.replace(/^#/, ''));
	const problem = params.get('error');
	if (problem !== null) return { error: problem.slice(0, 500) };
	const value = params.get('lesson');
	if (value === null) return undefined;
	// base64 grows by 4/3: reject before decoding anything that could not fit.
	if (value.length > Math.ceil((MAX_INLINE_BYTES * 4) / 3) + 4)
		return { error: tooBig(Math.floor((value.length * 3) / 4)) };
	if (!/^[A-Za-z0-9_-]*$/.test(value))
		return { error: 'the inline lesson in the URL is not valid base64url' };
	const markdown = fromBase64Url(value);
	return markdown === undefined
		? { error: 'the inline lesson in the URL is not valid UTF-8 base64url' }
		: { markdown };
}
