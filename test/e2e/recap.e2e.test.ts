/**
 * The recap and quiz at the end of a lesson, in Chromium: lesson 01's last step done by typing,
 * then "Recap and quiz →"; one question answered wrong and one right, each explained only once
 * answered; the answers still there after a reload.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import { openPlayground, runCommand, waitForPrompt, type OpenedPage } from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');

describe('the recap and quiz in Chromium', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
		opened = await openPlayground(browser, `${inject('baseURL')}?lesson=meet-the-cluster&step=3`, {
			width: 1400,
			height: 900
		});
		await waitForPrompt(opened.page, 60_000);
	});

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('opens after the last step; answers are explained once given, and kept', async () => {
		const page = opened.page;
		await page.getByRole('heading', { name: /^Step 3:/ }).waitFor();
		// No recap before the last step passes, unless asked for from the step bar.
		await expect(page.getByRole('button', { name: 'Recap and quiz →' }).count()).resolves.toBe(0);
		await page.locator('fieldset.predict button').nth(1).click();
		await runCommand(
			page,
			'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage'
		);
		await page.getByRole('tab', { name: 'Capture' }).click();
		await page.getByText('That was the last step.').waitFor({ timeout: 30_000 });
		await page.getByRole('button', { name: 'Recap and quiz →' }).click();

		const recap = page.getByRole('region', { name: 'Recap' });
		await recap.getByText('Kubernetes does not encrypt pod-to-pod traffic by default').waitFor();
		const questions = recap.locator('fieldset.quiz');
		await expect(questions.count()).resolves.toBe(2);
		const first = questions.nth(0);
		const second = questions.nth(1);
		// Nothing gives the answer away before the learner answers.
		await expect(recap.locator('button.right').count()).resolves.toBe(0);
		await expect(recap.getByRole('status').count()).resolves.toBe(0);

		// Wrong: the pod's IP. The right choice (a Service) is marked, and why is explained.
		await first.getByRole('button', { name: "The productpage pod's IP address" }).click();
		await first.getByText('Not quite.').waitFor();
		await expect(first.locator('button.right').textContent()).resolves.toMatch(/A Service/);
		await expect(first.textContent()).resolves.toContain('A Service gives a stable name');
		await expect(first.locator('button:not([disabled])').count()).resolves.toBe(0);
		await expect(second.getByRole('status').count()).resolves.toBe(0);

		await second.getByRole('button', { name: /plain HTTP/ }).click();
		await second.getByText('Right.').waitFor();
		await recap.getByText('1 of 2 right.').waitFor();
		await page.screenshot({ path: resolve(OUT, 'lesson-recap-quiz.png') });

		await page.reload();
		await waitForPrompt(page, 60_000);
		await page.getByRole('button', { name: 'Recap', exact: true }).click();
		await recap.getByText('1 of 2 right.').waitFor({ timeout: 30_000 });
		await expect(
			recap.locator('fieldset.quiz').nth(0).locator('button[aria-pressed="true"]').textContent()
		).resolves.toBe("The productpage pod's IP address");
		expect(opened.errors).toEqual([]);
	}, 180_000);
});
