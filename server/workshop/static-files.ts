/**
 * Serves the built playground (`dist/`) from the hub's own port, so the page, its workers and the
 * hub share one origin. GET and HEAD only; paths are resolved inside the folder (no `..` escapes);
 * a path without a file extension gets index.html, the page reads its query itself.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.woff2': 'font/woff2',
	'.wasm': 'application/wasm',
	'.ttf': 'font/ttf',
	'.txt': 'text/plain; charset=utf-8',
	'.yaml': 'text/yaml; charset=utf-8',
	'.md': 'text/markdown; charset=utf-8'
};

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function staticFiles(distDir: string): StaticHandler {
	const root = resolve(distDir);
	return (req, res) => {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, { allow: 'GET, HEAD' }).end();
			return;
		}
		if (!existsSync(join(root, 'index.html'))) {
			res
				.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
				.end(`The playground is not built in ${root}: run \`npm run build\`.\n`);
			return;
		}
		let pathname: string;
		try {
			pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://hub').pathname);
		} catch {
			res.writeHead(400).end();
			return;
		}
		let file = resolve(root, `.${pathname}`);
		if (file !== root && !file.startsWith(root + sep)) {
			res.writeHead(404).end();
			return;
		}
		const isFile = existsSync(file) && statSync(file).isFile();
		if (!isFile) {
			if (extname(pathname)) {
				res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
				return;
			}
			file = join(root, 'index.html');
		}
		const hashed = pathname.startsWith('/assets/');
		res.writeHead(200, {
			'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
			'content-length': statSync(file).size,
			'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
			'x-content-type-options': 'nosniff'
		});
		if (req.method === 'HEAD') res.end();
		else createReadStream(file).pipe(res);
	};
}

/** A hub started without the page (`--no-static`): the page is served elsewhere. */
export const noPage: StaticHandler = (_req, res) => {
	res
		.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
		.end('This workshop hub serves no page (started with --no-static).\n');
};
