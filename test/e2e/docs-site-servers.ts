/**
 * Three origins for the cross-origin embed tests and benches: the built playground (dist/) on
 * http://127.0.0.1:P1, the example docs site (examples/docs-site, built by VitePress against that
 * playground) on http://localhost:P2, and a third party on http://127.0.0.1:P3 whose page tries
 * to drive the embeds. All three are secure contexts (loopback), as WebCrypto needs.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startPreview, type PreviewServer } from './preview-server.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const VITEPRESS = resolve(ROOT, 'node_modules/vitepress/bin/vitepress.js');

export interface DocsSiteServers {
	/** `http://127.0.0.1:P1`, no trailing slash: where embed.js and embed.html are served. */
	readonly playground: string;
	/** `http://localhost:P2`: the docs site. */
	readonly docs: string;
	/** `http://127.0.0.1:P3`: a third party; `/attack.html` posts commands at every frame it can reach. */
	readonly thirdParty: string;
	close(): Promise<void>;
}

/** Builds the docs site into a temporary folder, embedding the playground from `origin`. */
export async function buildDocsSite(origin: string, outDir: string): Promise<void> {
	await promisify(execFile)(
		process.execPath,
		[VITEPRESS, 'build', 'examples/docs-site', '--outDir', outDir],
		{ cwd: ROOT, env: { ...process.env, MESH_PLAYGROUND_ORIGIN: origin } }
	);
}

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.woff2': 'font/woff2'
};

async function listen(server: Server, host: string): Promise<number> {
	await new Promise<void>((done) => server.listen(0, host, done));
	const addr = server.address();
	return typeof addr === 'object' && addr ? addr.port : 0;
}

/** Serves `root` as a static site: `/` and `/dir/` map to index.html. */
function staticSite(root: string): Server {
	return createServer(async (req, res) => {
		let path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
		if (path.endsWith('/')) path += 'index.html';
		const type = TYPES[extname(path)];
		if (!type || path.includes('..')) return void res.writeHead(404).end();
		try {
			const body = await readFile(join(root, path));
			res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
		} catch {
			res.writeHead(404).end();
		}
	});
}

/**
 * The third party's page: it posts well-formed protocol messages at every frame of the window
 * that framed it (as an ad or a compromised widget inside a docs page could), and at an embed it
 * frames itself while claiming the docs site's origin (`?embed=URL`).
 */
export const ATTACK_TEXT = 'echo pwned-by-third-party';

function attackPage(): string {
	return `<!doctype html><meta charset="utf-8"><title>third party</title>
<p id="status">attacking</p>
<script>
const MSGS = [
	{ source: 'mesh-playground', version: 1, type: 'start' },
	{ source: 'mesh-playground', version: 1, type: 'run', text: ${JSON.stringify(ATTACK_TEXT)} },
	{ source: 'mesh-playground', version: 1, type: 'goto', step: 4 },
	{ source: 'mesh-playground', version: 1, type: 'reset', scope: 'mesh' },
	{ source: 'mesh-playground', version: 1, type: 'theme', theme: 'dark' }
];
let sent = 0;
function blast(win) {
	for (let i = 0; i < win.frames.length; i++) {
		for (const m of MSGS) { win.frames[i].postMessage(m, '*'); sent++; }
	}
}
const embed = new URLSearchParams(location.search).get('embed');
if (embed) {
	const f = document.createElement('iframe');
	f.src = embed;
	f.width = 800; f.height = 500;
	f.onload = () => setTimeout(() => { blast(window); document.getElementById('status').textContent = 'sent ' + sent; }, 500);
	document.body.append(f);
} else if (window.parent !== window) {
	blast(window.parent);
	document.getElementById('status').textContent = 'sent ' + sent;
}
window.__sent = () => sent;
</script>`;
}

function thirdPartySite(): Server {
	return createServer((req, res) => {
		const path = new URL(req.url ?? '/', 'http://x').pathname;
		if (path !== '/attack.html') return void res.writeHead(404).end();
		res.writeHead(200, { 'content-type': TYPES['.html']! }).end(attackPage());
	});
}

export async function startDocsSite(): Promise<DocsSiteServers> {
	const preview: PreviewServer = await startPreview();
	const playground = preview.url.replace(/\/$/, '');
	const outDir = await mkdtemp(join(tmpdir(), 'mesh-docs-site-'));
	const docsServer = staticSite(outDir);
	const third = thirdPartySite();
	try {
		await buildDocsSite(playground, outDir);
		const docsPort = await listen(docsServer, '127.0.0.1');
		const thirdPort = await listen(third, '127.0.0.1');
		return {
			playground,
			// localhost and 127.0.0.1 are different origins (and sites) to the browser.
			docs: `http://localhost:${docsPort}`,
			thirdParty: `http://127.0.0.1:${thirdPort}`,
			close: async () => {
				await Promise.all([
					preview.close(),
					new Promise((done) => docsServer.close(done)),
					new Promise((done) => third.close(done))
				]);
				await rm(outDir, { recursive: true, force: true });
			}
		};
	} catch (error) {
		await preview.close();
		await rm(outDir, { recursive: true, force: true });
		throw error;
	}
}
