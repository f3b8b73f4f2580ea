/**
 * Lessons from outside the bundle: a file the learner picks or `?lessonUrl=`. They are untrusted
 * data: the same loader checks them and the renderer sanitises their markdown. Only the text
 * arrives, so manifests they name beside lesson.md (`manifests: [x.yaml]`) cannot be read.
 */
import { loadLesson } from '../../lessons/loader.ts';
import type { Lesson } from '../../lessons/types.ts';

export type SourceResult =
	| { readonly lesson: Lesson; readonly error?: undefined }
	| { readonly lesson?: undefined; readonly error: string };

/** At most this many problems are listed; the rest usually follow from the first. */
const SHOWN = 8;

/** Turns a lesson's text (from a file or a URL, named `name`) into a lesson or one error. */
export function lessonFromText(text: string, name: string): SourceResult {
	const result = loadLesson(text, { file: name, readFile: () => undefined });
	if (result.lesson) return { lesson: result.lesson };
	const lines = result.problems.slice(0, SHOWN).map((p) => `${p.file}:${p.line}: ${p.message}`);
	if (result.problems.length > SHOWN) lines.push(`… and ${result.problems.length - SHOWN} more`);
	const sibling = result.problems.some((p) => p.message.startsWith('file not found beside'));
	if (sibling)
		lines.push(
			'A lesson opened from a file or a URL cannot read the files beside it: put the manifest in the lesson (setup.commands or a ```setup yaml block).'
		);
	return { error: `${name} is not a valid lesson:\n${lines.join('\n')}` };
}

/** A lesson is a page of text; anything much bigger is a mistake or an attack. */
const MAX_LESSON_BYTES = 1024 * 1024;
const FETCH_TIMEOUT_MS = 15_000;

/** Fetches `?lessonUrl=` (same origin, or a server that allows CORS) and loads it. */
export async function lessonFromUrl(
	url: string,
	fetcher: (url: string) => Promise<Response> = (u) =>
		fetch(u, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) })
): Promise<SourceResult> {
	try {
		new URL(url);
	} catch {
		return { error: `could not fetch the lesson at ${url}: not a valid URL` };
	}
	let response: Response;
	try {
		response = await fetcher(url);
	} catch (e) {
		const why = e instanceof Error ? e.message : String(e);
		return {
			error: `could not fetch the lesson at ${url}: ${why} (the server must be this page's origin or allow CORS)`
		};
	}
	if (!response.ok)
		return {
			error:
				`could not fetch the lesson at ${url}: HTTP ${response.status} ${response.statusText}`.trimEnd()
		};
	// Servers that answer every path with the app's index.html would otherwise give a baffling
	// list of markdown problems.
	if (/text\/html/i.test(response.headers.get('content-type') ?? ''))
		return {
			error: `could not fetch the lesson at ${url}: the server sent a web page, not markdown`
		};
	const declared = Number(response.headers.get('content-length') ?? '0');
	if (declared > MAX_LESSON_BYTES)
		return { error: `could not fetch the lesson at ${url}: it is larger than 1 MiB` };
	let bytes: Uint8Array | undefined;
	try {
		bytes = await readCapped(response, MAX_LESSON_BYTES);
	} catch (e) {
		return {
			error: `could not fetch the lesson at ${url}: ${e instanceof Error ? e.message : String(e)}`
		};
	}
	if (bytes === undefined)
		return { error: `could not fetch the lesson at ${url}: it is larger than 1 MiB` };
	const text = utf8(bytes);
	if (text === undefined)
		return { error: `could not fetch the lesson at ${url}: it is not UTF-8 text` };
	return lessonFromText(text, url);
}

/** A lesson file the learner picked: the same limits as a URL's. */
export async function lessonFromFile(file: File): Promise<SourceResult> {
	if (file.size > MAX_LESSON_BYTES)
		return { error: `${file.name} is not a lesson: it is larger than 1 MiB` };
	const text = utf8(new Uint8Array(await file.arrayBuffer()));
	if (text === undefined) return { error: `${file.name} is not a lesson: it is not UTF-8 text` };
	return lessonFromText(text, file.name);
}

/** Strict UTF-8: a lesson with invalid bytes is refused, not shown with U+FFFD in its commands. */
function utf8(bytes: Uint8Array): string | undefined {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return undefined;
	}
}

/**
 * The body's bytes, read as they stream in and abandoned as soon as it passes `max` bytes (an
 * endless response once grew the tab by 1.1 GB before a check on the whole text); undefined
 * when it is too big.
 */
async function readCapped(response: Response, max: number): Promise<Uint8Array | undefined> {
	if (!response.body) {
		const all = new Uint8Array(await response.arrayBuffer());
		return all.length > max ? undefined : all;
	}
	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > max) {
			await reader.cancel();
			return undefined;
		}
		chunks.push(value);
	}
	const all = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		all.set(c, at);
		at += c.byteLength;
	}
	return all;
}
