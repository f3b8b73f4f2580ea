/**
 * Memory per pod when the pods of a node share workers (`?packing=node`), in Chromium: the
 * page's own renderer processes (dedicated workers live in their page's renderer), before and
 * after scaling a deployment up, divided by the pods added. Bookinfo's pods already fill each
 * node's first worker, so this is the cost of a pod beyond the first worker (issue 13).
 */
import type { Browser } from 'playwright-core';
import { startPreview } from '../../e2e/preview-server.ts';
import { openPlayground, runCommand, waitForPrompt } from '../../e2e/playground-page.ts';
import { rendererBytes } from './renderer-memory.ts';
import type { Packing } from '../../../src/platform/worker-packing.ts';

/** productpage, details, ratings, reviews v1-v3 and curl. */
const BOOKINFO_PODS = 7;

export interface PackedMemoryFigures {
	readonly memoryPerPodMB: number;
	readonly addedPods: number;
}

/** `packing` per-pod measures the same way with a worker per pod (below the packing threshold). */
export async function packedMemoryFigures(
	browser: Browser,
	addedPods = 40,
	packing: Packing = 'node'
): Promise<PackedMemoryFigures> {
	const preview = await startPreview();
	try {
		const opened = await openPlayground(browser, 'about:blank');
		await opened.page.goto(`${preview.url}?packing=${packing}`);
		await waitForPrompt(opened.page, 60_000);
		const ready = (n: number, timeout: number) =>
			opened.page.waitForFunction(
				// default's pods: kind's add-ons in kube-system are Ready from the start.
				(k) =>
					(window.__meshPlayground?.pods() ?? []).filter(
						(p) => p.namespace === 'default' && p.ready === '1/1'
					).length >= k,
				n,
				{ timeout }
			);
		await ready(BOOKINFO_PODS, 60_000);
		const before = await rendererBytes(browser, 'rss');
		await runCommand(opened.page, `kubectl scale deploy/details-v1 --replicas=${1 + addedPods}`);
		await ready(BOOKINFO_PODS + addedPods, 120_000);
		const after = await rendererBytes(browser, 'rss');
		await opened.close();
		return { memoryPerPodMB: (after - before) / addedPods / 1e6, addedPods };
	} finally {
		await preview.close();
	}
}
