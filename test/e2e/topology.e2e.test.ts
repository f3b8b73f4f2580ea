/**
 * The topology after the getting-started with a waypoint and a denied request (issue 16), in
 * Chromium at 1920x1080, 1280x720 and 800x600, dark and light: the graph uses the pane's width,
 * no edge label covers another label or a name, no line runs through a name, every line is
 * styled as the Legend says, and curl → waypoint reads "2 · 1×403"-like. Geometry is measured
 * from the DOM; screenshots of each size and theme go to screenshots/topology-*.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import { setUpWaypointWith403 } from './waypoint-scene.ts';
import {
	openPlayground,
	showPane,
	showTab,
	until,
	waitForPrompt,
	type OpenedPage
} from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');

/** Lets only a principal nobody has through the waypoint to productpage: curl gets a 403. */

interface Geometry {
	paneWidth: number;
	svgWidth: number;
	/** Rendered width of a pod's box: 136 when the graph is drawn at full size. */
	boxWidth: number;
	labels: number;
	/** Pairs "label A / label B" or "label / name" whose rectangles meet. */
	labelClashes: string[];
	/** "edge id / name" for each line that runs through a name. */
	lineClashes: string[];
	/** Lines whose dash or colour differs from the Legend's swatch for their state. */
	offLegend: string[];
	/** The label text of curl → waypoint. */
	curlToWaypoint: string;
}

/** Measures the drawn topology in the page (client coordinates, 1 px of slack). */
async function measure(page: Page): Promise<Geometry> {
	return page.evaluate(() => {
		const canvas = document.querySelector<HTMLElement>('.topology .canvas')!;
		const svg = canvas.querySelector<SVGSVGElement>('svg[aria-label^="Topology:"]')!;
		const rect = (e: Element) => e.getBoundingClientRect();
		const meet = (a: DOMRect, b: DOMRect) =>
			a.left + 1 < b.right && b.left + 1 < a.right && a.top + 1 < b.bottom && b.top + 1 < a.bottom;
		const text = (e: Element) => (e.textContent ?? '').replace(/\s+/g, ' ').trim();
		const names = [...svg.querySelectorAll('g.item .name, text.label, g.ztunnel text')].map(
			(e) => ({ name: text(e), r: rect(e) })
		);
		const boxes = [...svg.querySelectorAll('g.item rect.box')].map((e) => ({
			name: text(e.closest('g.item')!),
			r: rect(e)
		}));
		const labels = [...svg.querySelectorAll('g.edge')].map((g) => ({
			name: `${g.getAttribute('data-edge')} "${text(g.querySelector('.summary')!)}"`,
			r: rect(g.querySelector('rect.plate')!)
		}));
		const labelClashes: string[] = [];
		labels.forEach((l, i) => {
			for (const o of [...labels.slice(i + 1), ...names, ...boxes])
				if (meet(l.r, o.r)) labelClashes.push(`${l.name} / ${o.name}`);
		});
		const lineClashes: string[] = [];
		for (const path of svg.querySelectorAll<SVGPathElement>('path.line')) {
			const ctm = path.getScreenCTM()!;
			const id = path.getAttribute('data-line');
			for (let s = 0; s <= path.getTotalLength(); s += 2) {
				const p = path.getPointAtLength(s).matrixTransform(ctm);
				const hit = names.find(
					(n) => p.x > n.r.left && p.x < n.r.right && p.y > n.r.top && p.y < n.r.bottom
				);
				if (hit) {
					lineClashes.push(`${id} / ${hit.name}`);
					break;
				}
			}
		}
		// One meaning per style: a line has its state's Legend colour, and the Legend's dash for
		// plaintext when it is in the clear, its solid line for mTLS when it is not.
		const offLegend: string[] = [];
		const swatch = (kind: string) =>
			getComputedStyle(document.querySelector(`.legend [data-legend="${kind}"] line`)!);
		for (const path of svg.querySelectorAll<SVGPathElement>('path.line')) {
			const state = path.getAttribute('data-state')!;
			const id = path.getAttribute('data-line');
			const style = getComputedStyle(path);
			if (style.stroke !== swatch(state).stroke) offLegend.push(`${id}: colour ${style.stroke}`);
			const dash = swatch(path.classList.contains('plain') ? 'plaintext' : 'mtls').strokeDasharray;
			if (style.strokeDasharray !== dash)
				offLegend.push(`${id}: dash ${style.strokeDasharray}, legend ${dash}`);
		}
		const curl = [...svg.querySelectorAll('g.edge')].find((g) =>
			/curl-.*->.*waypoint-/.test(g.getAttribute('data-edge') ?? '')
		);
		return {
			paneWidth: canvas.clientWidth,
			svgWidth: rect(svg).width,
			boxWidth: rect(svg.querySelector('g.item rect.box')!).width,
			labels: labels.length,
			labelClashes,
			lineClashes,
			offLegend,
			curlToWaypoint: curl ? text(curl.querySelector('.summary')!) : ''
		};
	});
}

