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
	/**
	 * Renderer CPU in % of one core over IDLE_MS, the Nodes tab showing (no mesh view), once the
	 * scale-up's after-work has settled (see settle()).
	 */
	readonly idleCpuNoView: number;
	/**
	 * Renderer CPU over the first AFTER_SCALE_MS after the prompt came back: V8's clean-up of the
	 * scale-up (major GCs of the page and of every pod worker) lands here, not in the idle figure.
	 */
	readonly afterScaleCpu: number;
	/** How long the renderers took to settle after the scale-up (ms from the prompt). */
	readonly settleMs: number;
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
/**
 * Idle is measured once the last action's after-work is done: V8's memory reducer runs major GCs
 * in the page and in each worker for a minute or so after allocation stops (after a 500-pod
 * scale-up, ~1 s in the page and 2-4 s over the workers, on 2 loaded cores), which a fixed 10 s
 * settle let fall in or out of the idle window (6-14% between runs). So: windows of
 * SETTLE_WINDOW_MS until the last two are within SETTLED_POINTS of each other and of the lowest
 * window so far (a pause between two GC waves is not the end), after at least SETTLE_MIN_MS.
 */
const SETTLE_WINDOW_MS = 5000;
const SETTLE_MIN_MS = 60_000;
const SETTLE_MAX_MS = 120_000;
const SETTLED_POINTS = 1.5;
const AFTER_SCALE_MS = 20_000;

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

/** Waits until the renderers' CPU settles; returns each window's % and the time taken. */
async function settle(browser: Browser): Promise<{ windows: number[]; ms: number }> {
	const windows: number[] = [];
	const t0 = performance.now();
	for (;;) {
		windows.push(await rendererCpuPercent(browser, SETTLE_WINDOW_MS));
		const ms = performance.now() - t0;
		const last = windows.slice(-2);
		const steady = last.length === 2 && Math.max(...last) - Math.min(...windows) <= SETTLED_POINTS;
		if ((ms >= SETTLE_MIN_MS && steady) || ms >= SETTLE_MAX_MS) return { windows, ms };
	}
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

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
			const settled = await settle(browser);
			const afterScaleCpu = mean(settled.windows.slice(0, AFTER_SCALE_MS / SETTLE_WINDOW_MS));
			log(
				`    after the scale-up: ${settled.windows.map((w) => w.toFixed(1)).join(', ')}% per ${SETTLE_WINDOW_MS / 1000} s`
			);
			const rendererMB = (await rendererBytes(browser, 'rss')) / 1e6;
			const [idleCpuNoView, idleMainThreadNoView] = await idleSpan(page, browser);
			log(
				`    idle, no mesh view: ${idleCpuNoView.toFixed(1)}% (main ${idleMainThreadNoView.toFixed(1)}%)`
			);
			await showTab(page, 'Topology');
			await settle(browser);
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
				afterScaleCpu,
				settleMs: settled.ms,
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
