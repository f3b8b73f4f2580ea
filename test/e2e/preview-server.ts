/**
 * Serves the built app (dist/) with `vite preview` on a free localhost port. localhost keeps the
 * page a secure context, which WebCrypto needs. Shared by the e2e setup and the browser benches.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { preview } from 'vite';

export interface PreviewServer {
	readonly url: string;
	close(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../..');

/** Asks the OS for a free port, then releases it for vite to bind (strictPort catches a race). */
export async function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const srv = createServer();
		srv.once('error', fail);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => done(port));
		});
	});
}

export async function startPreview(): Promise<PreviewServer> {
	if (!existsSync(resolve(ROOT, 'dist/index.html'))) {
		throw new Error('dist/index.html is missing: run `vite build` first (npm run test:e2e does).');
	}
	const port = await freePort();
	const server = await preview({
		root: ROOT,
		configFile: resolve(ROOT, 'vite.config.ts'),
		logLevel: 'warn',
		preview: { host: '127.0.0.1', port, strictPort: true, open: false }
	});
	return {
		url: `http://127.0.0.1:${port}/`,
		close: () => server.close()
	};
}
