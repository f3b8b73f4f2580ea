/**
 * Lesson 03 in Chromium, as a learner takes it: open it by deep link, type each step's commands
 * in the terminal, watch the checklist turn green, answer the prediction and see it settled only
 * by the command that shows the answer, look at the Capture view for the look step; then reload
 * and find the progress kept. Screenshots go to screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import { openPlayground, runCommand, waitForPrompt, type OpenedPage } from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');
const ZC = 'istioctl ztunnel-config workloads --workload-namespace default';

async function checklistGreen(page: Page, step: number): Promise<void> {
	await page.getByRole('heading', { name: new RegExp(`^Step ${step}:`) }).waitFor();
	await page.waitForFunction(
		() => {
			const items = [...document.querySelectorAll('ul[aria-label="Checklist"] > li[data-passed]')];
			return items.length > 0 && items.every((li) => li.getAttribute('data-passed') === 'true');
		},
		undefined,
		{ timeout: 30_000 }
	);
}

async function checklistRed(page: Page, step: number): Promise<void> {
	await page.getByRole('heading', { name: new RegExp(`^Step ${step}:`) }).waitFor();
	await page.waitForSelector('ul[aria-label="Checklist"] > li[data-passed="false"]', {
		timeout: 60_000
	});
}

describe('lesson 03 in Chromium', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
		opened = await openPlayground(browser, `${inject('baseURL')}?lesson=join-the-mesh&step=1`, {
			width: 1400,
			height: 900
		});
		await waitForPrompt(opened.page, 60_000);
	});

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('completes every step by typing commands; the checklist turns green', async () => {
		const page = opened.page;
		await checklistRed(page, 1);
		// Nothing to compare before the step passed.
		await expect(page.getByRole('button', { name: /model answer/ }).count()).resolves.toBe(0);
		await runCommand(page, ZC);
		await checklistGreen(page, 1);
		await page.getByRole('button', { name: 'Next step →' }).click();

		await checklistRed(page, 2);
		// The prediction comes first: run buttons wait for it.
		await expect(page.locator('.code-actions button.run').first().isDisabled()).resolves.toBe(true);
		// The right answer is not the first choice, and nothing gives it away before the command.
		const choices = page.locator('fieldset.predict button');
		await expect(choices.nth(2).textContent()).resolves.toMatch(/They keep running as they are/);
		await choices.nth(2).click();
		const predict = page.locator('fieldset.predict');
		await predict.getByText('Your prediction is in. Now run').waitFor();
		await expect(predict.getByText('kubectl get pods', { exact: true }).count()).resolves.toBe(1);
		await expect(predict.getByText('Right.').count()).resolves.toBe(0);
		await expect(page.locator('fieldset.predict button.right').count()).resolves.toBe(0);
		await page.screenshot({ path: resolve(OUT, 'lesson-prediction-pending.png') });
		await runCommand(page, 'kubectl label namespace default istio.io/dataplane-mode=ambient');
		await checklistGreen(page, 2);
		const checklist = page.locator('ul[aria-label="Checklist"]');
		// Labelled, but the pods were not looked at: still unsettled, the checklist neutral.
		await expect(predict.getByText('Right.').count()).resolves.toBe(0);
		await expect(checklist.textContent()).resolves.not.toContain('without restarting');
		await runCommand(page, 'kubectl get pods');
		await predict.getByText('Right.').waitFor({ timeout: 30_000 });
		await expect(page.locator('fieldset.predict button.right').textContent()).resolves.toMatch(
			/They keep running as they are/
		);
		await checklist
			.getByText("istio-cni enrolled productpage's pod (without restarting it)")
			.waitFor();
		await page.screenshot({ path: resolve(OUT, 'lesson-prediction.png') });

		// The step passed: the learner may compare their commands with the model answer, closed
		// until asked, and theirs end at the command that passed the step.
		const compare = page.getByRole('button', { name: 'Compare with a model answer' });
		await expect(compare.getAttribute('aria-expanded')).resolves.toBe('false');
		await expect(page.locator('#compare-answer').count()).resolves.toBe(0);
		await compare.click();
		const yours = page.getByRole('group', { name: 'Your commands' });
		const model = page.getByRole('group', { name: 'Model answer' });
		await expect(yours.locator('li').allInnerTexts()).resolves.toEqual([
			'kubectl label namespace default istio.io/dataplane-mode=ambient'
		]);
		await expect(model.locator('li').allInnerTexts()).resolves.toEqual([
			'kubectl label namespace default istio.io/dataplane-mode=ambient',
			'kubectl get pods'
		]);
		// Scroll the pane (not the page) so both sides show above the sticky actions.
		await page.locator('.compare').evaluate((el) => {
			el.scrollIntoView({ block: 'start' });
			window.scrollTo(0, 0);
		});
		await page.screenshot({ path: resolve(OUT, 'lesson-compare.png') });
		await page.getByRole('button', { name: 'Hide the model answer' }).click();
		await expect(page.locator('#compare-answer').count()).resolves.toBe(0);
		await page.getByRole('button', { name: 'Next step →' }).click();

		await checklistRed(page, 3);
		await runCommand(
			page,
			'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"'
		);
		// The request went over mTLS; the look is still to do.
		const look = page.locator('ul[aria-label="Checklist"] > li', {
			hasText: 'The Capture view shows only TLS records'
		});
		await page
			.locator('ul[aria-label="Checklist"] > li[data-passed="true"]', {
				hasText: 'curl reached productpage over mTLS'
			})
			.waitFor({ timeout: 30_000 });
		await expect(look.getAttribute('data-passed')).resolves.toBe('false');
		await page.getByRole('tab', { name: 'Capture' }).click();
		await checklistGreen(page, 3);
		await page.screenshot({ path: resolve(OUT, 'lesson-look.png') });
		await page.getByRole('button', { name: 'Next step →' }).click();

		await checklistRed(page, 4);
		// Check explains a failing item with its evidence.
		await page.getByRole('button', { name: 'Check' }).click();
		await page.locator('.evidence li').filter({ hasText: 'in this step yet' }).first().waitFor();
		await runCommand(page, ZC);
		await checklistGreen(page, 4);
		await expect(page.getByText('That was the last step.').count()).resolves.toBe(1);
		await page.screenshot({ path: resolve(OUT, 'lesson-done.png') });
		expect(opened.errors).toEqual([]);
	}, 180_000);

	it('keeps progress across a reload', async () => {
		const page = opened.page;
		expect(page.url()).toContain('lesson=join-the-mesh');
		await page.reload();
		await waitForPrompt(page, 60_000);
		for (let i = 1; i <= 4; i++) {
			await page
				.getByRole('button', { name: new RegExp(`^Step ${i}: .*\\(solved\\)$`) })
				.waitFor({ timeout: 60_000 });
		}
		await page.getByRole('button', { name: 'All lessons' }).click();
		const dots = page.locator('[data-lesson="join-the-mesh"] .dot.solved');
		await expect(dots.count()).resolves.toBe(4);
		await page.screenshot({ path: resolve(OUT, 'lesson-picker.png') });
	}, 120_000);
});
