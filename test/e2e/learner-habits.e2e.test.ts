/**
 * Habits a learner brings (issue 16): Ctrl+V pastes in the terminal, Ctrl-R finds an old
 * command, the YAML editor says how to leave it and Esc then Tab does, and `kubectl exec` finds
 * the programs the image really has. Then, with a waypoint and an L7 policy, the views say true
 * things: the Cost view counts no sidecars, Traces tags productpage's own calls "waypoint", the
 * topology labels every edge into the waypoint alike and counts a 403 where it was refused.
 * Checked on the built page in Chromium; topology screenshots per theme go to screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import { setUpWaypointWith403 } from './waypoint-scene.ts';
import {
	openEditor,
	openPlayground,
	runCommand,
	terminalText,
	until,
	waitForPrompt,
	type OpenedPage
} from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');

async function showTab(page: Page, name: string): Promise<void> {
	await page.getByRole('tab', { name }).click();
	await page.getByRole('tabpanel', { name }).waitFor();
}

/** Puts `text` on the system clipboard, as copying it from a web page would. */
async function copy(page: Page, text: string): Promise<void> {
	await page.evaluate((t) => navigator.clipboard.writeText(t), text);
}

/** The lines of the terminal after the last one that starts with `$ ` + `command`. */
async function outputOf(page: Page, command: string): Promise<string[]> {
	const lines = (await terminalText(page)).split('\n');
	const at = lines.findLastIndex((l) => l === `$ ${command}`);
	return at < 0 ? [] : lines.slice(at + 1);
}

describe('habits a learner brings', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
		opened = await openPlayground(browser, inject('baseURL'));
		await opened.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
		await waitForPrompt(opened.page);
	});

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('Ctrl+V and Ctrl+Shift+V paste into the terminal', async () => {
		const { page } = opened;
		await page.locator('.xterm-helper-textarea').focus();
		await copy(page, 'echo pasted-with-ctrl-v');
		await page.keyboard.press('Control+V');
		await page.keyboard.press('Enter');
		await waitForPrompt(page);
		expect(await outputOf(page, 'echo pasted-with-ctrl-v')).toEqual(['pasted-with-ctrl-v', '$']);

		await copy(page, 'echo pasted-with-ctrl-shift-v');
		await page.keyboard.press('Control+Shift+V');
		await page.keyboard.press('Enter');
		await waitForPrompt(page);
		expect(await outputOf(page, 'echo pasted-with-ctrl-shift-v')).toEqual([
			'pasted-with-ctrl-shift-v',
			'$'
		]);
	});

	it('Ctrl-R finds an earlier command and Enter runs it; !! runs the last one', async () => {
		const { page } = opened;
		await runCommand(page, 'echo from-history');
		await runCommand(page, 'echo something-else');
		await page.locator('.xterm-helper-textarea').focus();
		await page.keyboard.press('Control+R');
		await page.keyboard.type('from-h');
		await until('the search prompt', async () =>
			(await terminalText(page)).endsWith("(reverse-i-search)`from-h': echo from-history")
		);
		await page.screenshot({ path: resolve(OUT, 'terminal-reverse-search.png') });
		await page.keyboard.press('Enter');
		await waitForPrompt(page);
		expect(await outputOf(page, 'echo from-history')).toEqual(['from-history', '$']);

		const out = await runCommand(page, '!!');
		expect(out).toBe('echo from-history\nfrom-history');
	});

	it('the editor says how to leave it, and Esc then Tab does', async () => {
		const { page } = opened;
		// The editor opens on demand (layout.svelte.ts).
		await openEditor(page);
		const hint = page.getByTestId('editor-keys');
		expect(await hint.isVisible()).toBe(true);
		expect((await hint.innerText()).replace(/\s+/g, ' ')).toContain(
			'Esc then Tab leaves the editor'
		);
		await page.locator('[data-testid="monaco"] .view-lines').first().click();
		const inEditor = () =>
			page.evaluate(() => document.activeElement?.closest('[data-testid="monaco"]') !== null);
		expect(await inEditor()).toBe(true);
		// Tab alone indents and stays.
		await page.keyboard.press('Tab');
		expect(await inEditor()).toBe(true);
		await page.keyboard.press('Control+Z');
		await page.keyboard.press('Escape');
		await page.keyboard.press('Tab');
		expect(await inEditor()).toBe(false);
		await page.screenshot({ path: resolve(OUT, 'editor-keys-hint.png') });
	});

	it('kubectl exec runs the image’s own echo, cat and env', async () => {
		const { page } = opened;
		expect(await runCommand(page, 'kubectl exec deploy/curl -- echo hi')).toBe('hi');
		const hostname = await runCommand(page, 'kubectl exec deploy/curl -- cat /etc/hostname');
		expect(hostname).toMatch(/^curl-[a-z0-9]+-[a-z0-9]{5}$/);
		const env = await runCommand(page, 'kubectl exec deploy/curl -- env');
		expect(env).toMatch(/^HOSTNAME=curl-/m);
		expect(env).toMatch(/^PRODUCTPAGE_SERVICE_HOST=10\.96\.\d+\.\d+$/m);
	});

	it('logged no console errors', () => {
		expect(opened.errors).toEqual([]);
	});
});

