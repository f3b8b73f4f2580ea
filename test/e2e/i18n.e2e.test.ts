/**
 * The page in German, as a learner meets it: `/?lang=de` shows the German UI and lesson 01 in
 * German (its steps, checks and recap come from lesson.de.md), the terminal still speaks
 * kubectl's English, the first step passes, and switching to English in the header keeps the
 * progress and the cluster: the same lesson, at the same step, now in English. A reload keeps
 * the choice. Screenshots of both languages go to screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import { openPlayground, runCommand, waitForPrompt, type OpenedPage } from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');

async function checklistPassed(page: Page): Promise<void> {
	await page.waitForFunction(
		() => {
			const items = [...document.querySelectorAll('ul.checklist > li[data-passed]')];
			return items.length > 0 && items.every((li) => li.getAttribute('data-passed') === 'true');
		},
		undefined,
		{ timeout: 30_000 }
	);
}

const htmlLang = (page: Page): Promise<string> =>
	page.evaluate(() => document.documentElement.lang);

describe('the page in German', () => {
	let browser: Browser;
	let opened: OpenedPage;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
		opened = await openPlayground(browser, new URL('/?lang=de', inject('baseURL')).href);
		await waitForPrompt(opened.page, 60_000);
	});

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('shows the German UI for ?lang=de', async () => {
		const { page } = opened;
		expect(await htmlLang(page)).toBe('de');
		await page.getByText('Istio im Ambient-Modus, direkt in deinem Browser-Tab').waitFor();
		expect(await page.getByTestId('language').inputValue()).toBe('de');
		for (const tab of ['Topologie', 'Traces', 'Mitschnitt', 'Schritt', 'Kosten'])
			await page.getByRole('tab', { name: tab, exact: true }).waitFor();
		await page.getByText('Wähle eine Lektion, oder bleib in der Sandbox').waitFor();
		// The lesson list names lesson 01 in German; untranslated lessons stay in English.
		const lesson01 = page.locator('button[data-lesson="meet-the-cluster"]');
		expect(await lesson01.locator('.title').textContent()).toBe('Der Cluster stellt sich vor');
		expect(await lesson01.locator('.meta').textContent()).toBe('Einstieg · 8 Min.');
		expect(await page.locator('button[data-lesson="join-the-mesh"] .title').textContent()).toMatch(
			/^Join the mesh/
		);
		await page.screenshot({ path: resolve(OUT, 'i18n-de-picker-1280x720.png') });
		// The longer German labels still fit a narrow window's header.
		await page.setViewportSize({ width: 800, height: 600 });
		await page.waitForTimeout(300);
		const header = await page.locator('header.app-header').evaluate((h) => ({
			scroll: h.scrollWidth,
			client: h.clientWidth,
			title: h.querySelector('h1')!.getBoundingClientRect().right,
			actions: h.querySelector('.actions')!.getBoundingClientRect().left
		}));
		expect(header.scroll).toBeLessThanOrEqual(header.client);
		expect(header.title).toBeLessThanOrEqual(header.actions);
		await page.screenshot({ path: resolve(OUT, 'i18n-de-picker-800x600.png') });
		await page.setViewportSize({ width: 1280, height: 720 });
	});

	it('opens lesson 01 in German and passes its first step; the terminal stays English', async () => {
		const { page } = opened;
		await page.locator('button[data-lesson="meet-the-cluster"]').click();
		await page.getByRole('heading', { name: 'Schritt 1: Die Pods auflisten' }).waitFor({
			timeout: 60_000
		});
		await page.locator('.lesson p.busy').waitFor({ state: 'detached', timeout: 60_000 });
		await page.getByText('Das ist ein kleiner Kubernetes-Cluster mit zwei Worker-Nodes.').waitFor();
		await page.getByRole('button', { name: 'Prüfen', exact: true }).waitFor();
		await page.getByRole('button', { name: 'Lösen …' }).waitFor();
		await waitForPrompt(page, 60_000);

		const out = await runCommand(page, 'kubectl get pods -o wide');
		expect(out).toMatch(/^NAME\s+READY\s+STATUS/);
		await checklistPassed(page);
		expect(await page.locator('ul.checklist').getAttribute('aria-label')).toBe('Checkliste');
		await page.getByText('Du hast die Pods mit ihren IPs und Nodes aufgelistet').waitFor();
		await page.getByText('Gut gemacht!').waitFor();
		await page.getByRole('button', { name: 'Nächster Schritt →' }).waitFor();
		await page.screenshot({ path: resolve(OUT, 'i18n-de-lesson-1280x720.png') });
	});

	it('switches to English in the header, keeping the lesson, its progress and the cluster', async () => {
		const { page } = opened;
		await page.getByTestId('language').selectOption('en');
		expect(await htmlLang(page)).toBe('en');
		await page.getByRole('heading', { name: 'Step 1: List the pods' }).waitFor();
		await page.getByText('Istio ambient mode, running in your browser tab').waitFor();
		await page.getByRole('tab', { name: 'Capture', exact: true }).waitFor();
		// Still passed: the step's check re-evaluated on the same cluster, named in English.
		await page.getByText('You listed the pods with their IPs and nodes').waitFor();
		await checklistPassed(page);
		await page.getByRole('button', { name: /^Step 1: List the pods \(solved\)$/ }).waitFor();
		await page.getByRole('button', { name: 'Next step →' }).waitFor();
		expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
		await page.screenshot({ path: resolve(OUT, 'i18n-en-after-switch-1280x720.png') });
	});

	it('keeps the choice and the progress across a reload', async () => {
		const { page } = opened;
		await page.reload();
		await waitForPrompt(page, 60_000);
		expect(await htmlLang(page)).toBe('en');
		expect(await page.getByTestId('language').inputValue()).toBe('en');
		await page
			.getByRole('button', { name: /^Step 1: List the pods \(solved\)$/ })
			.waitFor({ timeout: 60_000 });
		// German again, from the stored choice once the address no longer says ?lang=.
		await page.getByTestId('language').selectOption('de');
		await page
			.getByRole('button', { name: /^Schritt 1: Die Pods auflisten \(gelöst\)$/ })
			.waitFor();
		await page.goto(new URL('/', inject('baseURL')).href);
		await waitForPrompt(page, 60_000);
		expect(await htmlLang(page)).toBe('de');
		await page.locator('button[data-lesson="meet-the-cluster"] .dot.solved').waitFor();
	});
});

describe('an embed with lang="de"', () => {
	let browser: Browser;

	beforeAll(async () => {
		browser = await connectChromium();
	});
	afterAll(async () => {
		await browser?.close();
	});

	it('shows its poster, with the German lesson, in German; without lang it follows the browser', async () => {
		const base = inject('baseURL');
		const de = await openPlayground(
			browser,
			new URL('/embed.html?lesson=meet-the-cluster&lang=de', base).href
		);
		try {
			await de.page.getByRole('heading', { name: 'Der Cluster stellt sich vor' }).waitFor();
			await de.page.getByRole('heading', { name: 'Die Pods auflisten' }).waitFor();
			await de.page.getByRole('button', { name: 'Starten' }).waitFor();
			expect(await htmlLang(de.page)).toBe('de');
			await de.page.screenshot({ path: resolve(OUT, 'i18n-de-embed-poster.png') });
		} finally {
			await de.close();
		}
		const en = await openPlayground(
			browser,
			new URL('/embed.html?lesson=meet-the-cluster', base).href
		);
		try {
			await en.page.getByRole('heading', { name: 'Meet the cluster' }).waitFor();
			await en.page.getByRole('button', { name: 'Start', exact: true }).waitFor();
		} finally {
			await en.close();
		}
	});
});
