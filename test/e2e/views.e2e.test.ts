/**
 * The Topology, Traces and Capture tabs on the built page: HTTP is readable on the wire before
 * enrolment; after `istioctl install` and one label, the curl → productpage edge carries a lock
 * and port 15008 carries ciphertext, as does istiod's 15012 (TLS records, never JSON or PEM). Screenshots of each tab go to screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import {
	openPlayground,
	runCommand,
	showPane,
	waitForPrompt,
	type OpenedPage
} from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');
const CURL = 'kubectl exec deploy/curl -- curl -s -o /dev/null http://productpage:9080/productpage';

async function showTab(page: Page, name: string): Promise<void> {
	await page.getByRole('tab', { name }).click();
	await page.getByRole('tabpanel', { name }).waitFor();
}

async function filterCapture(page: Page, filter: string): Promise<void> {
	const box = page.getByRole('textbox', { name: 'Display filter' });
	await box.fill(filter);
}

describe('mesh views in Chromium', () => {
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

	it('captures plaintext HTTP before Istio is installed', async () => {
		const { page } = opened;
		await runCommand(page, CURL);
		await showTab(page, 'Capture');
		await filterCapture(page, 'http and ip.dst==' + '10.244.2.4');
		// The pod IP depends on scheduling: match any HTTP to port 9080 instead if that one is empty.
		await filterCapture(page, 'http and tcp.dstport==9080 and "GET /productpage"');
		const row = page.locator('tr[data-type="DATA"]').first();
		await row.waitFor({ timeout: 10_000 });
		await row.click();
		const payload = page.locator('[data-payload="plaintext"]');
		await expect(payload.textContent()).resolves.toContain('GET /productpage HTTP/1.1');
		await page.screenshot({ path: resolve(OUT, 'views-capture-plaintext.png') });
	});

	it('shows a locked curl → productpage edge after enrolment', async () => {
		const { page } = opened;
		const install = await runCommand(page, 'istioctl install --set profile=ambient -y', 60_000);
		expect(install).toContain('Installation complete');
		await runCommand(page, 'kubectl label namespace default istio.io/dataplane-mode=ambient');
		await runCommand(page, CURL);
		await showTab(page, 'Topology');
		const edge = page.locator(
			'g.edge[data-state="mtls"][data-edge*="curl-"][data-edge*="productpage-"]'
		);
		await edge.first().waitFor({ timeout: 15_000 });
		await expect(edge.first().getAttribute('aria-label')).resolves.toMatch(
			/^curl → productpage-v1: mTLS \(HBONE\)/
		);
		// Enrolled pods carry the ambient badge; ztunnels sit in every node region.
		await expect(page.locator('g.item[data-mode="ambient"]').count()).resolves.toBeGreaterThan(5);
		await expect(page.locator('g.ztunnel').count()).resolves.toBe(3);
		await edge.first().focus();
		await expect(page.locator('.details').textContent()).resolves.toContain('mTLS (HBONE)');
		await page.screenshot({ path: resolve(OUT, 'views-topology-mtls.png') });
	});

	it('captures ciphertext on port 15008', async () => {
		const { page } = opened;
		await showTab(page, 'Capture');
		await filterCapture(page, 'port==15008 and tcp.len>0');
		const rows = page.locator('tr[data-dport="15008"], tr[data-type="DATA"]');
		await rows.first().waitFor({ timeout: 10_000 });
		const dataRow = page.locator('tr.tls', { hasText: 'application_data' }).first();
		await dataRow.click();
		const hex = page.locator('[data-payload="ciphertext"]');
		await expect(hex.textContent()).resolves.toMatch(/^0000 {2}17 03 03/);
		await expect(page.getByText('not readable on the wire').count()).resolves.toBe(1);
		await page.screenshot({ path: resolve(OUT, 'views-capture-hbone.png') });
	});

	it("captures istiod's port 15012 as TLS records only: no JSON frames, no PEM", async () => {
		const { page } = opened;
		await showTab(page, 'Capture');
		await filterCapture(page, 'port==15012 and tcp.len>0');
		const rows = page.locator('tr[data-type="DATA"]');
		await rows.first().waitFor({ timeout: 10_000 });
		const total = await rows.count();
		expect(total).toBeGreaterThan(3);
		await expect(page.locator('tr[data-type="DATA"].tls').count()).resolves.toBe(total);
		for (const text of await rows.allTextContents()) {
			expect(text).not.toMatch(/BEGIN|"type"|spiffe:/);
		}
		await page.locator('tr.tls', { hasText: 'ClientHello' }).first().click();
		await expect(page.getByText("record on istiod's port 15012").count()).resolves.toBe(1);
		const hello = (await page.locator('[data-payload="ciphertext"]').textContent()) ?? '';
		expect(hello).toMatch(/^0000 {2}16 03 03/);
		await page.locator('tr.tls', { hasText: 'application_data' }).first().click();
		const sealed = (await page.locator('[data-payload="ciphertext"]').textContent()) ?? '';
		expect(sealed).toMatch(/^0000 {2}17 03 03/);
		expect(sealed).not.toContain('BEGIN');
		await page.screenshot({ path: resolve(OUT, 'views-capture-istiod.png') });
	});

	it("opens the edge's trace in the Traces tab: ztunnel hops with identities and certificate", async () => {
		const { page } = opened;
		await showTab(page, 'Topology');
		const edge = page.locator(
			'g.edge[data-state="mtls"][data-edge*="curl-"][data-edge*="productpage-"]'
		);
		await edge.first().focus();
		await page.keyboard.press('Enter');
		const panel = page.getByRole('tabpanel', { name: 'Traces' });
		await panel.waitFor();
		await expect(
			page.getByRole('tab', { name: 'Traces' }).getAttribute('aria-selected')
		).resolves.toBe('true');
		const hops = panel.locator('li.hop');
		await hops.first().waitFor({ timeout: 5_000 });
		const text = (await panel.textContent()) ?? '';
		expect(text).toContain('ztunnel');
		expect(text).toContain('spiffe://cluster.local/ns/default/sa/curl');
		expect(text).toMatch(/SAN: ?spiffe:\/\/cluster\.local\/ns\/default\/sa\/bookinfo-productpage/);
		expect(text).toMatch(/ALLOW/);
		await page.screenshot({ path: resolve(OUT, 'views-traces.png') });
	});

	it('draws the topology in the light theme and at 800x600', async () => {
		const { page } = opened;
		await showTab(page, 'Topology');
		await page.getByRole('button', { name: 'Switch to light theme' }).click();
		await page.locator('g.edge').first().waitFor();
		await page.waitForTimeout(600); // colours ease over 400 ms
		await page.screenshot({ path: resolve(OUT, 'views-topology-light.png') });
		await page.setViewportSize({ width: 800, height: 600 });
		// Narrow: the views are one of the panes above the terminal.
		await showPane(page, 'Cluster views');
		await page.locator('g.edge').first().waitFor();
		await page.screenshot({ path: resolve(OUT, 'views-topology-800x600.png') });
	});

	it('logged no console errors', () => {
		expect(opened.errors).toEqual([]);
	});
});
