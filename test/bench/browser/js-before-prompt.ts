/**
 * The JavaScript the page actually fetched before its terminal showed a prompt, measured in
 * Chromium (Resource Timing), as gzip bytes of the same files in dist/. It adds what index.html
 * names (initial-js.ts) to the chunks the app imports on the way to the prompt (the boot: mesh,
 * shell, kubectl). Pod workers' own scripts are not in the page's resource timing.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';

export interface JsBeforePrompt {
	readonly files: readonly string[];
	readonly gzipBytes: number;
}

export async function jsBeforePrompt(
	browser: Browser,
	url: string,
	distDir: string
): Promise<JsBeforePrompt> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
	try {
		const page = await context.newPage();
		await page.goto(url);
		// A string, not a function: tsx's name-keeping helpers do not exist in the page.
		const paths = (await page.evaluate(`new Promise((done) => {
			const tick = () => {
				const h = window.__meshPlayground;
				const last = h && h.ready() ? (h.terminalText().split('\\n').at(-1) ?? '') : '';
				if (!/[$#>]$/.test(last)) return requestAnimationFrame(tick);
				const at = performance.now();
				done(performance.getEntriesByType('resource')
					.filter((e) => e.startTime < at)
					.map((e) => new URL(e.name).pathname)
					.filter((p) => p.endsWith('.js')));
			};
			tick();
		})`)) as string[];
		const files = [...new Set(paths)];
		let gzipBytes = 0;
		for (const file of files) {
			const bytes = readFileSync(resolve(distDir, file.replace(/^\//, '')));
			gzipBytes += gzipSync(bytes, { level: 9 }).length;
		}
		return { files, gzipBytes };
	} finally {
		await context.close();
	}
}
