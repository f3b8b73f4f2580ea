/**
 * The HTTP/1.1 server apps share: accept, read requests in a keep-alive loop, call the handler,
 * write responses, until the client closes or asks to (`Connection: close`).
 */
import type { Clock } from '../../clock.ts';
import type { SimMillis, SocketAddr } from '../../types.ts';
import type { ListenError, Listener, NetStack, Socket } from '../socket.ts';
import type { Header, HttpRequest, HttpResponse } from './message.ts';
import {
	chunked,
	hasHeader,
	headerHasToken,
	httpDate,
	makeResponse,
	serializeResponse
} from './message.ts';
import { Http1Parser } from './parser.ts';
import { readRequest } from './read.ts';

export interface ServerRequest extends HttpRequest {
	/** The client's address as this host sees it (httpbin's `origin`). */
	readonly remote: SocketAddr;
	readonly local: SocketAddr;
	/** The target without its query: `/status/418`. */
	readonly path: string;
	/** The query without `?` (empty when none). */
	readonly query: string;
}

export type HttpHandler = (req: ServerRequest) => HttpResponse | Promise<HttpResponse>;

export interface ServeOptions {
	/** Headers every response carries unless the handler set them (e.g. `Server`). */
	readonly defaultHeaders?: readonly Header[];
	/** Adds a `Date` header from sim time (default true), as nearly every server does. */
	readonly date?: boolean;
	/** Runs after each response is written: the place for an access log line. */
	readonly onResponse?: (req: ServerRequest, res: HttpResponse, at: SimMillis) => void;
}

export type ServerContext = { readonly clock: Clock; readonly net: NetStack };

/**
 * The request as a handler sees it. Built field by field (in the order spreading gave): object
 * spreads here were two fifths of a plain request's server time.
 */
function serverRequest(message: HttpRequest, socket: Socket): ServerRequest {
	const { target } = message;
	const q = target.indexOf('?');
	return {
		method: message.method,
		target,
		version: message.version,
		headers: message.headers,
		body: message.body,
		path: q === -1 ? target : target.slice(0, q),
		query: q === -1 ? '' : target.slice(q + 1),
		remote: socket.remote,
		local: socket.local
	};
}

function wantsClose(req: HttpRequest): boolean {
	if (headerHasToken(req.headers, 'connection', 'close')) return true;
	return req.version === 'HTTP/1.0' && !headerHasToken(req.headers, 'connection', 'keep-alive');
}

/** Fills in what the handler left out: defaults, Date, framing and Connection. */
export function finalizeResponse(
	res: HttpResponse,
	options: ServeOptions,
	now: SimMillis,
	close: boolean
): HttpResponse {
	const headers: Header[] = [];
	for (const h of options.defaultHeaders ?? []) {
		if (!hasHeader(res.headers, h[0])) headers.push(h);
	}
	if (options.date !== false && !hasHeader(res.headers, 'date')) {
		headers.push(['Date', httpDate(now)]);
	}
	headers.push(...res.headers);
	const bodyless =
		(res.status >= 100 && res.status < 200) || res.status === 204 || res.status === 304;
	if (
		!bodyless &&
		!hasHeader(headers, 'content-length') &&
		!hasHeader(headers, 'transfer-encoding')
	) {
		headers.push(['Content-Length', String(res.body.length)]);
	}
	if (close && !headerHasToken(headers, 'connection', 'close'))
		headers.push(['Connection', 'close']);
	return { ...res, version: 'HTTP/1.1', headers };
}

async function handleConnection(
	ctx: ServerContext,
	socket: Socket,
	handler: HttpHandler,
	options: ServeOptions
): Promise<void> {
	const parser = new Http1Parser();
	for (;;) {
		const r = await readRequest(socket, parser);
		if (r.type === 'reset') return;
		if (r.type === 'closed') {
			socket.end();
			return;
		}
		if (r.type === 'parse-error') {
			const bad = finalizeResponse(
				makeResponse(400, 'Bad Request'),
				options,
				ctx.clock.now(),
				true
			);
			socket.write(serializeResponse(bad));
			socket.end();
			return;
		}
		const req = serverRequest(r.message, socket);
		let res: HttpResponse;
		try {
			res = await handler(req);
		} catch {
			// A bug in an app is a 500 to its client, never an exception out of the host.
			res = makeResponse(500, 'Internal Server Error');
		}
		const close = wantsClose(req) || headerHasToken(res.headers, 'connection', 'close');
		const final = finalizeResponse(res, options, ctx.clock.now(), close);
		// Handlers return decoded bodies; framing is the server's job.
		const wire = headerHasToken(final.headers, 'transfer-encoding', 'chunked')
			? { ...final, body: chunked(final.body) }
			: final;
		socket.write(serializeResponse(wire, req.method.toUpperCase() === 'HEAD'));
		options.onResponse?.(req, final, ctx.clock.now());
		if (close) {
			socket.end();
			return;
		}
	}
}

/** Listens on `port` and serves every connection with `handler`. */
export function serve(
	ctx: ServerContext,
	port: number,
	handler: HttpHandler,
	options: ServeOptions = {}
): Listener | ListenError {
	return ctx.net.listen(port, (socket) => {
		void handleConnection(ctx, socket, handler, options);
	});
}

export function isListenError(x: Listener | ListenError): x is ListenError {
	return 'type' in x;
}

/** Query parameters in order, decoded as a form would be (`+` is a space). */
export function parseQuery(query: string): [string, string][] {
	if (query === '') return [];
	return query.split('&').flatMap((pair): [string, string][] => {
		if (pair === '') return [];
		const eq = pair.indexOf('=');
		const k = eq === -1 ? pair : pair.slice(0, eq);
		const v = eq === -1 ? '' : pair.slice(eq + 1);
		return [[decodeForm(k), decodeForm(v)]];
	});
}

export function decodeForm(s: string): string {
	const spaced = s.replace(/\+/g, ' ');
	try {
		return decodeURIComponent(spaced);
	} catch {
		return spaced;
	}
}
