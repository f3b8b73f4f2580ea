/**
 * HBONE: HTTP/2 CONNECT streams inside a mutually authenticated connection. Each CONNECT opens
 * one tunnel (an HTTP/2 stream) to `:authority`; after `:status 200` the stream carries the
 * application's raw bytes both ways, and any other status refuses that tunnel (`401
 * Unauthorized` for a policy denial, `503 Service Unavailable` when the target is down) without
 * touching the connection's other streams. Many tunnels share one connection, so a pool pays
 * one handshake for many requests (ztunnel src/proxy/pool.rs).
 * Mirrors ztunnel src/proxy/h2/client.rs (H2ConnectClient::send_request) and
 * src/proxy/h2/server.rs + src/proxy/inbound.rs (serve_connect, status codes).
 */
import { type Header, reasonPhrase } from '../net/http/message.ts';
import type { ReadResult, Socket } from '../net/socket.ts';
import { type SocketAddr, formatAddr, ip } from '../types.ts';
import { ErrorCode, type HeaderField } from './frame.ts';
import { CLOSED_EARLY, H2Connection, type H2Stream } from './h2.ts';

export interface HboneError {
	readonly type: 'hbone-error';
	/** The HTTP status when the peer answered, e.g. 401. */
	readonly status?: number;
	/** ztunnel's log text: `http status: 401 Unauthorized`. */
	readonly message: string;
	/** The peer refused the stream before processing it (REFUSED_STREAM): safe to retry. */
	readonly refused?: boolean;
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

/** A tunnel is a Socket (one HTTP/2 stream); `stream` is the secure connection underneath. */
export interface HboneTunnel<S extends Socket = Socket> extends Socket {
	/** What the CONNECT named: an address, or a Service's `hostname:port` (double HBONE). */
	readonly target: SocketAddr | string;
	readonly stream: S;
}

/**
 * ztunnel's HboneAddress::SvcHostname: a CONNECT to `<service hostname>:<port>`, as both tunnels
 * of double HBONE name their target (the client cannot know the remote network's addresses).
 */
export interface SvcHostname {
	readonly hostname: string;
	readonly port: number;
}

/**
 * How a server that takes hostname authorities turns one into the address it serves (ztunnel
 * inbound: the local pod and its target port; the east-west gateway: an endpoint's HBONE
 * address), or the status refusing it.
 */
export type SvcHostnameResolver = (svc: SvcHostname) => SocketAddr | HboneRefusal;

/** Statuses an inbound proxy answers CONNECT with. */
export type HboneRefusal = 400 | 401 | 403 | 404 | 405 | 431 | 502 | 503 | 504;

export interface HboneRequest<S extends Socket = Socket> {
	/** The connection the request came on: its `peerIdentity` is the source for policy. */
	readonly stream: S;
	/** The address served: the authority's, or what a hostname authority resolved to. */
	readonly target: SocketAddr;
	/** Set when the authority was a Service's `hostname:port` (double HBONE). */
	readonly svcHostname?: SvcHostname;
	/** Regular (non-pseudo) headers, lower-case names, in arrival order. */
	readonly headers: readonly Header[];
	/** Accepts: answers `200` and returns the tunnel. */
	respond(status: 200): HboneTunnel<S>;
	/** Refuses: answers the status and ends this stream (the connection stays). */
	respond(status: HboneRefusal): undefined;
}

/** An HTTP/2 stream seen as a tunnel to `target`. */
class Tunnel<S extends Socket> implements HboneTunnel<S> {
	readonly #h2: H2Stream;
	constructor(
		h2: H2Stream,
		readonly stream: S,
		readonly target: SocketAddr | string
	) {
		this.#h2 = h2;
	}
	get id() {
		return this.#h2.id;
	}
	get local() {
		return this.stream.local;
	}
	get remote() {
		return this.stream.remote;
	}
	write(bytes: Uint8Array): void {
		this.#h2.write(bytes);
	}
	end(): void {
		this.#h2.end();
	}
	reset(): void {
		this.#h2.reset();
	}
	read(): Promise<ReadResult> {
		return this.#h2.read();
	}
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

const DNS_NAME =
	/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** `helloworld.sample.svc.cluster.local:5000` → hostname and port; an address or junk → undefined. */
export function parseSvcHostname(s: string): SvcHostname | undefined {
	const colon = s.lastIndexOf(':');
	if (colon < 0) return undefined;
	const hostname = s.slice(0, colon);
	const portText = s.slice(colon + 1);
	const port = Number(portText);
	if (IPV4.test(hostname) || !DNS_NAME.test(hostname)) return undefined;
	if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535) return undefined;
	return { hostname, port };
}

export interface HboneClientOptions {
	/** Open tunnels changed (a pool starts its idle timer when this reaches 0). */
	readonly onActivity?: (active: number) => void;
}

/**
 * The client end of one HBONE connection: many CONNECTs over `stream`, one HTTP/2 stream each.
 * Mirrors ztunnel H2ConnectClient.
 */
export class HboneClient<S extends Socket = Socket> {
	readonly stream: S;
	readonly #h2: H2Connection<S>;

