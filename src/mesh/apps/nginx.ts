/**
 * nginx with its default config: the welcome page on port 80, 404 elsewhere, and the combined
 * access log format on the container log.
 */
import type { HttpResponse } from '../net/http/message.ts';
import { getHeader, makeResponse } from '../net/http/message.ts';
import type { ServerRequest } from '../net/http/server.ts';
import type { ContainerProgram } from '../runtime/host.ts';
import { clfTime, isoTime, listenOrCrash } from './app-server.ts';

const VERSION = 'nginx/1.27.3';

export const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const errorPage = (status: number, reason: string): string =>
	`<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>${VERSION}</center>\r\n</body>\r\n</html>\r\n`;

export function handleNginx(req: ServerRequest): HttpResponse {
	const method = req.method.toUpperCase();
	if (req.path === '/' || req.path === '/index.html') {
		if (method !== 'GET' && method !== 'HEAD') {
			return makeResponse(405, errorPage(405, 'Not Allowed'), [['Content-Type', 'text/html']]);
		}
		return makeResponse(200, NGINX_WELCOME, [
			['Content-Type', 'text/html'],
			['Last-Modified', 'Tue, 26 Nov 2024 15:55:00 GMT'],
			['ETag', '"6745ef54-267"'],
			['Accept-Ranges', 'bytes']
		]);
	}
	return makeResponse(404, errorPage(404, 'Not Found'), [['Content-Type', 'text/html']]);
}

export function nginxProgram(): ContainerProgram {
	return {
		async start(ctx, container) {
			const name = container.name;
			const at = isoTime(ctx.clock.now())
				.replace('T', ' ')
				.replace(/-/g, '/')
				.replace(/\.\d+Z$/, '');
			ctx.log(name, '/docker-entrypoint.sh: Configuration complete; ready for start up');
			ctx.log(name, `${at} [notice] 1#1: ${VERSION}`);
			ctx.log(name, `${at} [notice] 1#1: start worker processes`);
			listenOrCrash(ctx, 80, (req) => handleNginx(req), {
				defaultHeaders: [['Server', VERSION]],
				onResponse(req, res, when) {
					const ua = getHeader(req.headers, 'user-agent') ?? '-';
					const bytes = req.method.toUpperCase() === 'HEAD' ? 0 : res.body.length;
					ctx.log(
						name,
						`${req.remote.ip} - - [${clfTime(when)} +0000] "${req.method} ${req.target} ${req.version}" ${res.status} ${bytes} "-" "${ua}" "-"`
					);
				}
			});
		},
		binaries: {}
	};
}
