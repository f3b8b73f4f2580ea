/**
 * The mesh as the page runs it in Chromium (one dedicated worker per pod): Bookinfo boot time,
 * renderer memory added per pod worker (this browser's renderers only: dedicated workers live in
 * their page's renderer), and productpage requests timed from Enter, cold and warm.
 */
import { rendererBytes } from './renderer-memory.ts';
import type { Browser } from 'playwright-core';
import { startPreview } from '../../e2e/preview-server.ts';
import { openPlayground, runCommand, waitForPrompt } from '../../e2e/playground-page.ts';
import { timeFromEnter } from './timed-command.ts';

export interface BrowserMeshFigures {
	/** Wall ms from navigation start until the page shows a prompt (the terminal takes input). */
	readonly promptMs: number;
	/** Wall ms from navigation start until Bookinfo and curl are all Ready in the nodes view. */
	readonly bookinfoReadyMs: number;
	readonly pods: number;
	/** Renderer-process RSS added per idle pod worker, measured by scaling details up by 10. */
	readonly memoryPerPodMB: number;
	/**
	 * Wall ms per curl → productpage request in a 50-request loop (`kubectl exec … for …`), timed
	 * from Enter: the second loop, as this figure always was (one loop of warm-up before).
	 */
	readonly requestMs: number;
	/** The same, for the first loop after boot: every pod worker's JIT cold. */
	readonly coldRequestMs: number;
	/** The same, after WARM_REQUESTS requests: the workers' JIT warm. */
	readonly warmRequestMs: number;
	readonly warmRequests: number;
}

const LOOP = 50;
/** The issue saw a request fall from 10.8 ms to 2.5 ms over ~800 requests as the JIT warmed. */
const WARM_REQUESTS = 800;
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
				// default's pods: kind's add-ons in kube-system are Ready from the start.
				const pods = (window.__meshPlayground?.pods() ?? []).filter(
					(p) => p.namespace === 'default'
				);
				const up = pods.filter((p) => p.status === 'Running' && p.ready === '1/1').length;
				return up >= n ? { at: performance.now(), pods: pods.length } : false;
			},
			BOOKINFO_PODS,
			{ polling: 'raf', timeout: 60_000 }
		);
		const { at: bookinfoReadyMs, pods } = (await ready.jsonValue()) as { at: number; pods: number };
		const before = await rendererBytes(browser, 'rss');
		await runCommand(opened.page, `kubectl scale deploy/details-v1 --replicas=${1 + EXTRA_PODS}`);
		await opened.page.waitForFunction(
			(n) =>
				(window.__meshPlayground?.pods() ?? []).filter(
					(p) => p.namespace === 'default' && p.ready === '1/1'
				).length >= n,
			BOOKINFO_PODS + EXTRA_PODS,
			{ timeout: 60_000 }
		);
		const memoryPerPodMB = ((await rendererBytes(browser, 'rss')) - before) / EXTRA_PODS / 1e6;
		await runCommand(opened.page, 'kubectl scale deploy/details-v1 --replicas=1');
		const loop = `kubectl exec deploy/curl -- sh -c "for i in \\$(seq 1 ${LOOP}); do curl -s -o /dev/null http://productpage:9080/productpage; done"`;
		const perRequest = async (): Promise<number> => (await timeFromEnter(opened.page, loop)) / LOOP;
		const coldRequestMs = await perRequest();
		const requestMs = await perRequest();
		for (let done = 2 * LOOP; done < WARM_REQUESTS - LOOP; done += LOOP) await perRequest();
		const warmRequestMs = await perRequest();
		await opened.close();
		return {
			promptMs,
			bookinfoReadyMs,
			pods,
			memoryPerPodMB,
			requestMs,
			coldRequestMs,
			warmRequestMs,
			warmRequests: WARM_REQUESTS
		};
	} finally {
		await preview.close();
	}
}