	constructor(stream: S, options: HboneClientOptions = {}) {
		this.stream = stream;
		this.#h2 = new H2Connection(stream, 'client', {
			...(options.onActivity ? { onActivity: options.onActivity } : {})
		});
	}

	/** Tunnels not yet closed both ways. */
	get activeStreams(): number {
		return this.#h2.activeStreams;
	}

	/** False once either side sent GOAWAY or the connection ended. */
	get usable(): boolean {
		return this.#h2.usable;
	}

	/** Resolves once the connection is gone. */
	get done(): Promise<void> {
		return this.#h2.done;
	}

	/**
	 * Asks the peer proxy to open `target` (ztunnel: `CONNECT <pod or VIP>:<port>`). Resolves to
	 * the tunnel once the peer answers `200`, or to an HboneError carrying the status.
	 */
	async connect(
		target: SocketAddr | string,
		headers: HboneHeaders = {}
	): Promise<HboneTunnel<S> | HboneError> {
		const fields: HeaderField[] = [
			[':method', 'CONNECT'],
			[':authority', typeof target === 'string' ? target : formatAddr(target)],
			...Object.entries(headers).map(([n, v]): HeaderField => [n.toLowerCase(), v])
		];
		const h2 = this.#h2.open(fields);
		const head = (await h2.response) ?? { type: 'error', message: CLOSED_EARLY };
		// A TLS failure (the server refusing our certificate) surfaces here as the reset reason.
		if (head.type === 'error') {
			return head.refused
				? { type: 'hbone-error', message: head.message, refused: true }
				: hboneError(head.message);
		}
		const statusText = head.fields.find(([n]) => n === ':status')?.[1] ?? '';
		const status = /^\d{3}$/.test(statusText) ? Number(statusText) : NaN;
		if (Number.isNaN(status)) {
			h2.resetWith(ErrorCode.PROTOCOL_ERROR);
			return hboneError('invalid HTTP response');
		}
		if (status !== 200) {
			h2.end();
			return hboneError(`http status: ${status} ${reasonPhrase(status)}`.trim(), status);
		}
		return new Tunnel(h2, this.stream, target);
	}

	/** GOAWAY: no new tunnels; the connection closes when the open ones have. */
	close(): void {
		this.#h2.close();
	}
}

/**
 * One tunnel on a connection of its own: the connection closes when the tunnel does. For
 * callers that do not pool (tests, one-off probes).
 */
export async function hboneConnect<S extends Socket>(
	stream: S,
	target: SocketAddr | string,
	headers: HboneHeaders = {}
): Promise<HboneTunnel<S> | HboneError> {
	const client = new HboneClient(stream);
	const tunnel = await client.connect(target, headers);
	client.close();
	return tunnel;
}

/** Checks a CONNECT's pseudo-headers; a malformed one is answered here (`400`, `405`). */
function toRequest<S extends Socket>(
	conn: H2Connection<S>,
	h2: H2Stream,
	fields: readonly HeaderField[],
	resolveHostname?: SvcHostnameResolver
): HboneRequest<S> | HboneError {
	const pseudo = (name: string) => fields.find(([n]) => n === name)?.[1];
	const refuse = (status: HboneRefusal, message: string): HboneError => {
		conn.respond(h2, [[':status', String(status)]], true);
		return hboneError(message, status);
	};
	const method = pseudo(':method') ?? '';
	if (method !== 'CONNECT') return refuse(405, `method ${method} not allowed on HBONE`);
	const authority = pseudo(':authority') ?? '';
	const svc = resolveHostname ? parseSvcHostname(authority) : undefined;
	const resolved = svc && resolveHostname ? resolveHostname(svc) : parseAuthority(authority);
	if (typeof resolved === 'number') return refuse(resolved, `no route for ${authority}`);
	const target = resolved;
	if (!target) return refuse(400, `invalid CONNECT target: ${authority}`);
	const headers: Header[] = fields.filter(([n]) => !n.startsWith(':')).map(([n, v]) => [n, v]);
	let answered = false;
	function respond(status: 200): HboneTunnel<S>;
	function respond(status: HboneRefusal): undefined;
	function respond(status: 200 | HboneRefusal): HboneTunnel<S> | undefined {
		if (answered) throw new Error('BUG: HBONE request answered twice');
		answered = true;
		conn.respond(h2, [[':status', String(status)]], status !== 200);
		return status === 200 ? new Tunnel(h2, conn.socket, target as SocketAddr) : undefined;
	}
	return { stream: conn.socket, target, ...(svc ? { svcHostname: svc } : {}), headers, respond };
}

/**
 * Serves every CONNECT that arrives on `stream`, each handed to `onRequest` as it comes (the
 * caller decides and answers). Malformed requests are answered here and not passed on.
 * Resolves once the connection has ended.
 */
export function serveHbone<S extends Socket>(
	stream: S,
	onRequest: (request: HboneRequest<S>) => void,
	onRefused?: (error: HboneError) => void,
	/** Takes `<service hostname>:<port>` authorities too (ztunnel inbound, east-west gateway). */
	resolveHostname?: SvcHostnameResolver
): Promise<void> {
	const conn: H2Connection<S> = new H2Connection(stream, 'server', {
		onStream(h2, fields) {
			const req = toRequest(conn, h2, fields, resolveHostname);
			if (isHboneError(req)) onRefused?.(req);
			else onRequest(req);
		}
	});
	return conn.done;
}

/**
 * Reads one CONNECT from `stream`: the first request only; the connection then takes no more
 * (GOAWAY) and closes after this tunnel. For peers that expect one tunnel per connection.
 */
export function hboneAccept<S extends Socket>(stream: S): Promise<HboneRequest<S> | HboneError> {
	return new Promise((resolve) => {
		const conn: H2Connection<S> = new H2Connection(stream, 'server', {
			onStream(h2, fields) {
				conn.close();
				resolve(toRequest(conn, h2, fields));
			},
			onError: (code) => resolve(hboneError(`h2 protocol error: ${code}`))
		});
		void conn.done.then(() => resolve(hboneError(CLOSED_EARLY)));
	});
}
