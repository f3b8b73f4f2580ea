/**
 * Issue 13 item 5 on the built page: with no Topology, Traces or Capture tab on screen the page
 * asks the pod workers for no capture and no traffic (counted by the worker runtime, through
 * `window.__meshPlayground.journalGathers`), yet opening the Capture tab afterwards shows the
 * request that ran meanwhile; leaving it stops the gathering again.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
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
		browser = await launchChromium();
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
		// On screen, the tab keeps asking, round after round.
		const open = (await gathers(page)) ?? 0;
		expect(open).toBeGreaterThan(before ?? 0);
		await until('more rounds while the Capture tab is open', async () => {
			return ((await gathers(page)) ?? 0) >= open + 4;
		});

		await showTab(page, 'Nodes');
		await pause(500);
		const left = await gathers(page);
		await pause(1_500);
		expect(await gathers(page)).toBe(left);
	});

	it('logged no console errors', () => {
		expect(opened.errors).toEqual([]);
	});
});
