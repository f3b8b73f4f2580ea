/**
 * Issue 13 item 5 on the built page: with no Topology, Traces or Capture tab on screen the page
 * asks the pod workers for no capture and no traffic (counted by the worker runtime, through
 * `window.__meshPlayground.journalGathers`), yet opening the Capture tab afterwards shows the
 * request that ran meanwhile. Open, it asks only when a worker recorded something; leaving it
 * stops the gathering again.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import {
	openPlayground,
	runCommand,
	showTab,
	until,
	waitForPrompt,
	type OpenedPage
} from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');
const CURL = 'kubectl exec deploy/curl -- curl -s -o /dev/null http://productpage:9080/productpage';

const gathers = (page: Page): Promise<number | undefined> =>
	page.evaluate(() => window.__meshPlayground?.journalGathers?.());

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('the lean feed in Chromium', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
		opened = await openPlayground(browser, inject('baseURL'));
		await waitForPrompt(opened.page, 60_000);
	});

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('gathers nothing with no mesh view open; the Capture tab then shows the curl that ran', async () => {
		const { page } = opened;
		await showTab(page, 'Nodes');
		const before = await gathers(page);
		expect(typeof before).toBe('number');
		await runCommand(page, CURL);
		// Four of the old 250 ms rounds would have passed: none may have run.
		await pause(1_500);
		expect(await gathers(page)).toBe(before);

		await showTab(page, 'Capture');
		const box = page.getByRole('textbox', { name: 'Display filter' });
		await box.fill('http and tcp.dstport==9080 and "GET /productpage"');
		const row = page.locator('tr[data-type="DATA"]').first();
		await row.waitFor({ timeout: 10_000 });
		await row.click();
		await expect(page.locator('[data-payload="plaintext"]').textContent()).resolves.toContain(
			'GET /productpage HTTP/1.1'
		);
		await page.screenshot({ path: resolve(OUT, 'lean-feed-capture.png') });
		const open = (await gathers(page)) ?? 0;
		expect(open).toBeGreaterThan(before ?? 0);

		// On screen but nothing happening: only workers that recorded something are asked.
		await pause(500);
		const quiet = await gathers(page);
		await pause(1_500);
		expect(await gathers(page)).toBe(quiet);
		// A request while the tab is open is gathered and shown within a few rounds.
		await runCommand(page, CURL);
		await until('the second request in the Capture tab', async () => {
			return (await page.locator('tr[data-type="DATA"]').count()) >= 2;
		});
		expect(await gathers(page)).toBeGreaterThan(quiet ?? 0);

		// Back to Nodes: another request, and still nothing is gathered.
		await showTab(page, 'Nodes');
		await pause(500);
		const left = await gathers(page);
		await runCommand(page, CURL);
		await pause(1_500);
		expect(await gathers(page)).toBe(left);
	});

	it('logged no console errors', () => {
		expect(opened.errors).toEqual([]);
	});
});
