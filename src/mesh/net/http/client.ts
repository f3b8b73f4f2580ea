/**
 * The HTTP/1.1 client apps and curl share: resolve, connect, send one request, read one
 * response, close. Every failure is a value whose kind maps to one curl exit code, and a trace
 * records what happened when, so curl can print -v lines and -w timings after the fact.
 */
import type { Clock } from '../../clock.ts';
import type { Resolver } from '../dns.ts';
import type { NetStack, Socket } from '../socket.ts';
import { ms, type IpAddr, type SimMillis, type SocketAddr } from '../../types.ts';
import { isConnectError } from '../socket.ts';
import type { Header, HttpResponse } from './message.ts';
import { getHeader, requestHead, serializeRequest, utf8 } from './message.ts';
import { Http1Parser } from './parser.ts';
import { readResponse, type ReadOutcome } from './read.ts';
import { hostHeader, isUrlError, parseUrl, type ParsedUrl } from './url.ts';

/** What a client needs of its host (a `HostContext` is one). */
export interface HttpClientContext {
	readonly clock: Clock;
	readonly net: NetStack;
	readonly dns: Resolver;
}

export interface HttpRequestOptions {
	readonly method?: string;
	/** `http://reviews:9080/reviews/0`; a missing scheme means http, as in curl. */
	readonly url?: string;
	/** Alternative to `url`. */
	readonly host?: string;
	readonly port?: number;
	readonly path?: string;
	/** Sent in this order; Host and Content-Length are added when missing. */
	readonly headers?: readonly Header[];
	readonly body?: string | Uint8Array;
	/** Budget for the whole exchange (curl --max-time, requests' timeout). */
	readonly timeout?: SimMillis;
	/** Budget for the TCP connect alone (curl --connect-timeout). */
	readonly connectTimeout?: SimMillis;
	/**
	 * Runs the TLS handshake for an https URL over the connected socket (the caller brings the
	 * TLS code and its trusted roots). Without it, https fails as against a plain HTTP server.
	 */
	readonly tls?: (socket: Socket, serverName: string) => Promise<Socket | TlsFailure>;
}

/** Why the TLS handshake failed: the chain or name did not verify (curl 60), or another reason (35). */
export interface TlsFailure {
	readonly type: 'tls-failure';
	readonly verify: boolean;
	readonly message: string;
}

export type HttpClientError =
	| { readonly type: 'unsupported-protocol'; readonly scheme: string }
	| { readonly type: 'bad-url'; readonly message: string }
	/** The name did not resolve (curl 6). */
	| { readonly type: 'dns'; readonly host: string }
	/** RST in reply to SYN, or no route (curl 7). */
	| { readonly type: 'connect'; readonly reason: 'refused' | 'unreachable' }
	/** No answer to SYN in time (curl 28, "Failed to connect … Timeout was reached"). */
	/** `kernel`: no budget was set and the kernel's SYN retries ran out (ETIMEDOUT at 127 s). */
	| { readonly type: 'connect-timeout'; readonly kernel: boolean }
	/** Connected, but the response did not complete in time (curl 28, "Operation timed out"). */
	| { readonly type: 'timeout' }
	/** RST while waiting for or reading the response (curl 56). */
	| { readonly type: 'reset'; readonly reason: string }
	/** The server closed without sending a byte (curl 52). */
	| { readonly type: 'empty-reply' }
	/** The server closed in the middle of the response (curl 18). */
	| { readonly type: 'partial' }
	/** The reply was not HTTP/1.x (curl 1 or 8). */
	| { readonly type: 'malformed'; readonly message: string }
	/** https against a server that speaks plain HTTP: the TLS handshake fails (curl 35). */
	| { readonly type: 'tls' }
	/** The TLS handshake failed (35) or the server's certificate did not verify (60). */
	| { readonly type: 'tls-failure'; readonly verify: boolean; readonly message: string };

/** What happened when, for curl -v and -w. Times are sim times. */
export interface HttpTrace {
	readonly startedAt: SimMillis;
	readonly doneAt: SimMillis;
	readonly scheme: 'http' | 'https';
	readonly host: string;
	readonly port: number;
	/** The address connected to (a Service VIP stays a VIP, as curl sees it). */
	readonly ip?: IpAddr;
	readonly connectedAt?: SimMillis;
	readonly local?: SocketAddr;
	/** The request head exactly as sent, for `> ` lines. */
	readonly requestHead?: string;
	readonly requestBodyBytes: number;
	readonly firstByteAt?: SimMillis;
	readonly bodyReceived: number;
	readonly bodyExpected?: number;
}

export type HttpResult =
	| { readonly type: 'response'; readonly response: HttpResponse; readonly trace: HttpTrace }
	| {
			readonly type: 'error';
			readonly error: HttpClientError;
			readonly trace: HttpTrace;
			/** Body bytes that arrived before the failure (curl has already printed them). */
			readonly partialBody?: Uint8Array;
	  };

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function target(options: HttpRequestOptions): ParsedUrl | HttpClientError {
	if (options.url !== undefined) {
		const u = parseUrl(options.url);
		if (!isUrlError(u)) return u;
		return u.type === 'unsupported-protocol'
			? { type: 'unsupported-protocol', scheme: u.scheme }
			: { type: 'bad-url', message: u.message };
	}
	const host = options.host ?? '';
	if (host === '') return { type: 'bad-url', message: 'No host part in the URL' };
	const port = options.port ?? 80;
	const path = options.path ?? '/';
	return {
		scheme: 'http',
		host: host.toLowerCase(),
		port,
		explicitPort: port !== 80,
		target: path.startsWith('/') ? path : `/${path}`
	};
}

