/**
 * Step mode and the cost view on the built page: `?runtime=inprocess` boots every pod in the
 * page; the Step tab pauses the network, a curl typed meanwhile waits with its segments listed,
 * each Step delivers the highlighted one, and Resume lets the curl finish. The Cost tab prices
 * the booted cluster in sidecar, ambient L4 and ambient L4 + L7 modes. Screenshots go to
 * screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import {
	openPlayground,
	runCommand,
	terminalText,
	waitForPrompt,
	type OpenedPage
} from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');
const CURL =
	'kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage:9080/productpage';

async function showTab(page: Page, name: string): Promise<void> {
	await page.getByRole('tab', { name }).click();
	await page.getByRole('tabpanel', { name }).waitFor();
}

/** Ids of the segments listed in flight, the next first. */
async function listed(page: Page): Promise<string[]> {
	return page
		.locator('ol.inflight li')
		.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-segment') ?? ''));
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000) {
	const deadline = Date.now() + ms;
	for (;;) {
		const v = await probe();
		if (v !== undefined) return v;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

describe('step mode and cost view in Chromium', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
		opened = await openPlayground(browser, `${inject('baseURL')}?runtime=inprocess`);
		await waitForPrompt(opened.page, 60_000);
	});

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('boots the in-process runtime from ?runtime=inprocess', async () => {
		const { page } = opened;
		await expect(page.evaluate(() => window.__meshPlayground?.runtimeKind())).resolves.toBe(
			'inprocess'
		);
		await expect(page.getByTestId('runtime-kind').textContent()).resolves.toBe('in-process');
	});

	it('pauses: a curl stays busy with its segments listed, and each Step delivers the next', async () => {
		const { page } = opened;
		await showTab(page, 'Step');
		const status = page.getByTestId('step-status');
		await expect(status.textContent()).resolves.toBe('Running.');
		await page.getByRole('button', { name: 'Pause', exact: true }).click();
		await waitFor('paused', async () =>
			(await status.textContent())?.startsWith('Paused at') ? true : undefined
		);
		// Keyboard users land on Step once Pause is pressed.
		await expect(
			page.evaluate(() => document.activeElement?.textContent?.includes('Step'))
		).resolves.toBe(true);

		const before = await terminalText(page);
		await page.locator('.xterm-helper-textarea').focus();
		await page.keyboard.type(CURL);
		await page.keyboard.press('Enter');
		const first = await waitFor('segments in flight', async () => {
			const ids = await listed(page);
			return ids.length > 0 ? ids : undefined;
		});
		await expect(page.evaluate(() => window.__meshPlayground?.busy())).resolves.toBe(true);
		const next = page.locator('ol.inflight li[aria-current="step"]');
		await expect(next.getAttribute('data-segment')).resolves.toBe(first[0]);
		await expect(next.locator('.flag').textContent()).resolves.toBe('SYN');
		await page.screenshot({ path: resolve(OUT, 'step-paused.png') });

		const step = page.getByRole('button', { name: 'Step', exact: true });
		let previous = first;
		for (let i = 0; i < 4; i++) {
			const head = previous[0];
			await step.click();
			// The delivered segment leaves the list; what it caused joins it.
			previous = await waitFor(`step ${i + 1}`, async () => {
				const ids = await listed(page);
				return !ids.includes(head ?? '') && (await step.isEnabled()) ? ids : undefined;
			});
			await expect(page.getByTestId('step-last').textContent()).resolves.toMatch(
				/^(Delivered|No segment was in flight)/
			);
		}
		await page.screenshot({ path: resolve(OUT, 'step-stepped.png') });
		// Still busy: nothing moves unless stepped.
		await page.waitForTimeout(500);
		await expect(page.evaluate(() => window.__meshPlayground?.busy())).resolves.toBe(true);
		expect((await terminalText(page)).slice(before.length)).not.toMatch(/^200$/m);

		await page.getByRole('button', { name: 'Resume', exact: true }).click();
		const after = await waitForPrompt(page, 30_000);
		expect(after.slice(before.length)).toMatch(/^200$/m);
		await expect(status.textContent()).resolves.toBe('Running.');
	});

	it('scales the traffic animations with the speed slider', async () => {
		const { page } = opened;
		const slider = page.getByRole('slider', { name: 'Traffic animations in the views' });
		await slider.focus();
		await page.keyboard.press('End');
		await expect(page.getByTestId('animation-speed').textContent()).resolves.toBe('4×');
		await showTab(page, 'Topology');
		await runCommand(page, CURL);
		// A dot travels each edge while traffic is live: its SMIL duration follows the slider.
		await page
			.locator('g.edge animateMotion')
			.first()
			.waitFor({ state: 'attached', timeout: 15_000 });
		const durs = await page
			.locator('g.edge animateMotion')
			.evaluateAll((els) => els.map((e) => e.getAttribute('dur')));
		expect(durs.length).toBeGreaterThan(0);
		for (const d of durs) expect(d).toBe('0.3s');
		await page.screenshot({ path: resolve(OUT, 'step-speed-topology.png') });
		await showTab(page, 'Step');
		await slider.focus();
		await page.keyboard.press('Home');
		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('ArrowRight');
		await expect(page.getByTestId('animation-speed').textContent()).resolves.toBe('1×');
	});

	it('prices the booted cluster: sidecar vs ambient L4 vs L4 + L7, with the published figures', async () => {
		const { page } = opened;
		await showTab(page, 'Cost');
		const panel = page.getByRole('tabpanel', { name: 'Cost' });
		const headers = await panel
			.locator('table[data-table="cluster"] thead th')
			.evaluateAll((ths) => ths.map((th) => th.textContent?.trim()));
		expect(headers).toEqual(['Sidecar', 'Ambient (L4 only)', 'Ambient (L4 + L7)']);
		const cell = (column: string, row: string) =>
			panel.locator(
				`table[data-table="cluster"] td[data-column="${column}"][data-row="${row}"] .num`
			);
		// Bookinfo (6 pods) and curl on 3 nodes; no waypoint yet, so one per namespace is assumed.
		await expect(cell('sidecar', 'proxies').textContent()).resolves.toBe('7');
		await expect(cell('ambientL4', 'proxies').textContent()).resolves.toBe('3');
		await expect(cell('ambientL7', 'proxies').textContent()).resolves.toBe('4');
		await expect(cell('sidecar', 'cpu').textContent()).resolves.toBe('0.7 vCPU');
		await expect(cell('ambientL7', 'memory').textContent()).resolves.toBe('512 Mi');
		const published = (column: string, row: string) =>
			panel.locator(
				`table[data-table="published"] td[data-column="${column}"][data-row="${row}"] .num`
			);
		await expect(published('sidecar', 'memory').textContent()).resolves.toBe('3968 Mi');
		await expect(published('ambientL7', 'cpu').textContent()).resolves.toBe('0.6 vCPU');
		await expect(panel.locator('.verdict').textContent()).resolves.toContain('Matches');
		await page.screenshot({ path: resolve(OUT, 'cost-view.png') });
		await panel.locator('.verdict').scrollIntoViewIfNeeded();
		await page.screenshot({ path: resolve(OUT, 'cost-view-published.png') });

		// An assumption changed is reflected at once, and the verdict says it no longer matches.
		await panel.getByLabel('CPU per proxy (millicores)').fill('250');
		await expect(cell('sidecar', 'cpu').textContent()).resolves.toBe('1.75 vCPU');
		await expect(panel.locator('.verdict').textContent()).resolves.toContain('Differs');
		await panel.getByRole('button', { name: 'Published figures' }).click();
		await expect(cell('sidecar', 'cpu').textContent()).resolves.toBe('0.7 vCPU');
	});

	it("the header's control restarts on the worker runtime, where Step offers to come back", async () => {
		const { page } = opened;
		await page.getByRole('button', { name: 'Restart with workers' }).click();
		await waitFor('the worker runtime', async () =>
			(await page.evaluate(() => window.__meshPlayground?.runtimeKind())) === 'workers'
				? true
				: undefined
		);
		expect(new URL(page.url()).searchParams.get('runtime')).toBeNull();
		await waitForPrompt(page, 60_000);
		await showTab(page, 'Step');
		const back = page.getByRole('button', { name: 'Restart in step mode (in-process runtime)' });
		await back.waitFor();
		await page.screenshot({ path: resolve(OUT, 'step-workers.png') });
		await back.click();
		await waitFor('the in-process runtime again', async () =>
			(await page.evaluate(() => window.__meshPlayground?.runtimeKind())) === 'inprocess'
				? true
				: undefined
		);
		expect(new URL(page.url()).searchParams.get('runtime')).toBe('inprocess');
		await waitForPrompt(page, 60_000);
	});

	it('logged no console errors', () => {
		expect(opened.errors).toEqual([]);
	});
});
