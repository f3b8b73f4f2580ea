/**
 * HBONE: an HTTP CONNECT tunnel inside a mutually authenticated stream. After `200 OK` the
 * stream carries the application's raw bytes both ways; any other status refuses the tunnel
 * (`401 Unauthorized` for a policy denial, `503 Service Unavailable` when the target is down).
 *
 * Real HBONE runs CONNECT over HTTP/2 and multiplexes many tunnels on one mTLS connection. We
 * use HTTP/1.1 framing with exactly one CONNECT per secure stream: the bytes after the head are
 * the tunnel, so nothing else may share the stream. A pool (ztunnel proxy/pool.rs) therefore
 * pools handshakes per (source identity, destination identity), not streams.
 * Mirrors ztunnel src/proxy/h2 (client) and src/proxy/inbound.rs (accept, status codes).
 */
import { type Header, reasonPhrase } from '../net/http/message.ts';
import type { ReadResult, Socket } from '../net/socket.ts';
import { type SocketAddr, formatAddr, ip } from '../types.ts';

/** Request heads bigger than this are refused (`431`), as hyper does with its default limit. */
const MAX_HEAD = 16 * 1024;

export interface HboneError {
	readonly type: 'hbone-error';
	/** The HTTP status when the peer answered, e.g. 401. */
	readonly status?: number;
	/** ztunnel's log text: `http status: 401 Unauthorized`. */
	readonly message: string;
}

export function isHboneError(x: unknown): x is HboneError {
	return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'hbone-error';
}

const hboneError = (message: string, status?: number): HboneError =>
	status === undefined
		? { type: 'hbone-error', message }
		: { type: 'hbone-error', status, message };

/** Headers ztunnel adds to CONNECT: `baggage`, `forwarded` (`for=<source ip>`), `traceparent`. */
export type HboneHeaders = Readonly<Record<string, string>>;

/** A tunnel is a Socket; `stream` is the secure stream underneath (for its peer identity). */
export interface HboneTunnel<S extends Socket = Socket> extends Socket {
	readonly target: SocketAddr;
	readonly stream: S;
}

/** Statuses an inbound proxy answers CONNECT with. */
export type HboneRefusal = 400 | 401 | 403 | 404 | 405 | 431 | 502 | 503 | 504;

