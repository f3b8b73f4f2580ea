/**
 * Issue 12 (multicluster): `?clusters=2` starts kind's cluster1 and cluster2 on the worker
 * runtime; kubectl reaches each through --context, the kubeconfig names both (kind-cluster2
 * current, as kind leaves it), and the Nodes view groups the nodes under each context.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import { openPlayground, runCommand, showTab, waitForPrompt } from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');
const NODES =
	'get nodes -o custom-columns=NAME:.metadata.name,IP:.status.addresses[0].address --no-headers';

describe('?clusters=2 in Chromium', () => {
	let browser: Browser;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
	});

	afterAll(async () => {
		await browser?.close();
	});

	it('boots two kind clusters, each reached by its context and shown under it', async () => {
		const opened = await openPlayground(browser, `${inject('baseURL')}?clusters=2`);
		const { page } = opened;
		try {
			const screen = await waitForPrompt(page, 60_000);
			expect(screen).toContain('two simulated kind clusters');
			const contexts = await runCommand(page, 'kubectl config get-contexts -o name');
			expect(contexts).toContain('kind-cluster1');
			expect(await runCommand(page, 'kubectl config current-context')).toContain('kind-cluster2');
			const one = await runCommand(page, `kubectl --context=kind-cluster1 ${NODES}`);
			expect(one).toMatch(/cluster1-control-plane +172\.18\.0\.2/);
			expect(one).not.toContain('cluster2');
			const two = await runCommand(page, `kubectl ${NODES}`);
			expect(two).toMatch(/cluster2-worker2 +172\.18\.0\.7/);
			expect(await runCommand(page, 'kubectl --context=kind-ambient get pods')).toContain(
				'context was not found for specified context: kind-ambient'
			);
			await runCommand(page, 'kubectl --context=kind-cluster1 run web --image=nginx');
			await runCommand(page, 'kubectl --context=kind-cluster1 wait --for=condition=Ready pod/web');
			expect(await runCommand(page, 'kubectl get pods')).toContain('No resources found');
			await showTab(page, 'Nodes');
			const panel = page.getByRole('tabpanel', { name: 'Nodes' });
			for (const name of ['kind-cluster1', 'kind-cluster2', 'cluster1-worker', 'cluster2-worker'])
				await expect(panel.getByRole('heading', { name, exact: true }).count()).resolves.toBe(1);
			await page.screenshot({ path: resolve(OUT, 'clusters-2.png') });
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	}, 120_000);
});
