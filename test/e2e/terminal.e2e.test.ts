/**
 * A learner's first minute: the page boots, the terminal answers real kubectl, and a request
 * goes through Bookinfo. Fails on any console error along the way.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { openPlayground, runCommand, waitForPrompt, type OpenedPage } from './playground-page.ts';

describe('terminal', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		browser = await launchChromium();
		opened = await openPlayground(browser, inject('baseURL'));
		await waitForPrompt(opened.page);
	});

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('lists the worker nodes as Ready', async () => {
		const out = await runCommand(opened.page, 'kubectl get nodes');
		expect(out).toMatch(/^NAME\s+STATUS/m);
		expect(out).toMatch(/^ambient-worker\s+Ready\b/m);
	});

	it('curls productpage from the curl pod', async () => {
		const out = await runCommand(
			opened.page,
			'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"'
		);
		expect(out.trim()).toBe('<title>Simple Bookstore App</title>');
	});

	it('shows productpage pods with IPs in a wide listing', async () => {
		const out = await runCommand(opened.page, 'kubectl get pods -A -o wide');
		const rows = out.split('\n').filter((l) => /\bproductpage-v1-/.test(l));
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) expect(row).toMatch(/\b\d{1,3}(\.\d{1,3}){3}\b/);
	});

	it('logged no console errors', () => {
		expect(opened.errors).toEqual([]);
	});
});