export interface HboneRequest<S extends Socket = Socket> {
	/** The stream the request came on: its `peerIdentity` is the source for policy. */
	readonly stream: S;
	readonly target: SocketAddr;
	/** Lower-case names, in arrival order. */
	readonly headers: readonly Header[];
	/** Accepts: writes `200 OK` and returns the tunnel. */
	respond(status: 200): HboneTunnel<S>;
	/** Refuses: writes the status and closes the stream. */
	respond(status: HboneRefusal): undefined;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('latin1');

/** A tunnel over `stream` that first returns bytes read past the HTTP head. */
class Tunnel<S extends Socket> implements HboneTunnel<S> {
	#leftover: Uint8Array | undefined;
	constructor(
		readonly stream: S,
		readonly target: SocketAddr,
		leftover: Uint8Array
	) {
		this.#leftover = leftover.length > 0 ? leftover : undefined;
	}
	get id() {
		return this.stream.id;
	}
	get local() {
		return this.stream.local;
	}
	get remote() {
		return this.stream.remote;
	}
	write(bytes: Uint8Array): void {
		this.stream.write(bytes);
	}
	end(): void {
		this.stream.end();
	}
	reset(): void {
		this.stream.reset();
	}
	read(): Promise<ReadResult> {
		const first = this.#leftover;
		if (first) {
			this.#leftover = undefined;
			return Promise.resolve({ type: 'data', bytes: first });
		}
		return this.stream.read();
	}
}

type Head =
	| { readonly type: 'head'; readonly lines: string[]; readonly rest: Uint8Array }
	| { readonly type: 'closed'; readonly reason?: string }
	| { readonly type: 'too-large' };

/** Reads up to the blank line that ends an HTTP/1.1 head. */
async function readHead(stream: Socket): Promise<Head> {
	let buffered = new Uint8Array(0);
	for (;;) {
		const end = indexOfBlankLine(buffered);
		if (end >= 0) {
			const text = decoder.decode(buffered.subarray(0, end));
			return { type: 'head', lines: text.split('\r\n'), rest: buffered.slice(end + 4) };
		}
		if (buffered.length > MAX_HEAD) return { type: 'too-large' };
		const r = await stream.read();
		if (r.type === 'eof') return { type: 'closed' };
		if (r.type === 'reset') return { type: 'closed', reason: r.reason };
		const next = new Uint8Array(buffered.length + r.bytes.length);
		next.set(buffered);
		next.set(r.bytes, buffered.length);
		buffered = next;
	}
}

function indexOfBlankLine(b: Uint8Array): number {
	for (let i = 0; i + 3 < b.length; i++) {
		if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i;
	}
	return -1;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** `10.244.1.5:9080` → address; anything else (names, IPv6, bad ports) → undefined. */
export function parseAuthority(s: string): SocketAddr | undefined {
	const colon = s.lastIndexOf(':');
	if (colon < 0) return undefined;
	const host = s.slice(0, colon);
	const portText = s.slice(colon + 1);
	const port = Number(portText);
	if (!IPV4.test(host) || !/^\d{1,5}$/.test(portText) || port < 1 || port > 65535) {
		return undefined;
	}
	return { ip: ip(host), port };
}

function statusLine(status: number): string {
	return `HTTP/1.1 ${status} ${reasonPhrase(status)}`;
}

/**
 * Asks the peer proxy to open `target` (ztunnel: `CONNECT <pod or VIP>:<port>`). Resolves to
 * the tunnel once the peer answers `200`, or to an HboneError carrying the status.
 */
export async function hboneConnect<S extends Socket>(
	stream: S,
	target: SocketAddr,
	headers: HboneHeaders = {}
): Promise<HboneTunnel<S> | HboneError> {
	const authority = formatAddr(target);
	const lines = [`CONNECT ${authority} HTTP/1.1`, `host: ${authority}`];
	for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
	stream.write(encoder.encode(`${lines.join('\r\n')}\r\n\r\n`));

	const head = await readHead(stream);
	if (head.type === 'too-large') {
		stream.reset();
		return hboneError('response head too large');
	}
	if (head.type === 'closed') {
		// A TLS failure (the server refusing our certificate) surfaces here as the reset reason.
		return hboneError(head.reason ?? 'connection closed before message completed');
	}
	const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(head.lines[0] ?? '');
	if (!m) {
		stream.reset();
		return hboneError('invalid HTTP response');
	}
	const status = Number(m[1]);
	if (status !== 200) {
		stream.end();
		return hboneError(`http status: ${status} ${m[2] ?? reasonPhrase(status)}`.trim(), status);
	}
	return new Tunnel(stream, target, head.rest);
}

/**
 * Reads a CONNECT request from a peer proxy. The caller decides (policy, target reachability)
 * and answers with `respond`. A malformed request is answered `400` (or `405`, `431`) here.
 */
export async function hboneAccept<S extends Socket>(
	stream: S
): Promise<HboneRequest<S> | HboneError> {
	const refuse = (status: number, message: string): HboneError => {
		stream.write(encoder.encode(`${statusLine(status)}\r\n\r\n`));
		stream.end();
		return hboneError(message, status);
	};
	const head = await readHead(stream);
	if (head.type === 'closed') {
		return hboneError(head.reason ?? 'connection closed before message completed');
	}
	if (head.type === 'too-large') return refuse(431, 'request head too large');
	const [requestLine = '', ...headerLines] = head.lines;
	const m = /^(\S+) (\S+) HTTP\/1\.[01]$/.exec(requestLine);
	if (!m) return refuse(400, `invalid request line: ${requestLine}`);
	if (m[1] !== 'CONNECT') return refuse(405, `method ${m[1]} not allowed on HBONE`);
	const target = parseAuthority(m[2] ?? '');
	if (!target) return refuse(400, `invalid CONNECT target: ${m[2]}`);
	const headers: Header[] = [];
	for (const line of headerLines) {
		const colon = line.indexOf(':');
		if (colon <= 0) return refuse(400, `invalid header line: ${line}`);
		headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
	}
	const to = target;
	const rest = head.rest;
	let answered = false;
	function respond(status: 200): HboneTunnel<S>;
	function respond(status: HboneRefusal): undefined;
	function respond(status: 200 | HboneRefusal): HboneTunnel<S> | undefined {
		if (answered) throw new Error('BUG: HBONE request answered twice');
		answered = true;
		stream.write(encoder.encode(`${statusLine(status)}\r\n\r\n`));
		if (status === 200) return new Tunnel(stream, to, rest);
		stream.end();
		return undefined;
	}
	return { stream, target, headers, respond };
}
