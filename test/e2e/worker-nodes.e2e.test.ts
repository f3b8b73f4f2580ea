/**
 * Issue 13: `?workers=N` starts the page's cluster with N kind-named worker nodes, each with its
 * own pod CIDR; a bad value starts the default two and the terminal says why.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import { openPlayground, runCommand, showTab, until, waitForPrompt } from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');
const NODES =
	'kubectl get nodes -o custom-columns=NAME:.metadata.name,CIDR:.spec.podCIDR --no-headers';

describe('?workers= in Chromium', () => {
	let browser: Browser;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
	});

	afterAll(async () => {
		await browser?.close();
	});

	it('?workers=6 boots six workers, shown in the Nodes view, with Bookinfo spread on them', async () => {
		const opened = await openPlayground(browser, `${inject('baseURL')}?workers=6`);
		const { page } = opened;
		try {
			await waitForPrompt(page, 60_000);
			const nodes = await runCommand(page, NODES);
			expect(nodes.split('\n').map((l) => l.trim().split(/\s+/).join(' '))).toEqual(
				expect.arrayContaining([
					'ambient-control-plane 10.244.0.0/24',
					'ambient-worker 10.244.1.0/24',
					'ambient-worker2 10.244.2.0/24',
					'ambient-worker6 10.244.6.0/24'
				])
			);
			expect(nodes).not.toContain('ambient-worker7');
			const onNodes = await runCommand(
				page,
				'kubectl get pods -o custom-columns=NODE:.spec.nodeName --no-headers | sort | uniq | wc -l'
			);
			expect(Number(onNodes.trim().split('\n').at(-1))).toBe(6);
			await showTab(page, 'Nodes');
			const panel = page.getByRole('tabpanel', { name: 'Nodes' });
			for (const name of ['ambient-worker', 'ambient-worker3', 'ambient-worker6'])
				await expect(panel.getByRole('heading', { name, exact: true }).count()).resolves.toBe(1);
			await page.screenshot({ path: resolve(OUT, 'workers-6.png') });

			// A restart (here onto the step-mode runtime) boots the same six workers again.
			await page.getByRole('button', { name: 'Restart in step mode' }).click();
			await until(
				'the in-process runtime',
				async () =>
					(await page.evaluate(() => window.__meshPlayground?.runtimeKind())) === 'inprocess'
			);
			expect(await runCommand(page, NODES)).toContain('ambient-worker6 ');
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	}, 120_000);

	it('?workers=50 says why in the terminal and boots the default two', async () => {
		const opened = await openPlayground(browser, `${inject('baseURL')}?workers=50`);
		const { page } = opened;
		try {
			const screen = await waitForPrompt(page, 60_000);
			expect(screen).toContain(
				'?workers=: invalid worker count "50": must be a whole number from 1 to 10; starting with 2 workers.'
			);
			const nodes = await runCommand(page, NODES);
			expect(nodes).toContain('ambient-worker2');
			expect(nodes).not.toContain('ambient-worker3');
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	}, 120_000);
});
