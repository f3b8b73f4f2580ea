/**
 * Lesson 08 in Chromium, as a learner takes it: open it by deep link (the engine replays its
 * setup: Istio, ambient, the Gateway API, a waypoint, ztunnel's policy), answer the prediction,
 * press each step's "run" buttons (from lesson 5 on a step states its goal and the manifest is
 * its last hint), watch the checklist turn green; reload and find the progress kept. Then open
 * lesson files through the picker's "Open a lesson file…" input.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import { openPlayground, waitForPrompt, type OpenedPage } from './playground-page.ts';

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

async function checklistRed(page: Page, step: number): Promise<void> {
	await page.getByRole('heading', { name: new RegExp(`^Step ${step}:`) }).waitFor();
	await page.waitForSelector('ul[aria-label="Checklist"] > li[data-passed="false"]', {
		timeout: 90_000
	});
}

/** Presses the step's n-th "run" button and waits for the terminal to be back at a prompt. */
async function pressRun(page: Page, n: number): Promise<void> {
	await waitForPrompt(page, 60_000);
	await page.locator('.code-actions button.run').nth(n).click();
	await page.waitForTimeout(300);
	await waitForPrompt(page, 60_000);
}

/** Reveals every hint; the last one holds the manifest, whose "run" button applies it. */
async function runLastHint(page: Page): Promise<void> {
	const hint = page.getByRole('button', { name: /^Hint \(/ });
	while (await hint.isEnabled()) await hint.click();
	await expect(
		page.locator('section[aria-label="Lesson"] .hint').last().textContent()
	).resolves.toContain('The whole manifest');
	await waitForPrompt(page, 60_000);
	await page
		.locator('section[aria-label="Lesson"] .hint')
		.last()
		.locator('.code-actions button.run')
		.click();
	await page.waitForTimeout(300);
	await waitForPrompt(page, 60_000);
}

const TINY = `---
id: tiny-from-file
title: A lesson from a file
summary: One step.
level: beginner
minutes: 1
---

Written by a docs author, opened from disk.

## Step: Look around

\`\`\`sh
kubectl get pods
\`\`\`

\`\`\`solution
kubectl get pods
\`\`\`

\`\`\`check
- name: You listed the pods
  commandRan:
    matches: 'kubectl get pods'
\`\`\`
`;

describe('lesson 08 in Chromium', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
		opened = await openPlayground(browser, `${inject('baseURL')}?lesson=l7-authorization&step=1`, {
			width: 1400,
			height: 900
		});
		await waitForPrompt(opened.page, 60_000);
	});

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('completes every step with the run buttons; the checklist turns green', async () => {
		const page = opened.page;
		await checklistRed(page, 1);
		// The prediction comes first: run buttons wait for it.
		await expect(page.locator('.code-actions button.run').first().isDisabled()).resolves.toBe(true);
		await page.getByRole('button', { name: 'RBAC: access denied' }).click();
		// Settled by the DELETE, not by answering.
		await expect(page.getByRole('status').filter({ hasText: 'Right.' }).count()).resolves.toBe(0);
		// The step states the goal; the policy itself is the last hint.
		await expect(page.locator('section[aria-label="Lesson"]').textContent()).resolves.not.toContain(
			'apiVersion'
		);
		await runLastHint(page); // the targetRefs policy
		await pressRun(page, 0); // DELETE and GET
		await page.getByRole('status').filter({ hasText: 'Right.' }).waitFor({ timeout: 30_000 });
		await checklistGreen(page, 1);
		await page.screenshot({ path: resolve(OUT, 'lesson8-step1.png') });
		await page.getByRole('button', { name: 'Next step →' }).click();

		await checklistRed(page, 2);
		await pressRun(page, 0); // GET from reviews-v1
		await page.getByRole('tab', { name: 'Traces' }).click(); // the look: who denied it
		await checklistGreen(page, 2);
		await page.getByRole('button', { name: 'Next step →' }).click();

		await checklistRed(page, 3);
		await runLastHint(page); // paths
		await pressRun(page, 0); // then the API
		await checklistGreen(page, 3);
		await expect(page.getByText('That was the last step.').count()).resolves.toBe(1);
		await page.screenshot({ path: resolve(OUT, 'lesson8-done.png') });
		expect(opened.errors).toEqual([]);
	}, 240_000);

	it('keeps progress across a reload', async () => {
		const page = opened.page;
		expect(page.url()).toContain('lesson=l7-authorization');
		await page.reload();
		await waitForPrompt(page, 60_000);
		for (let i = 1; i <= 3; i++) {
			await page
				.getByRole('button', { name: new RegExp(`^Step ${i}: .*\\(solved\\)$`) })
				.waitFor({ timeout: 90_000 });
		}
		await page.getByRole('button', { name: 'All lessons' }).click();
		const dots = page.locator('[data-lesson="l7-authorization"] .dot.solved');
		await expect(dots.count()).resolves.toBe(3);
	}, 150_000);

	it('opens a lesson file from the picker, and explains a bad one', async () => {
		const page = opened.page;
		const input = page.locator('input[data-testid="lesson-file"]');
		await input.setInputFiles({
			name: 'broken.md',
			mimeType: 'text/markdown',
			buffer: Buffer.from(TINY.replace(/```check[\s\S]*?```\n/, ''))
		});
		const alert = page.getByRole('alert').filter({ hasText: 'broken.md is not a valid lesson' });
		await alert.waitFor();
		await expect(alert.textContent()).resolves.toMatch(
			/broken\.md:11: step "Look around" needs exactly one ```check block/
		);
		await page.screenshot({ path: resolve(OUT, 'lesson-file-error.png') });

		await input.setInputFiles({
			name: 'tiny.md',
			mimeType: 'text/markdown',
			buffer: Buffer.from(TINY)
		});
		await checklistRed(page, 1);
		await expect(page.getByText('A lesson from a file').count()).resolves.toBeGreaterThan(0);
		await pressRun(page, 0);
		await checklistGreen(page, 1);
		await page.screenshot({ path: resolve(OUT, 'lesson-file-open.png') });
		expect(opened.errors).toEqual([]);
	}, 120_000);

	it('opens ?lessonUrl= and says why a missing one failed', async () => {
		const page = opened.page;
		await page.route(
			(u) => u.pathname === '/authors/tiny.md',
			(route) => route.fulfill({ status: 200, contentType: 'text/markdown', body: TINY })
		);
		await page.route(
			(u) => u.pathname === '/authors/missing.md',
			(route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' })
		);
		await page.goto(`${inject('baseURL')}?lessonUrl=/authors/missing.md`);
		await waitForPrompt(page, 60_000);
		await page
			.getByRole('alert')
			.filter({ hasText: /could not fetch the lesson at .*\/authors\/missing\.md: HTTP 404/ })
			.waitFor();

		await page.goto(`${inject('baseURL')}?lessonUrl=/authors/tiny.md`);
		await waitForPrompt(page, 60_000);
		await checklistRed(page, 1);
		await expect(page.getByText('A lesson from a file').count()).resolves.toBeGreaterThan(0);
		expect(new URL(page.url()).searchParams.get('lessonUrl')).toBe('/authors/tiny.md');

		// A lesson from a URL that claims a built-in id keeps its progress apart: solving it
		// marks nothing of the built-in lesson.
		const impostor = TINY.replace('id: tiny-from-file', 'id: meet-the-cluster');
		await page.route(
			(u) => u.pathname === '/authors/impostor.md',
			(route) => route.fulfill({ status: 200, contentType: 'text/markdown', body: impostor })
		);
		await page.goto(`${inject('baseURL')}?lessonUrl=/authors/impostor.md`);
		await waitForPrompt(page, 60_000);
		await checklistRed(page, 1);
		await pressRun(page, 0);
		await checklistGreen(page, 1);
		await page.getByRole('button', { name: 'All lessons' }).click();
		await page.locator('[data-lesson="meet-the-cluster"]').waitFor();
		await expect(
			page.locator('[data-lesson="meet-the-cluster"] .dot.solved').count()
		).resolves.toBe(0);
	}, 120_000);
});
