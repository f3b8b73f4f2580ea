/**
 * The embed's build (docs/embedding.md): `/embed.js`, the custom element, bundled alone with
 * esbuild so it stays small and holds no mesh code (a Rollup entry would share chunks with the
 * app); and oEmbed: `oembed/<id>.json` plus a discovery page `lessons/<id>/index.html` per
 * bundled lesson. In dev, `/embed.js` is built from source on request.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { parse } from 'yaml';
import type { Plugin } from 'vite';
import { lessonPageHtml, oembedJson, type OEmbedLesson } from '../src/embed/oembed.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ELEMENT = `${ROOT}src/embed/element.ts`;

/** Where the built playground will be served: oEmbed's iframe needs an absolute URL. */
const PUBLIC_URL = process.env.MESH_PLAYGROUND_URL ?? 'http://127.0.0.1:4173/';

async function bundleElement(minify: boolean): Promise<string> {
	const out = await build({
		entryPoints: [ELEMENT],
		bundle: true,
		format: 'iife',
		target: 'es2022',
		minify,
		write: false,
		legalComments: 'none'
	});
	return out.outputFiles[0]?.text ?? '';
}

/** Every lessons/NN-slug/lesson.md's id, title and summary, from its front matter. */
export function bundledLessons(dir = `${ROOT}lessons`): OEmbedLesson[] {
	const out: OEmbedLesson[] = [];
	for (const folder of readdirSync(dir).sort()) {
		const file = `${dir}/${folder}/lesson.md`;
		if (!/^\d\d-/.test(folder) || !existsSync(file)) continue;
		const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(file, 'utf8'));
		const meta = front ? (parse(front[1] ?? '') as Record<string, unknown>) : {};
		if (typeof meta.id !== 'string' || typeof meta.title !== 'string') continue;
		out.push({
			id: meta.id,
			title: meta.title,
			...(typeof meta.summary === 'string' ? { summary: meta.summary } : {})
		});
	}
	return out;
}

export function embedPlugin(): Plugin {
	return {
		name: 'mesh-playground-embed',
		configureServer(server) {
			server.middlewares.use('/embed.js', (_req, res, next) => {
				bundleElement(false).then((js) => {
					res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
					res.setHeader('Cache-Control', 'no-cache');
					res.end(js);
				}, next);
			});
		},
		async generateBundle() {
			this.emitFile({ type: 'asset', fileName: 'embed.js', source: await bundleElement(true) });
			for (const lesson of bundledLessons()) {
				this.emitFile({
					type: 'asset',
					fileName: `oembed/${lesson.id}.json`,
					source: JSON.stringify(oembedJson(PUBLIC_URL, lesson), null, '\t') + '\n'
				});
				this.emitFile({
					type: 'asset',
					fileName: `lessons/${lesson.id}/index.html`,
					source: lessonPageHtml(PUBLIC_URL, lesson)
				});
			}
		}
	};
}
