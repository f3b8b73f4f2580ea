/**
 * A learner's first minute: the page boots, the terminal answers real kubectl, and a request
 * goes through Bookinfo. Fails on any console error along the way.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import { openPlayground, runCommand, waitForPrompt, type OpenedPage } from './playground-page.ts';

describe('terminal', () => {
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

	it('lists the worker nodes as Ready', async () => {
		// Typed key by key, as a learner does (the other commands arrive in one input event).
		const out = await runCommand(opened.page, 'kubectl get nodes', 30_000, 'type');
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

	it('pipes kubectl JSON through jq, the WebAssembly build loaded from the site', async () => {
		const out = await runCommand(
			opened.page,
			`kubectl get pods -n default -o json | jq -r '.items[] | select(.metadata.labels.app == "productpage") | .status.phase'`
		);
		expect(out.trim().split('\n')).toEqual(['Running']);
		const err = await runCommand(opened.page, `echo '{"a":1}' | jq '.a[' ; echo "exit $?"`);
		expect(err).toContain('jq: 1 compile error');
		expect(err).toContain('exit 3');
	});

	it('stops a jq filter that never ends on Ctrl-C, and the next jq runs', async () => {
		const { page } = opened;
		await waitForPrompt(page);
		await page.locator('.xterm-helper-textarea').focus();
		await page.keyboard.type(`jq -n 'last(range(1e15))'; echo "exit $?"`);
		await page.keyboard.press('Enter');
		// The page stays responsive while jq loops: the terminal still reports itself busy.
		await page.waitForTimeout(500);
		expect(await page.evaluate(() => window.__meshPlayground?.busy())).toBe(true);
		await page.keyboard.press('Control+C');
		const screen = await waitForPrompt(page);
		// As in bash, SIGINT ends the whole line: `echo` never runs.
		expect(screen).toMatch(/last\(range\(1e15\)\)'; echo "exit \$\?"\n\^C\n\$$/);
		expect(await runCommand(page, `jq -n '[1,2] | add'`)).toBe('3');
	});

	it("keeps the hidden input's caret still while the terminal has focus (no frame every 500 ms)", async () => {
		const input = opened.page.locator('.xterm-helper-textarea');
		await input.focus();
		const caret = await input.evaluate((el) => ({
			focused: document.activeElement === el,
			animation: getComputedStyle(el).getPropertyValue('caret-animation')
		}));
		// Chromium blinks a focused textarea's caret unless caret-animation is manual; xterm
		// draws its own cursor, so this one is never seen and only costs the page frames.
		expect(caret).toEqual({ focused: true, animation: 'manual' });
	});

	it("reaches a background kubectl port-forward with the terminal's curl (the docker host's worker calls back)", async () => {
		const { page } = opened;
		const started = await runCommand(page, 'kubectl port-forward svc/productpage 9080:9080 &');
		expect(started).toMatch(/^\[1\] \d+$/m);
		// kubectl's lines may come once the prompt is back: they are drawn above it.
		await expect
			.poll(() => waitForPrompt(page), { timeout: 30_000 })
			.toContain('Forwarding from [::1]:9080 -> 9080');
		const out = await runCommand(
			page,
			'curl -s http://localhost:9080/productpage | grep -o "<title>.*</title>"'
		);
		expect(out).toContain('Handling connection for 9080');
		expect(out).toContain('<title>Simple Bookstore App</title>');
		expect(await runCommand(page, 'kill %1')).toMatch(
			/^\[1\]\+ {2}Terminated {14}kubectl port-forward svc\/productpage 9080:9080$/m
		);
	});

	it('logged no console errors', () => {
		expect(opened.errors).toEqual([]);
	});
});
