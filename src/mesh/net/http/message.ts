/**
 * HTTP/1.1 messages as they travel on the wire (RFC 9112). Headers keep their order and the case
 * the sender used — curl -v and -i show them as received — but are matched case-insensitively.
 */
import { SIM_EPOCH_MS } from '../../epoch.ts';
import type { SimMillis } from '../../types.ts';
import { rfc1123 } from '../../calendar.ts';

/** One header line; `name` keeps the sender's case (`Content-Type`, `content-type`). */
export type Header = readonly [name: string, value: string];

export interface HttpRequest {
	readonly method: string;
	/** The request-target as sent: `/productpage?u=normal` (origin form). */
	readonly target: string;
	readonly version: string;
	readonly headers: readonly Header[];
	readonly body: Uint8Array;
}

export interface HttpResponse {
	readonly version: string;
	readonly status: number;
	readonly reason: string;
	readonly headers: readonly Header[];
	readonly body: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

export const utf8 = (s: string): Uint8Array => encoder.encode(s);
export const fromUtf8 = (b: Uint8Array): string => decoder.decode(b);
/**
 * Latin-1 view of bytes: one char per byte, so header text round-trips exactly. ASCII (every
 * head but a rare one) is decoded by the UTF-8 decoder, which gives the same string: cheaper
 * than `fromCharCode.apply`, which copies the bytes into an argument list (8 bytes each) first.
 */
export function latin1(b: Uint8Array): string {
	for (let i = 0; i < b.length; i++) if ((b[i] as number) > 0x7f) return latin1Bytes(b);
	return decoder.decode(b);
}

function latin1Bytes(b: Uint8Array): string {
	let s = '';
	for (let i = 0; i < b.length; i += 8192) {
		// apply, not spread: no iterator protocol per byte.
		s += String.fromCharCode.apply(null, b.subarray(i, i + 8192) as unknown as number[]);
	}
	return s;
}

/** `name` equals `lower` (already lower case) but for case; lengths first, no string built. */
export function nameIs(name: string, lower: string): boolean {
	return name.length === lower.length && (name === lower || name.toLowerCase() === lower);
}

/** The first value of `name`, matched case-insensitively. */
export function getHeader(headers: readonly Header[], name: string): string | undefined {
	const lower = name.toLowerCase();
	for (const [n, v] of headers) if (nameIs(n, lower)) return v;
	return undefined;
}

export function hasHeader(headers: readonly Header[], name: string): boolean {
	return getHeader(headers, name) !== undefined;
}

/** Headers without any named `name` (case-insensitive). */
export function withoutHeader(headers: readonly Header[], name: string): Header[] {
	const lower = name.toLowerCase();
	return headers.filter(([n]) => !nameIs(n, lower));
}

/** Does a comma-separated header (Connection, Transfer-Encoding) list `token`? */
export function headerHasToken(headers: readonly Header[], name: string, token: string): boolean {
	const lower = name.toLowerCase();
	const t = token.toLowerCase();
	for (const [n, v] of headers) if (nameIs(n, lower) && listHasToken(v, t)) return true;
	return false;
}

/**
 * Whether one item of the comma-separated `list`, trimmed, equals `token` (lower case) but for
 * case: by index, with no array of items and no string per item.
 */
function listHasToken(list: string, token: string): boolean {
	let from = 0;
	while (from <= list.length) {
		let to = list.indexOf(',', from);
		if (to === -1) to = list.length;
		let a = from;
		let b = to;
		while (a < b && isTrimmed(list.charCodeAt(a))) a++;
		while (b > a && isTrimmed(list.charCodeAt(b - 1))) b--;
		if (b - a === token.length && sameLower(list, a, token)) return true;
		from = to + 1;
	}
	return false;
}

/** What String.prototype.trim strips, among the characters a header value holds (latin-1). */
function isTrimmed(c: number): boolean {
	return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

/** list[at, at + token.length), lower-cased, equals `token` (itself lower case). */
function sameLower(list: string, at: number, token: string): boolean {
	if (list.startsWith(token, at)) return true;
	for (let i = 0; i < token.length; i++) {
		const c = list.charCodeAt(at + i);
		const lower = c >= 65 && c <= 90 ? c + 32 : c;
		if (lower !== token.charCodeAt(i)) return lower >= 128 && slowSame(list, at, token);
	}
	return true;
}

/** Beyond ASCII, lower-casing is Unicode's: compare as toLowerCase would. */
function slowSame(list: string, at: number, token: string): boolean {
	return list.slice(at, at + token.length).toLowerCase() === token;
}

/** Reason phrases as Go's net/http, Envoy and Python send them. */
export const REASONS: Readonly<Record<number, string>> = {
	100: 'Continue',
	101: 'Switching Protocols',
	200: 'OK',
	201: 'Created',
	202: 'Accepted',
	203: 'Non-Authoritative Information',
	204: 'No Content',
	205: 'Reset Content',
	206: 'Partial Content',
	300: 'Multiple Choices',
	301: 'Moved Permanently',
	302: 'Found',
	303: 'See Other',
	304: 'Not Modified',
	307: 'Temporary Redirect',
	308: 'Permanent Redirect',
	400: 'Bad Request',
	401: 'Unauthorized',
	402: 'Payment Required',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	406: 'Not Acceptable',
	407: 'Proxy Authentication Required',
	408: 'Request Timeout',
	409: 'Conflict',
	410: 'Gone',
	411: 'Length Required',
	412: 'Precondition Failed',
	413: 'Payload Too Large',
	414: 'URI Too Long',
	415: 'Unsupported Media Type',
	416: 'Range Not Satisfiable',
	417: 'Expectation Failed',
	418: "I'm a teapot",
	422: 'Unprocessable Entity',
	425: 'Too Early',
	426: 'Upgrade Required',
	429: 'Too Many Requests',
	431: 'Request Header Fields Too Large',
	500: 'Internal Server Error',
	501: 'Not Implemented',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
	505: 'HTTP Version Not Supported'
};

export function reasonPhrase(status: number): string {
	return REASONS[status] ?? '';
}

function headLines(headers: readonly Header[]): string {
	let s = '';
	for (const [n, v] of headers) s += `${n}: ${v}\r\n`;
	return s;
}

/** The request line and headers, up to and including the blank line. */
export function requestHead(req: Omit<HttpRequest, 'body'>): string {
	return `${req.method} ${req.target} ${req.version}\r\n${headLines(req.headers)}\r\n`;
}

export function responseHead(res: Omit<HttpResponse, 'body'>): string {
	const reason = res.reason === '' ? '' : ` ${res.reason}`;
	return `${res.version} ${res.status}${reason}\r\n${headLines(res.headers)}\r\n`;
}

/**
 * `head` encoded as UTF-8, followed by `body`, in one buffer: an ASCII head (the usual case) is
 * encoded straight into it, with no intermediate bytes.
 */
export function headThenBody(head: string, body: Uint8Array): Uint8Array {
	if (body.length === 0) return utf8(head);
	const out = new Uint8Array(head.length + body.length);
	const { read, written } = encoder.encodeInto(head, out);
	if (read === head.length && written === head.length) {
		out.set(body, written);
		return out;
	}
	const bytes = utf8(head);
	const all = new Uint8Array(bytes.length + body.length);
	all.set(bytes, 0);
	all.set(body, bytes.length);
	return all;
}

/** Bytes of a request exactly as given (the caller sets Content-Length or chunked framing). */
export function serializeRequest(req: HttpRequest): Uint8Array {
	return headThenBody(requestHead(req), req.body);
}

export function serializeResponse(res: HttpResponse, omitBody = false): Uint8Array {
	const head = responseHead(res);
	return omitBody ? utf8(head) : headThenBody(head, res.body);
}

/** Encodes `body` with chunked transfer coding, in chunks of at most `size` bytes. */
export function chunked(body: Uint8Array, size = 8192): Uint8Array {
	const parts: Uint8Array[] = [];
	for (let off = 0; off < body.length; off += size) {
		const piece = body.subarray(off, off + size);
		parts.push(utf8(`${piece.length.toString(16)}\r\n`), piece, utf8('\r\n'));
	}
	parts.push(utf8('0\r\n\r\n'));
	const total = parts.reduce((n, p) => n + p.length, 0);
	const out = new Uint8Array(total);
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** A response built by an app: status, headers, body text. */
export function makeResponse(
	status: number,
	body: string | Uint8Array,
	headers: readonly Header[] = []
): HttpResponse {
	return {
		version: 'HTTP/1.1',
		status,
		reason: reasonPhrase(status),
		headers,
		body: typeof body === 'string' ? utf8(body) : body
	};
}

/**
 * Sim time 0 as a wall-clock instant, for Date headers. Sim time has no calendar; a fixed epoch
 * keeps transcripts identical run after run.
 */
export const SIM_EPOCH_UTC = SIM_EPOCH_MS;

/** IMF-fixdate (`Mon, 06 Jan 2025 09:00:00 GMT`) for a sim instant. */
export function httpDate(at: SimMillis): string {
	// Per whole second: every response of a busy second shares one formatting.
	const second = Math.floor(at / 1000);
	if (second !== dateCache.second) {
		dateCache.second = second;
		dateCache.text = rfc1123(new Date(SIM_EPOCH_UTC + Math.floor(at)), 'GMT');
	}
	return dateCache.text;
}
const dateCache = { second: NaN, text: '' };

/** Parts of a sim instant in UTC, for apps that format their own log timestamps. */
export function simDate(at: SimMillis): Date {
	return new Date(SIM_EPOCH_UTC + Math.floor(at));
}
