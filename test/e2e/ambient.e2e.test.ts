/**
 * Ambient mode in a real browser: Istio installs into the page's cluster, one label puts
 * Bookinfo in the mesh, and requests then travel HBONE between ztunnels with WebCrypto's real
 * certificates and keys in the pod workers; an L4 policy resets a denied client.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import { openPlayground, runCommand, waitForPrompt, type OpenedPage } from './playground-page.ts';

const TITLE =
	'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"';

describe('ambient mode in Chromium', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		browser = await connectChromium();
		opened = await openPlayground(browser, inject('baseURL'));
		await waitForPrompt(opened.page);
	});

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('installs Istio with the ambient profile', async () => {
		const out = await runCommand(
			opened.page,
			'istioctl install --set profile=ambient --skip-confirmation',
			60_000
		);
		expect(out).toContain('✔ Installation complete');
		const pods = await runCommand(opened.page, 'kubectl get pods -n istio-system');
		// One per node, the control plane's included, as in a kind cluster.
		expect(pods.match(/^ztunnel-\S+\s+1\/1\s+Running/gm)).toHaveLength(3);
	});

	it('enrols default with one label: traffic goes through the ztunnels over HBONE', async () => {
		await runCommand(
			opened.page,
			'kubectl label namespace default istio.io/dataplane-mode=ambient'
		);
		expect((await runCommand(opened.page, TITLE)).trim()).toBe(
			'<title>Simple Bookstore App</title>'
		);
		// The ztunnel on the productpage's node logs the inbound side of the request.
		const log = await runCommand(
			opened.page,
			"kubectl logs -n istio-system $(kubectl get pods -n istio-system -l app=ztunnel --field-selector spec.nodeName=$(kubectl get pods -l app=productpage -o jsonpath='{.items[0].spec.nodeName}') -o name) --tail 20"
		);
		expect(log).toMatch(
			/connection complete.*src\.identity="spiffe:\/\/cluster\.local\/ns\/default\/sa\/curl".*dst\.addr=[\d.]+:15008/
		);
	});

	it('an L4 ALLOW policy for another identity resets curl (exit code 56)', async () => {
		// One line (JSON is YAML): typing a heredoc works too, but the test's prompt detection
		// would have to follow the continuation prompts.
		const policy = {
			apiVersion: 'security.istio.io/v1',
			kind: 'AuthorizationPolicy',
			metadata: { name: 'productpage-ztunnel' },
			spec: {
				selector: { matchLabels: { app: 'productpage' } },
				action: 'ALLOW',
				rules: [
					{
						from: [
							{ source: { principals: ['cluster.local/ns/default/sa/bookinfo-gateway-istio'] } }
						]
					}
				]
			}
		};
		const applied = await runCommand(
			opened.page,
			`echo '${JSON.stringify(policy)}' | kubectl apply -f -`
		);
		expect(applied).toContain('authorizationpolicy.security.istio.io/productpage-ztunnel created');
		const out = await runCommand(
			opened.page,
			'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage'
		);
		expect(out).toContain('command terminated with exit code 56');
		await opened.page.screenshot({ path: 'screenshots/ambient-l4-deny.png' });
	});

	it('logged no console errors', () => {
		expect(opened.errors).toEqual([]);
	});
});
