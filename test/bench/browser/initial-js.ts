/**
 * The JavaScript a learner downloads before the terminal can take input, as gzip bytes: the
 * entry script and the modulepreloads that dist/index.html names (what the browser fetches
 * before the app runs). Later chunks (the mesh, lessons, Monaco) load after the prompt shows.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface InitialJs {
	/** Paths as index.html names them. */
	readonly files: readonly string[];
	readonly rawBytes: number;
	readonly gzipBytes: number;
}

/** `<script type="module" src=…>` and `<link rel="modulepreload" href=…>`, in document order. */
export function initialScripts(html: string): string[] {
	const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
	const attr = (tag: string, name: string): string | undefined =>
		new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
	return tags.flatMap((tag) => {
		const src = tag.startsWith('<script') ? attr(tag, 'src') : undefined;
		const preload = attr(tag, 'rel') === 'modulepreload' ? attr(tag, 'href') : undefined;
		const path = src ?? preload;
		return path && path.endsWith('.js') ? [path] : [];
	});
}

export function initialJsSize(distDir: string): InitialJs {
	const files = initialScripts(readFileSync(resolve(distDir, 'index.html'), 'utf8'));
	if (files.length === 0) throw new Error(`${distDir}/index.html names no script`);
	let rawBytes = 0;
	let gzipBytes = 0;
	for (const file of files) {
		const bytes = readFileSync(resolve(distDir, file.replace(/^\//, '')));
		rawBytes += bytes.length;
		gzipBytes += gzipSync(bytes, { level: 9 }).length;
	}
	return { files, rawBytes, gzipBytes };
}
