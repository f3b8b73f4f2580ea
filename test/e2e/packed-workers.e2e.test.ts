/**
 * Issue 13: `?packing=node` runs the pods of a node in a few shared Web Workers. The learner
 * sees the same cluster: every pod listed on its own, Bookinfo answering, Istio's ambient mesh
 * working (pod ↔ ztunnel legs now inside a worker), and the Topology drawing each pod.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import { openPlayground, runCommand, showTab, waitForPrompt } from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');
const TITLE =
	'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"';

describe('?packing=node in Chromium', () => {
	let browser: Browser;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
	});

	afterAll(async () => {
		await browser?.close();
	});

	it('pods share workers, and the cluster, the mesh and the topology look the same', async () => {
		const opened = await openPlayground(browser, `${inject('baseURL')}?packing=node`);
		const { page } = opened;
		try {
			await waitForPrompt(page, 60_000);
			expect(await runCommand(page, TITLE)).toContain('<title>Simple Bookstore App</title>');
			await runCommand(page, 'istioctl install --set profile=ambient --skip-confirmation', 60_000);
			await runCommand(page, 'kubectl label namespace default istio.io/dataplane-mode=ambient');
			expect(await runCommand(page, TITLE)).toContain('<title>Simple Bookstore App</title>');
			const zc = await runCommand(page, 'istioctl zc workloads | grep productpage');
			expect(zc).toMatch(/productpage-v1-\S+ .*HBONE/);

			const pods = await runCommand(page, 'kubectl get pods -A --no-headers | wc -l');
			const podCount = Number(pods.trim().split('\n').at(-1));
			expect(podCount).toBeGreaterThanOrEqual(12);
			// Packed: a worker per node (and one for the simulated internet), not one per pod.
			const workers = page.workers().length;
			expect(workers).toBeGreaterThan(0);
			expect(workers).toBeLessThanOrEqual(5);

			await showTab(page, 'Topology');
			const panel = page.getByRole('tabpanel', { name: 'Topology' });
			// Each pod drawn as a pod, whichever worker it shares.
			await panel
				.getByText(/^productpage-v1/)
				.first()
				.waitFor({ timeout: 10_000 });
			await panel
				.getByText(/^ratings-v1/)
				.first()
				.waitFor({ timeout: 10_000 });
			await page.screenshot({ path: resolve(OUT, 'packed-workers.png') });
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	}, 180_000);

	// One page for `?packing=bogus` and the default: a bogus value leaves the packing unset, as
	// no `?packing=` does (boot.ts packingParam), so the default's workers are counted here.
	it('?packing=bogus: the terminal says why; by default a node’s workload pods share a worker with its ztunnel, istiod has its own', async () => {
		const opened = await openPlayground(browser, `${inject('baseURL')}?packing=bogus%1b[31m`);
		const { page } = opened;
		try {
			const screen = await waitForPrompt(page, 60_000);
			expect(screen).toContain(
				'?packing=: unknown packing "bogus?[31m": must be agent, per-pod, node; starting with agent.'
			);
			expect(await runCommand(page, TITLE)).toContain('<title>Simple Bookstore App</title>');
			// Bookinfo and curl share a worker per worker node (2), the internet's three servers a
			// worker each, kind's add-ons packed per node (3).
			expect(page.workers().length).toBe(8);
			await runCommand(page, 'istioctl install --set profile=ambient --skip-confirmation', 60_000);
			await runCommand(page, 'kubectl label namespace default istio.io/dataplane-mode=ambient');
			expect(await runCommand(page, TITLE)).toContain('<title>Simple Bookstore App</title>');
			// istiod a worker of its own; each node's ztunnel and istio-cni join the node's
			// workload worker, or (the control plane's node, with no workloads) make one.
			expect(page.workers().length).toBe(10);
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	}, 180_000);

	it('?packing=per-pod: a worker per pod, and past 64 pods the next ones pack by node', async () => {
		const opened = await openPlayground(browser, `${inject('baseURL')}?packing=per-pod`);
		const { page } = opened;
		try {
			await waitForPrompt(page, 60_000);
			expect(await runCommand(page, TITLE)).toContain('<title>Simple Bookstore App</title>');
			// Bookinfo and curl (7) and the simulated internet's three servers: a worker each; kind's
			// 13 add-ons (kube-system, local-path-storage) always packed: a worker per node.
			expect(page.workers().length).toBe(13);
			await runCommand(page, 'kubectl scale deploy/details-v1 --replicas=70');
			await page.waitForFunction(
				() =>
					(window.__meshPlayground?.pods() ?? []).filter(
						(p) => p.namespace === 'default' && p.ready === '1/1'
					).length >= 76,
				undefined,
				{ timeout: 120_000 }
			);
			// 23 hosts at boot (the add-ons and the internet's servers included): until 64 run, a
			// worker per pod (41 more); the other 28 join their node's packed worker, the
			// add-ons' one.
			expect(page.workers().length).toBe(54);
			expect(await runCommand(page, TITLE)).toContain('<title>Simple Bookstore App</title>');
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	}, 180_000);
});
