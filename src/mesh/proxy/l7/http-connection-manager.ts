/**
 * The HTTP/1.1 side of one downstream connection (the inside of an HBONE tunnel, or a plain
 * connection to the ingress listener): read requests in a keep-alive loop, proxy each one, write
 * its response, until the client closes or asks to. Requests on one connection are handled in
 * order, as HTTP/1.1 requires.
 */
import type { HttpRequest } from '../../net/http/message.ts';
import { headerHasToken, makeResponse, serializeResponse } from '../../net/http/message.ts';
import { Http1Parser } from '../../net/http/parser.ts';
import { readRequest } from '../../net/http/read.ts';
import { finalizeResponse } from '../../net/http/server.ts';
import type { Socket } from '../../net/socket.ts';
import type { Downstream, RequestTarget } from './plan.ts';
import { proxyRequest } from './http-proxy.ts';
import type { WaypointInputs } from './proxy-inputs.ts';

function wantsClose(req: HttpRequest): boolean {
	if (headerHasToken(req.headers, 'connection', 'close')) return true;
	return req.version === 'HTTP/1.0' && !headerHasToken(req.headers, 'connection', 'keep-alive');
}

/**
 * Serves requests on `socket`; `target` resolves each request's destination (hosts may differ),
 * `edge` is a gateway's header mutation before its filters (edge-request.ts).
 */
export async function serveHttp(
	inputs: WaypointInputs,
	socket: Socket,
	down: Downstream,
	target: (req: HttpRequest) => RequestTarget,
	edge?: (req: HttpRequest, down: Downstream) => { req: HttpRequest; down: Downstream }
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
			// Envoy's codec error reply; the connection cannot be resynchronised.
			const bad = finalizeResponse(makeResponse(400, 'Bad Request'), {}, inputs.clock.now(), true);
			socket.write(serializeResponse(bad));
			socket.end();
			return;
		}
		const { req, down: from } = edge ? edge(r.message, down) : { req: r.message, down };
		const proxied = await proxyRequest(inputs, target(req), from, req);
		const close = wantsClose(req);
		const final = finalizeResponse(proxied.response, {}, inputs.clock.now(), close);
		socket.write(serializeResponse(final, req.method.toUpperCase() === 'HEAD'));
		proxied.finish(inputs.clock.now());
		if (close) {
			socket.end();
			return;
		}
	}
}
