/**
 * Issue 18 (red team), High, in Chromium: `kubectl scale deploy/productpage-v1 --replicas=10000`
 * froze the page for minutes and Ctrl-C could not be delivered. On the in-process runtime (the
 * whole cluster on the page thread, the hardest case) the command returns, a command typed next
 * is answered while pods are still being made, and Ctrl-C ends a running loop.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import { openPlayground, runCommand, terminalText, waitForPrompt } from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');

describe('a 10,000-replica scale-up in Chromium', () => {
	let browser: Browser;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
	});

	afterAll(async () => {
		await browser?.close();
	});

	it('returns, answers the next command mid-scale, and takes Ctrl-C', async () => {
		const opened = await openPlayground(browser, `${inject('baseURL')}?runtime=inprocess`);
		const { page } = opened;
		try {
			await waitForPrompt(page, 60_000);
			const scaled = await runCommand(page, 'kubectl scale deploy/productpage-v1 --replicas=10000');
			expect(scaled).toContain('deployment.apps/productpage-v1 scaled');

			// Answered while the ReplicaSet controller is still making pods.
			const got = await runCommand(page, 'kubectl get deploy productpage-v1 --no-headers');
			const upToDate = Number(got.trim().split(/\s+/)[2]);
			expect(upToDate).toBeGreaterThan(0);
			expect(upToDate).toBeLessThan(10_000);

			// An endless loop, then Ctrl-C: the prompt comes back.
			await page.locator('.xterm-helper-textarea').focus();
			await page.keyboard.type('while true; do sleep 1; done');
			await page.keyboard.press('Enter');
			await new Promise((r) => setTimeout(r, 500));
			await page.keyboard.press('Control+C');
			const screen = await waitForPrompt(page, 15_000);
			expect(screen).toMatch(/while true; do sleep 1; done[\s\S]*\^C/);
			await page.screenshot({ path: resolve(OUT, 'redteam-scale-10000.png') });
			expect(await terminalText(page)).not.toContain('internal error');
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	}, 120_000);
});
