/**
 * A challenge in Chromium (issue 14): the final lesson's "client outside the mesh", taken as a
 * learner would. The pane states the symptom and the goal, offers no Solve and never shows the
 * fix; a wrong move makes a hint about it ready first; the fix typed in the terminal passes.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import { openPlayground, runCommand, waitForPrompt, type OpenedPage } from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');
const FIX = 'kubectl label namespace shop istio.io/dataplane-mode=ambient';

/** Everything the lesson pane shows now. */
const paneText = (page: Page): Promise<string> => page.locator('.pane').first().innerText();

describe('a challenge in Chromium', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
		opened = await openPlayground(
			browser,
			`${inject('baseURL')}?lesson=fix-the-broken-mesh&step=2`,
			{ width: 1400, height: 900 }
		);
		await waitForPrompt(opened.page, 60_000);
	});

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('is completed by typing the fix, with hints and no solution shown', async () => {
		const page = opened.page;
		await page.getByRole('heading', { name: 'Challenge 2: The client outside the mesh' }).waitFor();
		await page
			.locator('ul[aria-label="Checklist"] > li[data-passed="false"]')
			.first()
			.waitFor({ timeout: 60_000 });
		await expect(page.getByRole('button', { name: /^Solve/ }).count()).resolves.toBe(0);
		await page.getByText('A challenge has no Solve: use the hints.').waitFor();
		expect(await paneText(page)).not.toContain('dataplane-mode=ambient');
		// No model answer before the learner solved it.
		await expect(page.getByRole('button', { name: /model answer/ }).count()).resolves.toBe(0);

		// A wrong move: the hint about it is offered first, marked as about what the learner did.
		await runCommand(page, 'kubectl label namespace shop istio-injection=enabled');
		const hint = page.getByRole('button', { name: /^Hint \(0\/3\) •$/ });
		await hint.waitFor({ timeout: 30_000 });
		await hint.click();
		const aboutYou = page.locator('.hint.about-you');
		await aboutYou.getByText('Hint 1: about what you did').waitFor();
		await aboutYou.getByText(/adds a sidecar only to pods created after the label/).waitFor();
		await page.getByRole('button', { name: /^Hint \(1\/3\)$/ }).click();
		await page
			.locator('.hint')
			.nth(1)
			.getByText(/--show-labels/)
			.waitFor();
		await page.screenshot({ path: resolve(OUT, 'lesson-challenge-hints.png') });

		await runCommand(page, FIX);
		await runCommand(
			page,
			'kubectl exec -n shop deploy/curl -- curl -s http://ratings.default:9080/ratings/0'
		);
		await page.getByRole('tab', { name: 'Topology' }).click();
		await page.waitForFunction(
			() => {
				const items = [
					...document.querySelectorAll('ul[aria-label="Checklist"] > li[data-passed]')
				];
				return items.length > 0 && items.every((li) => li.getAttribute('data-passed') === 'true');
			},
			undefined,
			{ timeout: 30_000 }
		);
		await page.getByText('Well done!').waitFor();
		await page.getByRole('button', { name: /^Step 2: .*\(solved\)$/ }).waitFor();
		// The fix was typed by the learner; the pane never showed it.
		expect(await paneText(page)).not.toContain('dataplane-mode=ambient');
		await page.screenshot({ path: resolve(OUT, 'lesson-challenge-done.png') });
		// Solved: now the learner may compare their fix with the model answer.
		await page.getByRole('button', { name: 'Compare with a model answer' }).click();
		await page.getByRole('group', { name: 'Your commands' }).getByText(FIX).waitFor();
		await page
			.getByRole('group', { name: 'Model answer' })
			.getByText(/dataplane-mode=ambient/)
			.first()
			.waitFor();
		expect(opened.errors).toEqual([]);
	}, 180_000);
});
