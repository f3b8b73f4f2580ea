/**
 * NetworkPolicy and tcpdump in Chromium, on the worker runtime the page runs: a deny policy makes
 * curl time out (exit 28) and deleting it lets traffic through again; tcpdump in a netshoot debug
 * container prints the pod's packets, read from the capture journal the main thread gathers from
 * the pod workers. Screenshot: screenshots/netpol-tcpdump.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import {
	openPlayground,
	poll,
	runCommand,
	waitForPrompt,
	type OpenedPage
} from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');
const DENY_DETAILS = JSON.stringify({
	apiVersion: 'networking.k8s.io/v1',
	kind: 'NetworkPolicy',
	metadata: { name: 'deny-details' },
	spec: { podSelector: { matchLabels: { app: 'details' } }, policyTypes: ['Ingress'] }
});
const CURL =
	'kubectl exec deploy/curl -- curl -sS --max-time 1 -o /dev/null -w "%{http_code}\\n" http://details:9080/details/0';

describe('NetworkPolicy and tcpdump, in the page', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
		opened = await openPlayground(browser, inject('baseURL'));
		await waitForPrompt(opened.page);
		await runCommand(
			opened.page,
			'kubectl wait --for=condition=Ready pod --all --timeout=90s',
			120_000
		);
	}, 180_000);

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('a deny policy drops connections (curl times out), deleting it lets them through', async () => {
		const { page } = opened;
		expect(await runCommand(page, `echo '${DENY_DETAILS}' | kubectl apply -f -`)).toBe(
			'networkpolicy.networking.k8s.io/deny-details created'
		);
		const denied = await runCommand(page, CURL);
		expect(denied).toContain('curl: (28) Failed to connect to details port 9080 after 1000 ms');
		expect(denied).toContain('command terminated with exit code 28');
		await runCommand(page, 'kubectl delete networkpolicy deny-details');
		expect(await runCommand(page, CURL)).toBe('200');
	}, 60_000);

	it('tcpdump in a debug container prints the packets the pod sent and received', async () => {
		const { page } = opened;
		const pod = "$(kubectl get pods -l app=details -o jsonpath='{.items[0].metadata.name}')";
		await runCommand(
			page,
			`kubectl debug ${pod} -c sniff --image=nicolaka/netshoot -- tcpdump -n -c 4 -i eth0 port 9080`
		);
		await poll('the capture to start', 30_000, async () =>
			(await runCommand(page, `kubectl logs ${pod} -c sniff`)).includes('listening on eth0')
				? true
				: undefined
		);
		expect(await runCommand(page, CURL)).toBe('200');
		const log = await poll('4 packets captured', 30_000, async () => {
			const text = await runCommand(page, `kubectl logs ${pod} -c sniff`);
			return text.includes('4 packets captured') ? text : undefined;
		});
		expect(log).toMatch(
			/^\d\d:\d\d:\d\d\.\d{6} IP 10\.244\.\d+\.\d+\.\d+ > 10\.244\.\d+\.\d+\.9080: Flags \[S\], seq \d+, win 64240, length 0$/m
		);
		expect(log).toMatch(/Flags \[P\.\], seq 1:86, ack 1, win 502, length 85$/m);
		await page.screenshot({ path: resolve(OUT, 'netpol-tcpdump.png') });
	}, 90_000);
});
