/**
 * The mesh as the page runs it in Chromium (one dedicated worker per pod): Bookinfo boot time,
 * renderer memory added per pod worker, and productpage requests typed into the terminal.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { startPreview } from '../../e2e/preview-server.ts';
import { openPlayground, runCommand, waitForPrompt } from '../../e2e/playground-page.ts';

export interface BrowserMeshFigures {
	/** Wall ms from the start of boot to Bookinfo and curl Ready (the page's own measure). */
	readonly bootMs: number;
	readonly pods: number;
	/** Renderer-process RSS added by booting, divided by the pod workers. */
	readonly memoryPerPodMB: number;
	/** Wall ms per curl → productpage request inside a 50-request loop typed in the terminal. */
	readonly requestMs: number;
}

/** Resident memory of Chromium's renderer processes (dedicated workers live in them). */
function rendererRssBytes(): number {
	let total = 0;
	for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
		try {
			const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
			if (!cmd.includes('chromium') || !cmd.includes('--type=renderer')) continue;
			const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
			total += Number(rss?.[1] ?? 0) * 1024;
		} catch {
			// The process ended while we looked.
		}
	}
	return total;
}

const LOOP = 50;

export async function browserMeshFigures(browser: Browser): Promise<BrowserMeshFigures> {
	const preview = await startPreview();
	try {
		// A blank page first: the renderer's own baseline before any pod worker exists.
		const opened = await openPlayground(browser, 'about:blank');
		const baseline = rendererRssBytes();
		await opened.page.goto(preview.url);
		await waitForPrompt(opened.page, 60_000);
		const { bootMs, pods } = await opened.page.evaluate(() => ({
			bootMs: window.__meshPlayground?.bootMillis() ?? NaN,
			pods: window.__meshPlayground?.pods().length ?? 0
		}));
		const memoryPerPodMB = (rendererRssBytes() - baseline) / pods / 1e6;
		const loop = `kubectl exec deploy/curl -- sh -c "for i in \\$(seq 1 ${LOOP}); do curl -s -o /dev/null http://productpage:9080/productpage; done"`;
		await runCommand(opened.page, loop, 120_000); // warm-up
		const t0 = Date.now();
		await runCommand(opened.page, loop, 120_000);
		const requestMs = (Date.now() - t0) / LOOP;
		await opened.close();
		return { bootMs, pods, memoryPerPodMB, requestMs };
	} finally {
		await preview.close();
	}
}
