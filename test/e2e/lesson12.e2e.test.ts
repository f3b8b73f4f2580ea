/**
 * Lesson 12 in Chromium: the ingress gateway bypasses productpage's waypoint (the Traces view
 * lists the DELETE without a waypoint, the look step passes), then istio.io/ingress-use-waypoint
 * sends it through the waypoint, which denies the gateway's identity (the trace says DENIED and
 * names the waypoint).
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
	waitForPrompt,
	type OpenedPage
} from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');

async function checklistGreen(page: Page, step: number): Promise<void> {
	await page.getByRole('heading', { name: new RegExp(`^Step ${step}:`) }).waitFor();
	await page.waitForFunction(
		() => {
			const items = [...document.querySelectorAll('ul[aria-label="Checklist"] > li[data-passed]')];
			return items.length > 0 && items.every((li) => li.getAttribute('data-passed') === 'true');
		},
		undefined,
		{ timeout: 45_000 }
	);
}

/** Presses the step's first "run" button and waits for the prompt. */
async function pressRun(page: Page): Promise<void> {
	await waitForPrompt(page, 60_000);
	await page.locator('.code-actions button.run').first().click();
	await page.waitForTimeout(300);
	await waitForPrompt(page, 60_000);
}

/** The Traces row whose request line is `request`. */
function traceRow(page: Page, request: string) {
	return page
		.getByRole('list', { name: 'Recent requests' })
		.getByRole('button')
		.filter({ hasText: request });
}

describe('lesson 12 in Chromium', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
		opened = await openPlayground(browser, `${inject('baseURL')}?lesson=ingress-gateway&step=2`, {
			width: 1400,
			height: 900
		});
		await waitForPrompt(opened.page, 90_000);
	});

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('shows ingress bypassing the waypoint, then crossing it once the Service opts in', async () => {
		const page = opened.page;
		await page.getByRole('heading', { name: /^Step 2:/ }).waitFor();
		await page.getByRole('button', { name: /405 Method Not Allowed/ }).click();
		await pressRun(page); // DELETE through the gateway, then its log
		await showTab(page, 'Traces');
		await checklistGreen(page, 2);
		const bypass = traceRow(page, 'DELETE /productpage 405');
		await expect(bypass.textContent()).resolves.toContain('productpage-v1');
		await expect(bypass.textContent()).resolves.not.toContain('waypoint');
		await page.screenshot({ path: resolve(OUT, 'lesson12-bypass.png') });

		await page.getByRole('button', { name: 'Next step →' }).click();
		await page.getByRole('heading', { name: /^Step 3:/ }).waitFor();
		await page.getByRole('button', { name: /^RBAC: access denied$/ }).click();
		await runCommand(page, 'kubectl label service productpage istio.io/ingress-use-waypoint=true');
		await pressRun(page); // GET through the gateway
		await checklistGreen(page, 3);
		const denied = traceRow(page, 'GET /productpage 403');
		await expect(denied.textContent()).resolves.toMatch(/DENIED.*waypoint/s);
		await page.screenshot({ path: resolve(OUT, 'lesson12-via-waypoint.png') });
		expect(opened.errors).toEqual([]);
	}, 240_000);
});
