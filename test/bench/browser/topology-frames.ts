/**
 * Frame times of the Topology tab at 50 pods and 200 requests/s: builds the bench page
 * (topology/: the real MeshTabs over a synthetic cluster), opens it in Chromium and records
 * requestAnimationFrame intervals while traffic flows. Run: `npx tsx test/bench/browser/topology-frames.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Browser } from 'playwright-core';
import { build, preview } from 'vite';
import { launchChromium } from '../../e2e/browser.ts';
import { freePort } from '../../e2e/preview-server.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const PAGE = resolve(import.meta.dirname, 'topology');

export interface FrameFigures {
	readonly pods: number;
	readonly rps: number;
	readonly frames: number;
	readonly meanMs: number;
	readonly p95Ms: number;
	readonly maxMs: number;
	/** Frames over 50 ms (visible jank). */
	readonly longFrames: number;
	/** Edges drawn at the end. */
	readonly edges: number;
	/** Share of wall time the renderer's main thread was busy (CDP TaskDuration). */
	readonly mainThreadBusy: number;
	/** Of which script (feed, ledger, Svelte updates) and style/layout. */
	readonly scriptBusy: number;
	readonly styleLayoutBusy: number;
}

export async function topologyFrameFigures(
	browser: Browser,
	pods = 50,
	rps = 200,
	seconds = 5,
	/** Extra CSS for experiments (e.g. switching animations off). */
	css = ''
): Promise<FrameFigures> {
	const outDir = mkdtempSync(join(tmpdir(), 'topology-bench-'));
	try {
		await build({
			configFile: false,
			root: PAGE,
			logLevel: 'warn',
			plugins: [svelte({ configFile: resolve(ROOT, 'svelte.config.js') })],
			worker: { format: 'es' },
			build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4000 }
		});
		const port = await freePort();
		const server = await preview({
			configFile: false,
			root: PAGE,
			logLevel: 'warn',
			build: { outDir },
			preview: { host: '127.0.0.1', port, strictPort: true }
		});
		try {
			const page = await browser.newPage({ viewport: { width: 560, height: 800 } });
			await page.goto(`http://127.0.0.1:${port}/?pods=${pods}&rps=${rps}`);
			await page.locator('g.edge').first().waitFor({ timeout: 30_000 });
			if (css) await page.addStyleTag({ content: css });
			await page.waitForTimeout(2000); // the ledger fills, every edge appears
			const cdp = await page.context().newCDPSession(page);
			await cdp.send('Performance.enable');
			const metrics = async () =>
				Object.fromEntries(
					(await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value])
				) as Record<string, number>;
			const before = await metrics();
			// A string, not a function: tsx's name-keeping helpers do not exist in the page.
			const stats = (await page.evaluate(`new Promise((done) => {
				const times = [];
				const end = performance.now() + ${seconds * 1000};
				const tick = (t) => {
					times.push(t);
					if (t < end) requestAnimationFrame(tick);
					else done(times);
				};
				requestAnimationFrame(tick);
			})`)) as number[];
			const after = await metrics();
			const busy = (k: string) => ((after[k] ?? 0) - (before[k] ?? 0)) / seconds;
			const deltas = stats
				.slice(1)
				.map((t, i) => t - stats[i]!)
				.sort((a, b) => a - b);
			const edges = await page.locator('g.edge').count();
			await page.close();
			return {
				pods,
				rps,
				frames: deltas.length,
				meanMs: deltas.reduce((a, b) => a + b, 0) / deltas.length,
				p95Ms: deltas[Math.floor(deltas.length * 0.95)] ?? 0,
				maxMs: deltas.at(-1) ?? 0,
				longFrames: deltas.filter((d) => d > 50).length,
				edges,
				mainThreadBusy: busy('TaskDuration'),
				scriptBusy: busy('ScriptDuration'),
				styleLayoutBusy: busy('RecalcStyleDuration') + busy('LayoutDuration')
			};
		} finally {
			await new Promise<void>((done) => server.httpServer.close(() => done()));
		}
	} finally {
		rmSync(outDir, { recursive: true, force: true });
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const browser = await launchChromium();
	try {
		console.log(JSON.stringify(await topologyFrameFigures(browser), null, 1));
	} finally {
		await browser.close();
	}
}