/** The graph pane, scrolled a pane at a time: `<name>-graph-1.png`, `-2` … (at most 4). */
async function shootGraph(page: Page, name: string): Promise<void> {
	const canvas = page.locator('.topology .canvas');
	const { scrollHeight, clientHeight } = await canvas.evaluate((e) => ({
		scrollHeight: e.scrollHeight,
		clientHeight: e.clientHeight
	}));
	const shots = Math.min(4, Math.ceil(scrollHeight / Math.max(1, clientHeight)));
	for (let i = 0; i < shots; i++) {
		await canvas.evaluate((e, top) => e.scrollTo(0, top), i * clientHeight);
		await canvas.screenshot({ path: resolve(OUT, `${name}-graph-${i + 1}.png`) });
	}
	await canvas.evaluate((e) => e.scrollTo(0, 0));
}

async function setTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
	const now = await page.evaluate(() => document.documentElement.dataset['theme']);
	if (now !== theme)
		await page.getByRole('button', { name: /^Switch to (light|dark) theme$/ }).click();
	await page.waitForTimeout(600); // colours ease over 400 ms
}

const SIZES = [
	{ width: 1920, height: 1080 },
	{ width: 1280, height: 720 },
	{ width: 800, height: 600 }
];

describe('the topology after the getting-started, a waypoint and a 403', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
		opened = await openPlayground(browser, inject('baseURL'), SIZES[0]);
		const { page } = opened;
		await waitForPrompt(page);
		await setUpWaypointWith403(page);
	}, 240_000);

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it.each(SIZES)(
		'at $width×$height: fills the pane, labels and lines clear of names, styles as the Legend',
		async (size) => {
			const { page } = opened;
			await page.setViewportSize(size);
			await showPane(page, 'Cluster views');
			await showTab(page, 'Topology');
			// Laid out again for this pane: the graph is as wide as the pane, and labelled.
			await until('the topology laid out for the pane', async () => {
				const g = await page
					.locator('svg[aria-label^="Topology:"]')
					.count()
					.then((n) => (n ? measure(page) : undefined));
				return (
					!!g &&
					g.labels >= 3 &&
					Math.abs(g.svgWidth - g.paneWidth) <= 1 &&
					/1×403/.test(g.curlToWaypoint)
				);
			});
			for (const theme of ['dark', 'light'] as const) {
				await setTheme(page, theme);
				const g = await measure(page);
				const name = `topology-${size.width}x${size.height}-${theme}`;
				await page.screenshot({ path: resolve(OUT, `${name}.png`) });
				await shootGraph(page, name);
				expect(g.curlToWaypoint).toMatch(/^\d+ · 1×403$/);
				expect(g.labelClashes).toEqual([]);
				expect(g.lineClashes).toEqual([]);
				expect(g.offLegend).toEqual([]);
				// Drawn at full size (never shrunk to a sliver), laid out again for each size: it
				// spans the pane (≥ 80% asked; the layout stretches to all of it, no sideways scroll).
				expect(g.boxWidth).toBeGreaterThanOrEqual(135);
				expect(g.svgWidth).toBeGreaterThanOrEqual(0.8 * g.paneWidth);
				expect(g.svgWidth).toBeLessThanOrEqual(g.paneWidth + 1);
			}
		},
		60_000
	);

	it('zooms out to see more of the graph, still filling the pane, and back to 100%', async () => {
		const { page } = opened;
		await page.setViewportSize(SIZES[1]!);
		await showTab(page, 'Topology');
		const zoomOut = page.getByRole('button', { name: 'Zoom out' });
		await zoomOut.click();
		await zoomOut.click();
		await until('the graph drawn at 75%', async () => {
			const g = await measure(page);
			return Math.abs(g.boxWidth - 136 * 0.75) < 1 && Math.abs(g.svgWidth - g.paneWidth) <= 1;
		});
		const g = await measure(page);
		expect([g.labelClashes, g.lineClashes, g.offLegend]).toEqual([[], [], []]);
		await page.screenshot({ path: resolve(OUT, 'topology-1280x720-zoom75.png') });
		await page.getByRole('button', { name: /^75%: reset to 100%$/ }).click();
		await until('the graph back at 100%', async () => (await measure(page)).boxWidth >= 135);
	});

	it('logged no console errors', () => {
		expect(opened.errors).toEqual([]);
	});
});
