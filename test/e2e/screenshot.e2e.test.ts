/**
 * Screenshots of the booted page at the two sizes we support, into screenshots/ (git-ignored),
 * for a human to look at. Also checks the Nodes view lists the productpage pod.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import { openPlayground, showPane, waitForPrompt } from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');

const CASES = [
	{ name: 'desktop-1280x720', viewport: { width: 1280, height: 720 }, theme: 'dark' },
	{ name: 'small-800x600', viewport: { width: 800, height: 600 }, theme: 'dark' },
	{ name: 'desktop-1280x720-light', viewport: { width: 1280, height: 720 }, theme: 'light' }
] as const;

async function waitForRunningProductpage(page: Page): Promise<void> {
	const row = page
		.getByRole('region', { name: /^ambient-worker/ })
		.locator('li[data-pod^="productpage-"]');
	await row.first().getByText('Running').waitFor({ timeout: 30_000 });
}

describe('screenshots', () => {
	let browser: Browser;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
	});

	afterAll(async () => {
		await browser?.close();
	});

	it.each(CASES)('$name', async ({ name, viewport, theme }) => {
		const opened = await openPlayground(browser, inject('baseURL'), viewport);
		try {
			const { page } = opened;
			await waitForPrompt(page);
			await showPane(page, 'Cluster views');
			await waitForRunningProductpage(page);
			if (theme === 'light')
				await page.getByRole('button', { name: 'Switch to light theme' }).click();
			const nodes = page.getByRole('tabpanel', { name: 'Nodes' });
			await expect(nodes.locator('li[data-pod^="productpage-"]').count()).resolves.toBeGreaterThan(
				0
			);
			await page.screenshot({ path: resolve(OUT, `${name}.png`) });
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	});
});
