/**
 * The mesh as the page runs it in Chromium (one dedicated worker per pod): Bookinfo boot time,
 * renderer memory added per pod worker, and productpage requests typed into the terminal.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { startPreview } from '../../e2e/preview-server.ts';
import { openPlayground, runCommand, waitForPrompt } from '../../e2e/playground-page.ts';

export interface BrowserMeshFigures {
	/** Wall ms from navigation start until the page shows a prompt (the terminal takes input). */
	readonly promptMs: number;
	/** Wall ms from navigation start until Bookinfo and curl are all Ready in the nodes view. */
	readonly bookinfoReadyMs: number;
	readonly pods: number;
	/** Renderer-process RSS added per idle pod worker, measured by scaling details up by 10. */
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
const EXTRA_PODS = 10;
/** productpage, details, ratings, reviews v1-v3 and curl. */
const BOOKINFO_PODS = 7;

export async function browserMeshFigures(browser: Browser): Promise<BrowserMeshFigures> {
	const preview = await startPreview();
	try {
		const opened = await openPlayground(browser, 'about:blank');
		await opened.page.goto(preview.url);
		await waitForPrompt(opened.page, 60_000);
		const promptMs = await opened.page.evaluate(() => performance.now());
		const ready = await opened.page.waitForFunction(
			(n) => {
				const pods = window.__meshPlayground?.pods() ?? [];
				const up = pods.filter((p) => p.status === 'Running' && p.ready === '1/1').length;
				return up >= n ? { at: performance.now(), pods: pods.length } : false;
			},
			BOOKINFO_PODS,
			{ polling: 'raf', timeout: 60_000 }
		);
		const { at: bookinfoReadyMs, pods } = (await ready.jsonValue()) as { at: number; pods: number };
		const before = rendererRssBytes();
		await runCommand(opened.page, `kubectl scale deploy/details-v1 --replicas=${1 + EXTRA_PODS}`);
		await opened.page.waitForFunction(
			(n) => (window.__meshPlayground?.pods() ?? []).filter((p) => p.ready === '1/1').length >= n,
			BOOKINFO_PODS + EXTRA_PODS,
			{ timeout: 60_000 }
		);
		const memoryPerPodMB = (rendererRssBytes() - before) / EXTRA_PODS / 1e6;
		await runCommand(opened.page, 'kubectl scale deploy/details-v1 --replicas=1');
		const loop = `kubectl exec deploy/curl -- sh -c "for i in \\$(seq 1 ${LOOP}); do curl -s -o /dev/null http://productpage:9080/productpage; done"`;
		await runCommand(opened.page, loop, 120_000); // warm-up
		const t0 = Date.now();
		await runCommand(opened.page, loop, 120_000);
		const requestMs = (Date.now() - t0) / LOOP;
		await opened.close();
		return { promptMs, bookinfoReadyMs, pods, memoryPerPodMB, requestMs };
	} finally {
		await preview.close();
	}
}