/** Lets curl's requests to productpage through the waypoint only from the ingress gateway. */

describe('views through a waypoint', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
		opened = await openPlayground(browser, inject('baseURL'));
		const { page } = opened;
		await waitForPrompt(page);
		await setUpWaypointWith403(page);
	}, 240_000);

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('the Cost view counts no sidecars: ztunnels and the waypoint are not sidecars', async () => {
		const { page } = opened;
		await showTab(page, 'Cost');
		const panel = page.getByRole('tabpanel', { name: 'Cost' });
		const running = (await panel.getByText(/^\s*Running now:/).innerText()).replace(/\s+/g, ' ');
		expect(running).toMatch(/^Running now: 0 sidecars, \d+ ztunnels, 1 waypoint pod/);
		const source = (await panel.innerText()).replace(/\s+/g, ' ');
		expect(source).toContain('What Istio Ambient Mesh means for your wallet');
		expect(source).not.toMatch(/reference\/|istio-ambient\.md/);
	});

	it('Traces tags productpage’s calls to details and reviews "waypoint"', async () => {
		const { page } = opened;
		await showTab(page, 'Traces');
		const panel = page.getByRole('tabpanel', { name: 'Traces' });
		await until('productpage’s calls in the list', async () =>
			(await panel.innerText()).includes('details.default.svc.cluster.local')
		);
		const rows = await panel
			.locator('li button')
			.evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
		const children = rows.filter((r) =>
			/productpage-v1-\S+ → (details|reviews)\.default\.svc\.cluster\.local/.test(r)
		);
		expect(children.length).toBeGreaterThanOrEqual(2);
		for (const r of children) expect(r).toMatch(/\b1 hop · [\d.]+ ms · mTLS · waypoint$/);
		await page.screenshot({ path: resolve(OUT, 'traces-waypoint-children.png') });
	});

	it('the topology: one label for edges into the waypoint, the 403 on curl → waypoint', async () => {
		const { page } = opened;
		await showTab(page, 'Topology');
		const edges = page.locator('g.edge');
		await edges.first().waitFor({ timeout: 15_000 });
		const all = await edges.evaluateAll((els) =>
			els.map((e) => ({
				id: e.getAttribute('data-edge') ?? '',
				label: e.getAttribute('aria-label') ?? ''
			}))
		);
		const intoWaypoint = all.filter((e) => /->.*waypoint-/.test(e.id));
		// curl's request and productpage's two calls all go into the waypoint.
		expect(intoWaypoint.length).toBeGreaterThanOrEqual(2);
		expect(
			intoWaypoint.map((e) =>
				e.label
					.replace(/^\S+ → \S+: /, '')
					.split(/[;(]/)[0]
					?.trim()
			)
		).toEqual(
			intoWaypoint.map(() => expect.stringMatching(/^(L7 via waypoint|denied by policy)$/))
		);
		const curlToWaypoint = all.find((e) => /curl-.*->.*waypoint-/.test(e.id));
		expect(curlToWaypoint?.label).toMatch(/\b1 denied\b/);
		const waypointToProductpage = all.find((e) => /waypoint-.*->.*productpage-/.test(e.id));
		expect(waypointToProductpage?.label ?? '').not.toMatch(/denied/);
		// No lock, "L7" or cross covers a pod's box or a frame's title.
		const covered = await page.evaluate(() => {
			const rect = (e: Element) => e.getBoundingClientRect();
			// One pixel of slack: the disc's stroke may touch a box it sits beside.
			const hit = (a: DOMRect, b: DOMRect) =>
				a.left + 1 < b.right &&
				b.left + 1 < a.right &&
				a.top + 1 < b.bottom &&
				b.top + 1 < a.bottom;
			const names = [
				...document.querySelectorAll('g.item[data-item] .hit'),
				...document.querySelectorAll('svg text.label')
			].map(rect);
			return [...document.querySelectorAll('g.edge .edge-label .plate')].filter((b) =>
				names.some((n) => hit(rect(b), n))
			).length;
		});
		expect(covered).toBe(0);
		for (const theme of ['dark', 'light'] as const) {
			const toggle = page.getByRole('button', { name: /^Switch to (light|dark) theme$/ });
			if ((await page.evaluate(() => document.documentElement.dataset['theme'])) !== theme)
				await toggle.click();
			await page.waitForTimeout(600); // colours ease over 400 ms
			await page.screenshot({ path: resolve(OUT, `topology-waypoint-${theme}.png`) });
			await page
				.locator('svg[aria-label^="Topology:"]')
				.screenshot({ path: resolve(OUT, `topology-waypoint-${theme}-graph.png`) });
		}
	});

	it('logged no console errors', () => {
		expect(opened.errors).toEqual([]);
	});
});
