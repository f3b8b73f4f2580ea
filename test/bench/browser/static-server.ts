/** Serves this folder on a free localhost port (a secure context, so workers behave as in the app). */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8'
};

export interface StaticServer {
	readonly url: string;
	close(): Promise<void>;
}

export async function serveBenchPages(root = import.meta.dirname): Promise<StaticServer> {
	const server = createServer(async (req, res) => {
		const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
		const type = TYPES[extname(path)];
		if (!type || path.includes('..')) return void res.writeHead(404).end();
		try {
			const body = await readFile(join(root, path));
			res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
		} catch {
			res.writeHead(404).end();
		}
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const addr = server.address();
	const port = typeof addr === 'object' && addr ? addr.port : 0;
	return {
		url: `http://127.0.0.1:${port}/`,
		close: () => new Promise((done) => server.close(() => done()))
	};
}
