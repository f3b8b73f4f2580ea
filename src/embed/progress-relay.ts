/**
 * Progress for embeds whose own storage the browser blocks (third-party storage in an iframe is
 * denied or partitioned in most browsers). The embed also sends its progress document to the
 * embedding page (`progress` out-message, to the parentOrigin only); the custom element keeps it
 * in that page's localStorage — the embedding origin's own, which no other origin can read — and
 * hands it back in the iframe URL's fragment (`#progress=`) when the page loads again.
 */
import { fromBase64Url, toBase64Url } from './inline-lesson.ts';

/** The host page's localStorage key. */
export const HOST_PROGRESS_KEY = 'mesh-playground:embed-progress';
/** Beyond this the fragment is left out: progress is a nicety, the URL must stay sane. */
export const MAX_PROGRESS_CHARS = 32 * 1024;

type Doc = { version: number; lessons: Record<string, unknown> };

function asDoc(value: unknown): Doc | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const v = value as Record<string, unknown>;
	if (typeof v.version !== 'number' || typeof v.lessons !== 'object' || v.lessons === null)
		return undefined;
	return { version: v.version, lessons: { ...(v.lessons as Record<string, unknown>) } };
}

function parse(text: string | null | undefined): Doc | undefined {
	if (!text) return undefined;
	try {
		return asDoc(JSON.parse(text));
	} catch {
		return undefined;
	}
}

/**
 * Lesson by lesson, `incoming` over `stored` (several embeds on one page each send their own
 * document; none may wipe another's lessons). Returns the JSON text to store.
 */
export function mergeProgress(
	stored: string | null | undefined,
	incoming: unknown
): string | undefined {
	const next = asDoc(incoming);
	if (!next) return undefined;
	const base = parse(stored);
	const lessons =
		base && base.version === next.version ? { ...base.lessons, ...next.lessons } : next.lessons;
	const text = JSON.stringify({ version: next.version, lessons });
	return text.length <= MAX_PROGRESS_CHARS ? text : undefined;
}

/** `progress=…` for the iframe's fragment, or undefined when there is nothing (or too much). */
export function progressFragment(stored: string | null | undefined): string | undefined {
	const doc = parse(stored);
	if (!doc) return undefined;
	const text = JSON.stringify(doc);
	return text.length <= MAX_PROGRESS_CHARS ? `progress=${toBase64Url(text)}` : undefined;
}

/** Reads `#progress=` from the embed's location hash: the JSON text, or undefined. */
export function progressFromHash(hash: string): string | undefined {
	const value = new URLSearchParams(hash.replace(/^#/, '')).get('progress');
	if (value === null || value.length > MAX_PROGRESS_CHARS * 2) return undefined;
	const text = fromBase64Url(value);
	return parse(text) ? text : undefined;
}

/** Overlays `second` on `first`, lesson by lesson; either may be absent. */
export function combineProgress(
	first: string | undefined,
	second: string | undefined
): string | null {
	const a = parse(first);
	const b = parse(second);
	if (!a) return b ? JSON.stringify(b) : null;
	if (!b || b.version !== a.version) return JSON.stringify(a);
	return JSON.stringify({ version: a.version, lessons: { ...a.lessons, ...b.lessons } });
}
