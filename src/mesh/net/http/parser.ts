/**
 * An incremental HTTP/1.1 parser (RFC 9112): bytes are pushed as they arrive, in any split, and
 * complete messages are taken out. Pure: no sockets, no time. Malformed input becomes a
 * `parse-error` value, never an exception (it is fuzzed in test/mesh/net/http/parser.test.ts).
 */
import type { Header, HttpRequest, HttpResponse } from './message.ts';
import { getHeader, latin1, nameIs } from './message.ts';

export interface ParseError {
	readonly type: 'parse-error';
	readonly message: string;
}

export type ParseStep<T> =
	{ readonly type: 'message'; readonly message: T } | { readonly type: 'need-more' } | ParseError;

/** How the body of the current message is delimited. */
type Framing =
	| { readonly type: 'none' }
	| { readonly type: 'length'; readonly length: number }
	| { readonly type: 'chunked' }
	/** A response without length: the body runs until the server closes. */
	| { readonly type: 'eof' };

interface Head {
	readonly line: string;
	readonly headers: Header[];
	/** Bytes from the message start to the first body byte. */
	readonly size: number;
	readonly framing: Framing;
}

interface ChunkState {
	/** Offset (from the message start) of the next chunk-size line or trailer line. */
	pos: number;
	readonly parts: Uint8Array[];
	received: number;
}

/** Bigger heads are refused, as servers do (Envoy's default is 60 KiB). */
export const MAX_HEAD_BYTES = 64 * 1024;
/** Bodies larger than this are refused rather than buffered (the simulation needs far less). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

const CR = 13;
const LF = 10;

const fail = (message: string): ParseError => ({ type: 'parse-error', message });

export interface ParseProgress {
	readonly headComplete: boolean;
	readonly bodyReceived: number;
	/** Known when the message has a Content-Length. */
	readonly bodyExpected: number | undefined;
}

const EMPTY = new Uint8Array(0);

/**
 * Pending bytes are read where they arrived: the parser keeps a view of the last chunk and copies
 * only when a message straddles chunks (into a buffer of its own that grows by doubling). Bodies
 * are views too; no one writes into a chunk once it is sent.
 */
export class Http1Parser {
	/** Holds the pending bytes at [#start, #start + #len). */
	#store: Uint8Array = EMPTY;
	#start = 0;
	#len = 0;
	/** Whether #store is the parser's own (appendable) buffer rather than a sender's chunk. */
	#owned = false;
	#head: Head | undefined;
	#chunks: ChunkState | undefined;

	/** Bytes received and not yet consumed by a complete message. */
	get buffered(): number {
		return this.#len;
	}

