/**
 * Ports Istio's components hold open. HTTP endpoints answer as the real ones do; the gRPC and TLS
 * ports (xDS, CA, webhook) accept and close for now — istiod's xDS and CA arrive with the ztunnel
 * work, which replaces these placeholders.
 */
import type { HttpHandler } from '../../net/http/server.ts';
import { makeResponse } from '../../net/http/message.ts';
import type { HostContext } from '../../runtime/host.ts';
import { listenOrCrash } from '../app-server.ts';

/** Accepts and closes at once (curl reports an empty reply). Throws if the port is taken. */
export function listenPlaceholder(ctx: HostContext, port: number): void {
	const listener = ctx.net.listen(port, (socket) => socket.end());
	if ('type' in listener)
		throw new Error(`listen tcp 0.0.0.0:${port}: bind: address already in use`);
}

/** Serves a small table of `GET path → body`; other paths 404, other methods 405. */
export function listenHttp(
	ctx: HostContext,
	port: number,
	routes: Readonly<Record<string, () => string>>,
	contentType = 'text/plain; charset=utf-8'
): void {
	const handler: HttpHandler = (req) => {
		const body = routes[req.path];
		if (!body) return makeResponse(404, '');
		if (req.method !== 'GET' && req.method !== 'HEAD') return makeResponse(405, '');
		return makeResponse(200, body(), [['Content-Type', contentType]]);
	};
	listenOrCrash(ctx, port, handler);
}
