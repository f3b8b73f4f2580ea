/**
 * Istio's helloworld sample (samples/helloworld/src/app.py, Flask under gunicorn on 5000): `/hello`
 * answers `Hello version: v1, instance: <pod name>` (SERVICE_VERSION is baked into each image,
 * HOSTNAME is the pod's name), `/health` answers `Helloworld is healthy`, anything else Flask's 404.
 */
import { makeResponse, type HttpResponse } from '../net/http/message.ts';
import type { ServerRequest } from '../net/http/server.ts';
import type { ContainerProgram } from '../runtime/host.ts';
import { listenOrCrash } from './app-server.ts';

const NOT_FOUND = `<!doctype html>
<html lang=en>
<title>404 Not Found</title>
<h1>Not Found</h1>
<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>
`;

const html = (status: number, body: string): HttpResponse =>
	makeResponse(status, body, [['Content-Type', 'text/html; charset=utf-8']]);

export function handleHelloworld(req: ServerRequest, version: string, host: string): HttpResponse {
	if (req.path === '/hello') return html(200, `Hello version: ${version}, instance: ${host}\n`);
	if (req.path === '/health') return html(200, 'Helloworld is healthy');
	return html(404, NOT_FOUND);
}

export function helloworldProgram(version: string): () => ContainerProgram {
	return () => ({
		async start(ctx) {
			listenOrCrash(ctx, 5000, (req) => handleHelloworld(req, version, ctx.spec.name), {
				defaultHeaders: [['Server', 'gunicorn']]
			});
		},
		binaries: {}
	});
}
