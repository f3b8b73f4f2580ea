/**
 * Issue 18 (red team) in Chromium: lesson inputs that kept the page from reaching a ready
 * terminal. A 6 KB lesson of 6,000 `>` overflowed the markdown renderer's stack, and a reload
 * repeated it because `lessonUrl` stays in the address; `?lessonUrl=http://[` threw at start-up.
 * Each now gives a message, the terminal comes up, and nothing is thrown.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { openPlayground, waitForPrompt } from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');

const BOMB = `---
id: bomb
title: Bomb
summary: One step.
level: beginner
minutes: 1
---

Intro.

## Step: Quote

${'>'.repeat(6000)} x

\`\`\`solution
kubectl get pods
\`\`\`

\`\`\`check
- name: ran get pods
  commandRan:
    matches: 'kubectl get pods'
\`\`\`
`;

describe('red-team lesson inputs in Chromium', () => {
	let browser: Browser;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await launchChromium();
	});

	afterAll(async () => {
		await browser?.close();
	});

	it('explains ?lessonUrl=http://[ and still starts the terminal', async () => {
		const opened = await openPlayground(browser, `${inject('baseURL')}?lessonUrl=http://[`);
		try {
			await waitForPrompt(opened.page, 60_000);
			await opened.page
				.getByRole('alert')
				.filter({ hasText: 'could not fetch the lesson at http://[: not a valid URL' })
				.waitFor();
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	}, 120_000);

	it('refuses a lesson of 6,000 ">" with a line number, before and after a reload', async () => {
		const opened = await openPlayground(browser, 'about:blank');
		const page = opened.page;
		try {
			await page.route(
				(u) => u.pathname === '/authors/bomb.md',
				(route) => route.fulfill({ status: 200, contentType: 'text/markdown', body: BOMB })
			);
			await page.goto(`${inject('baseURL')}?lessonUrl=/authors/bomb.md`);
			for (let load = 0; load < 2; load++) {
				await waitForPrompt(page, 60_000);
				await page
					.getByRole('alert')
					.filter({ hasText: /bomb\.md:13: blockquotes nested more than 20 deep/ })
					.waitFor();
				if (load === 0) await page.reload();
			}
			await page.screenshot({ path: resolve(OUT, 'redteam-lesson-bomb.png') });
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	}, 180_000);
});