function buildHeaders(url: ParsedUrl, options: HttpRequestOptions, body: Uint8Array): Header[] {
	const given = options.headers ?? [];
	const headers: Header[] = [];
	if (getHeader(given, 'host') === undefined) headers.push(['Host', hostHeader(url)]);
	headers.push(...given);
	const method = (options.method ?? 'GET').toUpperCase();
	const needsLength =
		body.length > 0 || method === 'POST' || method === 'PUT' || method === 'PATCH';
	if (
		needsLength &&
		getHeader(given, 'content-length') === undefined &&
		getHeader(given, 'transfer-encoding') === undefined
	) {
		headers.push(['Content-Length', String(body.length)]);
	}
	return headers;
}

export async function httpRequest(
	ctx: HttpClientContext,
	options: HttpRequestOptions
): Promise<HttpResult> {
	const startedAt = ctx.clock.now();
	const method = options.method ?? 'GET';
	const body =
		typeof options.body === 'string' ? utf8(options.body) : (options.body ?? new Uint8Array(0));
	const url = target(options);
	const trace: { -readonly [K in keyof HttpTrace]: HttpTrace[K] } = {
		startedAt,
		doneAt: startedAt,
		scheme: 'type' in url ? 'http' : url.scheme,
		host: 'type' in url ? (options.host ?? '') : url.host,
		port: 'type' in url ? (options.port ?? 80) : url.port,
		requestBodyBytes: body.length,
		bodyReceived: 0
	};
	let partialBody: Uint8Array | undefined;
	const done = (r: { type: 'response'; response: HttpResponse } | HttpClientError): HttpResult => {
		trace.doneAt = ctx.clock.now();
		if (r.type === 'response') return { type: 'response', response: r.response, trace };
		return partialBody && partialBody.length > 0
			? { type: 'error', error: r, trace, partialBody }
			: { type: 'error', error: r, trace };
	};
	if ('type' in url) return done(url);

	const ip = IPV4.test(url.host) ? (url.host as IpAddr) : ctx.dns.lookup(url.host);
	if (ip === undefined) return done({ type: 'dns', host: url.host });
	trace.ip = ip;

	const deadline = options.timeout === undefined ? undefined : startedAt + options.timeout;
	const remaining = (): number | undefined =>
		deadline === undefined ? undefined : Math.max(0, deadline - ctx.clock.now());
	const budgets = [options.connectTimeout, remaining()].filter((x) => x !== undefined);
	const connectBudget = budgets.length > 0 ? ms(Math.min(...budgets)) : undefined;
	const socket = await ctx.net.connect(
		{ ip, port: url.port },
		connectBudget === undefined ? undefined : { timeout: connectBudget }
	);
	if (isConnectError(socket)) {
		return done(
			socket.type === 'timeout'
				? { type: 'connect-timeout', kernel: connectBudget === undefined }
				: { type: 'connect', reason: socket.type }
		);
	}
	trace.connectedAt = ctx.clock.now();
	trace.local = socket.local;
	let stream: Socket = socket;
	if (url.scheme === 'https') {
		if (!options.tls) {
			socket.reset();
			return done({ type: 'tls' });
		}
		const secured = await options.tls(socket, url.host);
		if ('type' in secured && secured.type === 'tls-failure') return done(secured);
		stream = secured as Socket;
	}

	const request = {
		method,
		target: url.target,
		version: 'HTTP/1.1',
		headers: buildHeaders(url, options, body),
		body
	};
	trace.requestHead = requestHead(request);
	stream.write(serializeRequest(request));

	const parser = new Http1Parser();
	const reading = readResponse(stream, parser, method, {
		onFirstByte: () => (trace.firstByteAt = ctx.clock.now())
	});
	const left = remaining();
	let outcome: ReadOutcome<HttpResponse> | { type: 'timeout' };
	if (left === undefined) {
		outcome = await reading;
	} else {
		let cancel = (): void => {};
		const timer = new Promise<{ type: 'timeout' }>((resolve) => {
			cancel = ctx.clock.after(ms(left), () => resolve({ type: 'timeout' }));
		});
		outcome = await Promise.race([reading, timer]);
		cancel();
	}
	const progress = parser.progress;
	if (outcome.type !== 'message') partialBody = parser.partialBody();
	trace.bodyReceived = progress.bodyReceived;
	if (progress.bodyExpected !== undefined) trace.bodyExpected = progress.bodyExpected;

	switch (outcome.type) {
		case 'message':
			trace.bodyReceived = outcome.message.body.length;
			stream.end();
			return done({ type: 'response', response: outcome.message });
		case 'timeout':
			// curl closes the socket when its budget runs out.
			stream.reset();
			return done({ type: 'timeout' });
		case 'reset':
			return done({ type: 'reset', reason: outcome.reason });
		case 'closed':
			stream.end();
			return done(
				outcome.partial || progress.headComplete ? { type: 'partial' } : { type: 'empty-reply' }
			);
		case 'parse-error':
			stream.reset();
			return done({ type: 'malformed', message: outcome.message });
	}
}