	get progress(): ParseProgress {
		const head = this.#head;
		if (!head) return { headComplete: false, bodyReceived: 0, bodyExpected: undefined };
		const raw = Math.max(0, this.#len - head.size);
		switch (head.framing.type) {
			case 'length':
				return {
					headComplete: true,
					bodyReceived: Math.min(raw, head.framing.length),
					bodyExpected: head.framing.length
				};
			case 'chunked':
				return {
					headComplete: true,
					bodyReceived: this.#chunks?.received ?? 0,
					bodyExpected: undefined
				};
			case 'eof':
				return { headComplete: true, bodyReceived: raw, bodyExpected: undefined };
			default:
				return { headComplete: true, bodyReceived: 0, bodyExpected: 0 };
		}
	}

	/** Body bytes of the current, incomplete message received so far (curl prints them). */
	partialBody(): Uint8Array {
		const head = this.#head;
		if (!head) return new Uint8Array(0);
		if (head.framing.type === 'chunked') {
			return joinParts(this.#chunks?.parts ?? [], this.#chunks?.received ?? 0);
		}
		if (head.framing.type === 'none') return new Uint8Array(0);
		const end =
			head.framing.type === 'length'
				? Math.min(this.#len, head.size + head.framing.length)
				: this.#len;
		return this.#bytes(head.size, Math.max(head.size, end)).slice();
	}

	push(bytes: Uint8Array): void {
		if (bytes.length === 0) return;
		if (this.#len === 0) {
			this.#store = bytes;
			this.#start = 0;
			this.#len = bytes.length;
			this.#owned = false;
			return;
		}
		const need = this.#len + bytes.length;
		if (!this.#owned || this.#start + need > this.#store.length) {
			let size = 1024;
			while (size < need) size *= 2;
			const next = new Uint8Array(size);
			next.set(this.#bytes(0, this.#len));
			this.#store = next;
			this.#start = 0;
			this.#owned = true;
		}
		this.#store.set(bytes, this.#start + this.#len);
		this.#len = need;
	}

	/** Pending bytes [from, to) (offsets from the message start), as a view. */
	#bytes(from: number, to: number): Uint8Array {
		return this.#store.subarray(this.#start + from, this.#start + to);
	}

	/** The pending byte at offset `i` from the message start (undefined past the end). */
	#at(i: number): number | undefined {
		return i < this.#len ? this.#store[this.#start + i] : undefined;
	}

	/** The next complete request, once all its bytes are buffered. */
	nextRequest(): ParseStep<HttpRequest> {
		const head = this.#parseHead('request');
		if (head.type !== 'head') return head;
		const line = head.head.line;
		const sp1 = line.indexOf(' ');
		const sp2 = line.indexOf(' ', sp1 + 1);
		const method = line.slice(0, sp1);
		const target = line.slice(sp1 + 1, sp2);
		const version = line.slice(sp2 + 1);
		const body = this.#takeBody(head.head, false);
		if (body.type !== 'body') return body;
		return {
			type: 'message',
			message: { method, target, version, headers: head.head.headers, body: body.body }
		};
	}

	/**
	 * The next complete response to a request with `method`. Interim 1xx responses are skipped,
	 * as curl does. `eof` completes a body that runs until the connection closes.
	 */
	nextResponse(method: string, eof: boolean): ParseStep<HttpResponse> {
		for (;;) {
			const head = this.#parseHead('response', method);
			if (head.type !== 'head') return head;
			const line = head.head.line;
			const sp1 = line.indexOf(' ');
			const version = line.slice(0, sp1);
			const rest = line.slice(sp1 + 1);
			const sp2 = rest.indexOf(' ');
			const status = Number(sp2 === -1 ? rest : rest.slice(0, sp2));
			const reason = sp2 === -1 ? '' : rest.slice(sp2 + 1);
			const body = this.#takeBody(head.head, eof);
			if (body.type !== 'body') return body;
			if (status >= 100 && status < 200 && status !== 101) continue;
			return {
				type: 'message',
				message: { version, status, reason, headers: head.head.headers, body: body.body }
			};
		}
	}

	#parseHead(
		kind: 'request' | 'response',
		method = 'GET'
	): { type: 'head'; head: Head } | { type: 'need-more' } | ParseError {
		if (this.#head) return { type: 'head', head: this.#head };
		const end = this.#findHeadEnd();
		if (end === -1) {
			if (this.#len > MAX_HEAD_BYTES) return fail('header section too large');
			return { type: 'need-more' };
		}
		if (end > MAX_HEAD_BYTES) return fail('header section too large');
		// One string for the head; lines are walked by index (no array of lines, no line strings).
		const text = latin1(this.#bytes(0, end));
		const lines = new HeadLines(text);
		if (!lines.next()) return fail('empty message');
		const line = text.slice(lines.from, lines.to);
		const startError = kind === 'request' ? checkRequestLine(line) : checkStatusLine(line);
		if (startError) return startError;
		const headers: Header[] = [];
		while (lines.next()) {
			const { from, to } = lines;
			const first = text.charCodeAt(from);
			if (first === 32 || first === 9) return fail('obsolete line folding');
			const colon = text.indexOf(':', from);
			if (colon <= from || colon >= to) {
				const l = text.slice(from, to);
				return fail(`malformed header line ${JSON.stringify(l.slice(0, 40))}`);
			}
			if (!isToken(text, from, colon)) {
				return fail(`invalid header name ${JSON.stringify(text.slice(from, colon))}`);
			}
			headers.push([text.slice(from, colon), trimmed(text, colon + 1, to)]);
		}
		const framing = decideFraming(kind, line, method, headers);
		if (framing.type === 'parse-error') return framing;
		this.#head = { line, headers, size: this.#headSize(end), framing };
		return { type: 'head', head: this.#head };
	}

	/** Index where the blank line starts (the head text excludes it), or -1. */
	#findHeadEnd(): number {
		const b = this.#store;
		const s = this.#start;
		const stop = s + this.#len;
		for (let i = b.indexOf(LF, s); i !== -1 && i < stop; i = b.indexOf(LF, i + 1)) {
			// "\n\n" or "\n\r\n": the line after this LF is empty.
			const next = i + 1 < stop ? b[i + 1] : undefined;
			if (next === LF) return i + 1 - s;
			if (next === CR && i + 2 < stop && b[i + 2] === LF) return i + 1 - s;
		}
		return -1;
	}

	#headSize(end: number): number {
		return this.#at(end) === CR ? end + 2 : end + 1;
	}

	#takeBody(
		head: Head,
		eof: boolean
	): { type: 'body'; body: Uint8Array } | { type: 'need-more' } | ParseError {
		const available = this.#len - head.size;
		switch (head.framing.type) {
			case 'none':
				return this.#finish(head.size, EMPTY);
			case 'length': {
				const n = head.framing.length;
				if (available < n) return { type: 'need-more' };
				return this.#finish(head.size + n, this.#bytes(head.size, head.size + n));
			}
			case 'eof':
				if (available > MAX_BODY_BYTES) return fail('body too large');
				if (!eof) return { type: 'need-more' };
				return this.#finish(this.#len, this.#bytes(head.size, this.#len));
			case 'chunked':
				return this.#takeChunked(head);
		}
	}

	#takeChunked(
		head: Head
	): { type: 'body'; body: Uint8Array } | { type: 'need-more' } | ParseError {
		const state = (this.#chunks ??= { pos: head.size, parts: [], received: 0 });
		for (;;) {
			const lineEnd = this.#indexOfLf(state.pos);
			if (lineEnd === -1) {
				if (this.#len - state.pos > 4096) return fail('chunk size line too long');
				return { type: 'need-more' };
			}
			let line = latin1(this.#bytes(state.pos, lineEnd));
			if (line.endsWith('\r')) line = line.slice(0, -1);
			const sizeText = (line.split(';')[0] ?? '').trim();
			if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) return fail('invalid chunk size');
			const size = parseInt(sizeText, 16);
			if (size === 0) {
				// Last chunk: trailers follow, up to an empty line. Re-read from here until complete.
				const lastChunk = state.pos;
				state.pos = lineEnd + 1;
				const r = this.#takeTrailers(state);
				if (r.type === 'need-more') state.pos = lastChunk;
				return r;
			}
			if (state.received + size > MAX_BODY_BYTES) return fail('body too large');
			const dataStart = lineEnd + 1;
			if (this.#len < dataStart + size + 1) return { type: 'need-more' };
			let after = dataStart + size;
			if (this.#at(after) === CR) {
				if (this.#len < after + 2) return { type: 'need-more' };
				after++;
			}
			if (this.#at(after) !== LF) return fail('missing CRLF after chunk data');
			// A view: joinParts copies the parts once the last chunk is in.
			state.parts.push(this.#bytes(dataStart, dataStart + size));
			state.received += size;
			state.pos = after + 1;
		}
	}

	#takeTrailers(state: ChunkState): { type: 'body'; body: Uint8Array } | { type: 'need-more' } {
		for (;;) {
			const lineEnd = this.#indexOfLf(state.pos);
			if (lineEnd === -1) return { type: 'need-more' };
			let line = latin1(this.#bytes(state.pos, lineEnd));
			if (line.endsWith('\r')) line = line.slice(0, -1);
			state.pos = lineEnd + 1;
			if (line === '') return this.#finish(state.pos, joinParts(state.parts, state.received));
		}
	}

	#indexOfLf(from: number): number {
		const i = this.#store.indexOf(LF, this.#start + from);
		return i === -1 || i >= this.#start + this.#len ? -1 : i - this.#start;
	}

	/** Consumes `used` bytes (one message); what follows stays for the next message. */
	#finish(used: number, body: Uint8Array): { type: 'body'; body: Uint8Array } {
		this.#start += used;
		this.#len -= used;
		// Nothing pending: let go of the chunk (a body may still view it).
		if (this.#len === 0) {
			this.#store = EMPTY;
			this.#start = 0;
			this.#owned = false;
		}
		this.#head = undefined;
		this.#chunks = undefined;
		return { type: 'body', body };
	}
}

/**
 * The head's lines as [from, to) ranges of its text, without their CR, without the blank lines
 * that end it and (RFC 9112 §2.2: a server SHOULD ignore them) without empty lines before the
 * start line. Empty lines in between are lines (a malformed header line).
 */
class HeadLines {
	from = 0;
	to = 0;
	#next = 0;
	/** Where the trailing empty lines begin: nothing from here on is a line. */
	readonly #end: number;

	constructor(private readonly text: string) {
		let end = text.length;
		// Trailing line breaks (the lines they end are empty) are not lines.
		while (end > 0) {
			const c = text.charCodeAt(end - 1);
			if (c === 10) end--;
			else if (c === 13 && end > 1 && text.charCodeAt(end - 2) === 10) end -= 2;
			else break;
		}
		this.#end = end;
		let start = 0;
		// Leading empty lines ("\n" or "\r\n") before the start line are skipped.
		for (;;) {
			if (text.charCodeAt(start) === 10) start++;
			else if (text.charCodeAt(start) === 13 && text.charCodeAt(start + 1) === 10) start += 2;
			else break;
		}
		this.#next = start;
	}

	/** Moves to the next line; false after the last. */
	next(): boolean {
		const text = this.text;
		const from = this.#next;
		if (from >= this.#end) return false;
		let nl = text.indexOf('\n', from);
		if (nl === -1 || nl > this.#end) nl = this.#end;
		this.from = from;
		this.to = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
		this.#next = nl + 1;
		return true;
	}
}

/** text[from, to) without surrounding whitespace, as String.prototype.trim would give it. */
function trimmed(text: string, from: number, to: number): string {
	while (from < to && isSpace(text.charCodeAt(from))) from++;
	while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
	return text.slice(from, to);
}

/** What trim() strips that a latin-1 head can hold: whitespace and line terminators. */
function isSpace(c: number): boolean {
	return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

/** RFC 9110 token characters: `!#$%&'*+-.^_\`|~`, digits and letters. */
const TOKEN_CHARS = (() => {
	const ok = new Uint8Array(128);
	for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
		ok[c.charCodeAt(0)] = 1;
	return ok;
})();

/** Whether text[from, to) is a non-empty token (no regex, no substring). */
function isToken(text: string, from: number, to: number): boolean {
	if (to <= from) return false;
	for (let i = from; i < to; i++) {
		const c = text.charCodeAt(i);
		if (c >= 128 || TOKEN_CHARS[c] === 0) return false;
	}
	return true;
}

function joinParts(parts: readonly Uint8Array[], total: number): Uint8Array {
	const out = new Uint8Array(total);
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

function checkRequestLine(line: string): ParseError | undefined {
	// Exactly three parts, split by single spaces.
	const sp1 = line.indexOf(' ');
	const sp2 = sp1 === -1 ? -1 : line.indexOf(' ', sp1 + 1);
	if (sp2 === -1 || line.indexOf(' ', sp2 + 1) !== -1) return fail('malformed request line');
	const method = line.slice(0, sp1);
	const target = line.slice(sp1 + 1, sp2);
	const version = line.slice(sp2 + 1);
	if (!isToken(method, 0, method.length)) return fail('invalid method');
	if (target === '' || hasControlOrSpace(target)) {
		return fail('invalid request target');
	}
	if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') return fail('unsupported HTTP version');
	return undefined;
}

function hasControlOrSpace(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c <= 32 || c === 127) return true;
	}
	return false;
}

/** `HTTP/1.x NNN[ reason]`, as /^(HTTP\/1\.[01]) (\d{3})(?: (.*))?$/ matches it. */
function checkStatusLine(line: string): ParseError | undefined {
	const ok =
		line.length >= 12 &&
		line.startsWith('HTTP/1.') &&
		(line.charCodeAt(7) === 48 || line.charCodeAt(7) === 49) &&
		line.charCodeAt(8) === 32 &&
		isDigit(line.charCodeAt(9)) &&
		isDigit(line.charCodeAt(10)) &&
		isDigit(line.charCodeAt(11)) &&
		(line.length === 12 || (line.charCodeAt(12) === 32 && !hasLineTerminator(line, 13)));
	return ok ? undefined : fail('malformed status line');
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** 1 to `max` ASCII digits, as /^\d{1,max}$/ matches them. */
function isDecimal(text: string, max: number): boolean {
	if (text.length === 0 || text.length > max) return false;
	for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return false;
	return true;
}

/** `.` in a regex matches anything but these: \n, \r, U+2028, U+2029. */
function hasLineTerminator(text: string, from: number): boolean {
	for (let i = from; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return true;
	}
	return false;
}

function decideFraming(
	kind: 'request' | 'response',
	startLine: string,
	method: string,
	headers: readonly Header[]
): Framing | ParseError {
	if (kind === 'response') {
		const status = Number(startLine.slice(9, 12));
		if (method.toUpperCase() === 'HEAD') return { type: 'none' };
		if ((status >= 100 && status < 200) || status === 204 || status === 304) {
			return { type: 'none' };
		}
	}
	const te = getHeader(headers, 'transfer-encoding');
	if (te !== undefined) {
		// RFC 9112 §6.3: chunked must be the final coding; a request without it is refused.
		const codings = te.split(',').map((c) => c.trim().toLowerCase());
		if (codings[codings.length - 1] === 'chunked') return { type: 'chunked' };
		if (kind === 'request') return fail('unsupported transfer coding');
		return { type: 'eof' };
	}
	// Every Content-Length value (a list counts as its items) must be the first one.
	let first: string | undefined;
	let differs = false;
	for (const [n, v] of headers) {
		if (!nameIs(n, 'content-length')) continue;
		for (const x of v.includes(',') ? v.split(',') : [v]) {
			const value = x.trim();
			if (first === undefined) first = value;
			else if (value !== first) differs = true;
		}
	}
	if (first !== undefined) {
		if (differs || !isDecimal(first, 15)) return fail('invalid Content-Length');
		const length = Number(first);
		if (length > MAX_BODY_BYTES) return fail('body too large');
		return length === 0 ? { type: 'none' } : { type: 'length', length };
	}
	return kind === 'request' ? { type: 'none' } : { type: 'eof' };
}
