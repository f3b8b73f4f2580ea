/**
 * The HTTP client's contract: what a caller passes (`HttpRequestOptions`) and gets back
 * (`HttpResult`, with an `HttpTrace` of what happened when). Every failure is a value whose kind
 * maps to one curl exit code.
 */
import type { Clock } from '../../clock.ts';
import type { Resolver } from '../dns.ts';
import type { NetStack, Socket } from '../socket.ts';
import type { IpAddr, SimMillis, SocketAddr } from '../../types.ts';
import type { Header, HttpResponse } from './message.ts';

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
	/** The client's own exit code when it is neither 60 nor 35 (curl: a bad --cacert is 77). */
	readonly code?: number;
}

export type HttpClientError =
	| { readonly type: 'unsupported-protocol'; readonly scheme: string }
	| { readonly type: 'bad-url'; readonly message: string }
	/** The name did not resolve (curl 6). */
	| { readonly type: 'dns'; readonly host: string }
	/** No nameserver answered before the budget ran out (curl 28, "Resolving timed out"). */
	| { readonly type: 'resolve-timeout' }
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
	| {
			readonly type: 'tls-failure';
			readonly verify: boolean;
			readonly message: string;
			readonly code?: number;
	  };

/** What happened when, for curl -v and -w. Times are sim times. */
export interface HttpTrace {
	readonly startedAt: SimMillis;
	readonly doneAt: SimMillis;
	readonly scheme: 'http' | 'https';
	readonly host: string;
	readonly port: number;
	/** The address connected to (a Service VIP stays a VIP, as curl sees it). */
	readonly ip?: IpAddr;
	/**
	 * `localhost` only: its IPv6 address (`/etc/hosts`' `::1 localhost`), tried first, and the
	 * local port of that attempt when it was refused (the client then tried `ip`).
	 */
	readonly ipv6?: IpAddr;
	readonly ipv6RefusedFrom?: number;
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

/** The trace as the client fills it in. */
export type TraceInProgress = { -readonly [K in keyof HttpTrace]: HttpTrace[K] };
