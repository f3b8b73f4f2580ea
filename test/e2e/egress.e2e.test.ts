/**
 * Egress in Chromium: after Istio's ambient egress-gateway setup, one request to httpbin.org
 * draws the simulated internet's host in the topology (only once used), with the edge from the
 * egress waypoint, and the Traces view shows the waypoint's hop to the host's address.
 * Screenshots: screenshots/egress-topology.png, screenshots/egress-traces.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import {
	openPlayground,
	runCommand,
	showPane,
	showTab,
	until,
	waitForPrompt,
	type OpenedPage
} from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');
const SERVICE_ENTRY = JSON.stringify({
	apiVersion: 'networking.istio.io/v1',
	kind: 'ServiceEntry',
	metadata: { name: 'httpbin-org', namespace: 'istio-egress' },
	spec: {
		hosts: ['httpbin.org'],
		ports: [{ number: 80, name: 'http', protocol: 'HTTP' }],
		resolution: 'DNS'
	}
});

describe('egress through a waypoint, in the page', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
		opened = await openPlayground(browser, inject('baseURL'));
		await waitForPrompt(opened.page);
	}, 120_000);

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('draws httpbin.org once used, reached from the egress waypoint, and traces the hop', async () => {
		const { page } = opened;
		await showPane(page, 'Cluster views');
		await showTab(page, 'Topology');
		const svg = page.locator('svg[aria-label^="Topology:"]');
		await svg.waitFor();
		expect(await page.locator('g.item.external').count()).toBe(0);
		for (const command of [
			'istioctl install --set profile=ambient -y > /dev/null',
			'kubectl label namespace default istio.io/dataplane-mode=ambient',
			'kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml > /dev/null',
			'kubectl create namespace istio-egress',
			'kubectl label namespace istio-egress istio.io/dataplane-mode=ambient',
			'istioctl waypoint apply --for service --enroll-namespace --namespace istio-egress --wait',
			`echo '${SERVICE_ENTRY}' | kubectl apply -f -`
		])
			await runCommand(page, command, 120_000);
		expect(
			await runCommand(
				page,
				'kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://httpbin.org/get'
			)
		).toBe('200');
		await until('httpbin.org drawn with an edge from the waypoint', async () => {
			const external = await page.locator('g.item.external').count();
			const edge = await page.locator('g.edge[data-edge*="ext:httpbin.org"]').count();
			return external === 1 && edge >= 1;
		});
		const edgeIds = await page
			.locator('g.edge')
			.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-edge') ?? ''));
		expect(edgeIds.some((id) => /istio-egress\/waypoint-.*->ext:httpbin\.org/.test(id))).toBe(true);
		expect(await page.getByText('internet (simulated)').count()).toBeGreaterThan(0);
		await page.locator('g.item.external').scrollIntoViewIfNeeded();
		await page
			.locator('.topology .canvas')
			.screenshot({ path: resolve(OUT, 'egress-topology.png') });

		await showTab(page, 'Traces');
		const panel = page.getByRole('tabpanel', { name: 'Traces' });
		await until('the trace of the request to httpbin.org', async () =>
			/→ httpbin\.org GET \/get 200/.test((await panel.textContent()) ?? '')
		);
		// Through the waypoint: two hops (ztunnel to the waypoint, the waypoint out).
		expect((await panel.textContent()) ?? '').toMatch(
			/httpbin\.org GET \/get 200 2 hops .*waypoint/
		);
		await panel.getByText('→ httpbin.org').first().click();
		await page.screenshot({ path: resolve(OUT, 'egress-traces.png') });
		expect(opened.errors).toEqual([]);
	}, 240_000);
});
