/**
 * Issue 13's class-sized cluster in Chromium, measured from the page as a learner meets it:
 * Bookinfo on six worker nodes with the pods of a node sharing workers (`?workers=6&packing=node`),
 * scaled to 500 pods by one typed `kubectl scale` line. Then what the page costs at that size:
 * its renderer processes' memory, their CPU while nothing happens (no mesh view open, and with
 * the Topology tab open), and `kubectl get pods -A` from Enter to the next prompt.
 */
import type { Browser, Page } from 'playwright-core';
import { startPreview } from '../../e2e/preview-server.ts';
import { openPlayground, runCommand, showTab, waitForPrompt } from '../../e2e/playground-page.ts';
import { rendererBytes } from './renderer-memory.ts';
import { rendererCpuPercent } from './renderer-cpu.ts';
import { timeFromEnter } from './timed-command.ts';

export interface Scale500Figures {
	/** Wall ms from Enter on the scale line until the Nodes view shows every pod Running, 1/1. */
	readonly bootMs: number;
	/** Pods Running and Ready in `default` at the end. */
	readonly pods: number;
	/** RSS of this browser's renderer processes (the page and its workers), idle at 500 pods. */
	readonly rendererMB: number;
	/** Renderer CPU in % of one core over IDLE_MS, the Nodes tab showing (no mesh view). */
	readonly idleCpuNoView: number;
	/** The same with the Topology tab open. */
	readonly idleCpuTopology: number;
	/** Of idleCpuNoView, the page's main thread alone (CDP `Performance.getMetrics` TaskDuration). */
	readonly idleMainThreadNoView: number;
	/** Of idleCpuTopology, the page's main thread alone. */
	readonly idleMainThreadTopology: number;
	/** `kubectl get pods -A` from Enter until the prompt is back: the median of three. */
	readonly getPodsMs: number;
	/** Pod workers the page runs (`?packing=node`: a few per node). */
	readonly workers?: number;
}

export const SCALE_PODS = 500;
const IDLE_MS = 10_000;
/** Let timers and watches from the last action quiet down before an idle span is measured. */
const SETTLE_MS = 10_000;

declare global {
	interface Window {
		__benchReadyMs?: Promise<number>;
	}
}

/**
 * Armed before Enter: from the Enter keydown, polls the Nodes view's pods every 100 ms until
 * `n` of `default` are Running and 1/1. A string, not a function (see timed-command.ts).
 */
const armReadyTimer = (
	n: number
): string => `void (window.__benchReadyMs = new Promise((resolve) => {
	const onKey = (e) => {
		if (e.key !== 'Enter') return;
		document.removeEventListener('keydown', onKey, true);
		const t0 = performance.now();
		const poll = () => {
			const pods = (window.__meshPlayground?.pods() ?? []).filter((p) => p.namespace === 'default');
			const up = pods.filter((p) => p.status === 'Running' && p.ready === '1/1').length;
			if (up >= ${n}) resolve(performance.now() - t0);
			else setTimeout(poll, 100);
		};
		setTimeout(poll, 0);
	};
	document.addEventListener('keydown', onKey, true);
}))`;

async function readyDefaultPods(page: Page): Promise<number> {
	return page.evaluate(
		() =>
			(window.__meshPlayground?.pods() ?? []).filter(
				(p) => p.namespace === 'default' && p.status === 'Running' && p.ready === '1/1'
			).length
	);
}

/** Renderer CPU and, within it, the page's main thread, both in % of one core over IDLE_MS. */
async function idleSpan(page: Page, browser: Browser): Promise<[number, number]> {
	const cdp = await page.context().newCDPSession(page);
	try {
		await cdp.send('Performance.enable');
		const task = async (): Promise<number> => {
			const { metrics } = (await cdp.send('Performance.getMetrics')) as {
				metrics: { name: string; value: number }[];
			};
			return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
		};
		const t0 = await task();
		const renderer = await rendererCpuPercent(browser, IDLE_MS);
		const main = (((await task()) - t0) / (IDLE_MS / 1000)) * 100;
		return [renderer, main];
	} finally {
		await cdp.detach();
	}
}

/** `kubectl scale` replicas that make `total` pods over `deployments` (productpage takes the rest). */
export function scaleLine(deployments: readonly string[], total: number): string {
	const each = Math.floor(total / deployments.length);
	const rest = total - each * (deployments.length - 1);
	const big = deployments.includes('productpage-v1') ? 'productpage-v1' : deployments[0];
	return `kubectl scale deploy --all --replicas=${each} && kubectl scale deploy/${big} --replicas=${rest}`;
}

export async function scale500Figures(
	browser: Browser,
	total = SCALE_PODS,
	log: (line: string) => void = () => {}
): Promise<Scale500Figures> {
	const preview = await startPreview();
	try {
		const opened = await openPlayground(browser, 'about:blank');
		const { page } = opened;
		try {
			await page.goto(`${preview.url}?workers=6&packing=node`);
			await waitForPrompt(page, 120_000);
			const deployments = (await runCommand(page, 'kubectl get deploy -o name', 60_000))
				.split('\n')
				.map((l) => l.trim().replace(/^deployment\.apps\//, ''))
				.filter(Boolean);
			await page.waitForFunction(
				(n) =>
					(window.__meshPlayground?.pods() ?? []).filter(
						(p) => p.namespace === 'default' && p.ready === '1/1'
					).length >= n,
				deployments.length,
				{ timeout: 120_000 }
			);
			const line = scaleLine(deployments, total);
			log(`    ${line}`);
			await waitForPrompt(page, 60_000);
			await page.locator('.xterm-helper-textarea').focus();
			await page.keyboard.type(line);
			await page.evaluate(armReadyTimer(total));
			await page.keyboard.press('Enter');
			const bootMs = await page.evaluate(() => window.__benchReadyMs!);
			const pods = await readyDefaultPods(page);
			log(`    ${pods} pods ready after ${Math.round(bootMs)} ms`);
			await waitForPrompt(page, 60_000);
			await new Promise((r) => setTimeout(r, SETTLE_MS));
			const rendererMB = (await rendererBytes(browser, 'rss')) / 1e6;
			const [idleCpuNoView, idleMainThreadNoView] = await idleSpan(page, browser);
			log(
				`    idle, no mesh view: ${idleCpuNoView.toFixed(1)}% (main ${idleMainThreadNoView.toFixed(1)}%)`
			);
			await showTab(page, 'Topology');
			await new Promise((r) => setTimeout(r, SETTLE_MS));
			const [idleCpuTopology, idleMainThreadTopology] = await idleSpan(page, browser);
			log(
				`    idle, Topology open: ${idleCpuTopology.toFixed(1)}% (main ${idleMainThreadTopology.toFixed(1)}%)`
			);
			await showTab(page, 'Nodes');
			const times: number[] = [];
			for (let i = 0; i < 3; i++) times.push(await timeFromEnter(page, 'kubectl get pods -A'));
			const getPodsMs = times.sort((a, b) => a - b)[1] ?? Number.NaN;
			return {
				bootMs,
				pods,
				rendererMB,
				idleCpuNoView,
				idleCpuTopology,
				idleMainThreadNoView,
				idleMainThreadTopology,
				getPodsMs
			};
		} finally {
			await opened.close();
		}
	} finally {
		await preview.close();
	}
}
