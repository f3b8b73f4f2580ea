/**
 * The ambient getting-started's "view the application" step, as a learner does it: install
 * Istio ambient, deploy the Bookinfo ingress gateway, `kubectl port-forward
 * svc/bookinfo-gateway-istio 8080:80` (which blocks the terminal, so it comes last), then
 * `http://localhost:8080/productpage` in the Browser tab. Screenshots go to screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import {
	openPlayground,
	runCommand,
	terminalText,
	until,
	waitForPrompt,
	type OpenedPage
} from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');

describe('the Bookinfo gateway in the browser tab', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
		opened = await openPlayground(browser, inject('baseURL'));
		await waitForPrompt(opened.page);
	});

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('shows productpage with its stars through kubectl port-forward svc/bookinfo-gateway-istio', async () => {
		const { page } = opened;
		expect(
			await runCommand(page, 'istioctl install --set profile=ambient --skip-confirmation', 60_000)
		).toContain('Installation complete');
		expect(
			await runCommand(
				page,
				'kubectl get crd gateways.gateway.networking.k8s.io &> /dev/null || kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.0/experimental-install.yaml'
			)
		).toContain('gateways.gateway.networking.k8s.io serverside-applied');
		expect(
			await runCommand(
				page,
				'kubectl apply -f samples/bookinfo/platform/kube/bookinfo-versions.yaml'
			)
		).toContain('created');
		expect(
			await runCommand(page, 'kubectl apply -f samples/bookinfo/gateway-api/bookinfo-gateway.yaml')
		).toContain('gateway.gateway.networking.k8s.io/bookinfo-gateway created');
		expect(
			await runCommand(
				page,
				'kubectl annotate gateway bookinfo-gateway networking.istio.io/service-type=ClusterIP --namespace=default'
			)
		).toContain('annotated');
		expect(
			await runCommand(page, 'kubectl wait --for=condition=programmed gtw bookinfo-gateway', 60_000)
		).toContain('condition met');
		// Enrolled, the gateway reaches productpage over HBONE through the ztunnels.
		expect(
			await runCommand(page, 'kubectl label namespace default istio.io/dataplane-mode=ambient')
		).toContain('namespace/default labeled');

		// port-forward blocks the terminal: the last command.
		await waitForPrompt(page);
		await page.locator('.xterm-helper-textarea').focus();
		await page.keyboard.type('kubectl port-forward svc/bookinfo-gateway-istio 8080:80');
		await page.keyboard.press('Enter');
		await until('the forward', async () =>
			(await terminalText(page)).includes('Forwarding from [::1]:8080 -> 80')
		);

		await page.getByRole('tab', { name: 'Browser' }).click();
		const address = page.getByTestId('browser-address');
		await address.fill('http://localhost:8080/productpage');
		await address.press('Enter');
		const frame = page.frameLocator('[data-testid="browser-frame"]');
		await frame.locator('text=The Comedy of Errors').first().waitFor({ timeout: 30_000 });
		await frame.locator('text=Reviewer1').first().waitFor();
		expect(await frame.locator('body').textContent()).not.toContain(
			'product reviews are currently unavailable'
		);
		await until('Handling connection', async () =>
			(await terminalText(page)).includes('Handling connection for 8080')
		);

		// Reload until reviews v2 or v3 answers: their ratings are glyphicon stars.
		const stars = frame.locator('.glyphicon-star');
		const handled = async () =>
			(await terminalText(page)).split('Handling connection for 8080').length;
		for (let i = 0; i < 12 && (await stars.count()) === 0; i++) {
			// Each reload is a new request through the forward: wait for it, then the page.
			const before = await handled();
			await page.getByRole('button', { name: 'Reload' }).click();
			await until('the reload', async () => (await handled()) > before);
			await frame.locator('text=Reviewer1').first().waitFor();
		}
		expect(await stars.count()).toBeGreaterThan(0);
		// The stand-in stylesheet draws each star as a ★ glyph.
		const glyph = await stars
			.first()
			.evaluate((el) => getComputedStyle(el, '::before').getPropertyValue('content'));
		expect(glyph).toBe('"★"');
		await stars.first().scrollIntoViewIfNeeded();
		await page.screenshot({ path: resolve(OUT, 'gateway-browser-productpage-1280x720.png') });
		await page
			.getByTestId('browser-frame')
			.screenshot({ path: resolve(OUT, 'gateway-browser-reviews.png') });
		expect(opened.errors).toEqual([]);
	}, 180_000);
});
