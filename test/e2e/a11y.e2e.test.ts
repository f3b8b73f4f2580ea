/**
 * The UI issue's quality bars in Chromium: axe-core finds no serious or critical violation on any
 * view (both themes, every visual tab, the editor, the lesson picker and an open lesson) at
 * 1280x720 and 800x600; a session that installs Istio, enrols `default`, curls and visits every
 * tab logs no console or page error; and one keyboard-only path works end to end.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import {
	openEditor,
	openPlayground,
	runCommand,
	showPane,
	terminalText,
	waitForPrompt,
	type OpenedPage
} from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const CURL = 'kubectl exec deploy/curl -- curl -s -o /dev/null http://productpage:9080/productpage';
const VIEWPORTS = [
	{ width: 1280, height: 720 },
	{ width: 800, height: 600 }
] as const;

interface Violation {
	readonly id: string;
	readonly impact: string | null;
	readonly help: string;
	readonly nodes: readonly { readonly target: unknown; readonly failureSummary?: string }[];
}

/** Runs axe over the whole page; returns the serious and critical violations, one line per node. */
async function seriousViolations(page: Page): Promise<string[]> {
	if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
	const violations = (await page.evaluate(`axe
		.run(document, { resultTypes: ['violations'] })
		.then((r) => r.violations.map((v) => ({
			id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary }))
		})))`)) as Violation[];
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.flatMap((v) =>
			v.nodes.map(
				(n) =>
					`${v.impact} ${v.id} (${v.help}) at ${JSON.stringify(n.target)}: ` +
					(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300)
			)
		);
}

/** Collects violations per view, so one failure lists every view's problems at once. */
class AxeReport {
	readonly #found: string[] = [];
	async check(page: Page, view: string): Promise<void> {
		for (const v of await seriousViolations(page)) this.#found.push(`[${view}] ${v}`);
	}
	get text(): string {
		return this.#found.join('\n');
	}
}

async function tabNames(page: Page): Promise<string[]> {
	return page
		.getByRole('tablist', { name: 'Cluster views' })
		.getByRole('tab')
		.evaluateAll((tabs) => tabs.map((t) => t.textContent?.trim() ?? ''));
}

async function showTab(page: Page, name: string): Promise<void> {
	await showPane(page, 'Cluster views');
	await page.getByRole('tab', { name, exact: true }).click();
	await page.getByRole('tabpanel', { name, exact: true }).waitFor();
	await page.waitForTimeout(300); // let the view draw (topology layout, capture table)
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
	const now = await page.evaluate(() => document.documentElement.dataset.theme);
	if (now === theme) return;
	await page.getByRole('button', { name: `Switch to ${theme} theme` }).click();
	await page.waitForTimeout(600); // colours ease over 400 ms; axe reads computed colours
}

async function lessonsLoaded(page: Page): Promise<void> {
	await page.locator('button[data-lesson], ul[aria-label="Checklist"]').first().waitFor();
}

describe.each(VIEWPORTS)('accessibility at $width x $height', (viewport) => {
	const size = `${viewport.width}x${viewport.height}`;
	let browser: Browser;
	let opened: OpenedPage;
	const report = new AxeReport();
	const failed: string[] = [];

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
		opened = await openPlayground(browser, inject('baseURL'), viewport);
		// A console 404 names no URL: keep the responses' own, to say which request failed.
		opened.page.on('response', (r) => {
			if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
		});
		await waitForPrompt(opened.page);
	});

	afterAll(async () => {
		await opened?.close();
		await browser?.close();
	});

	it('the booted page and the lesson picker, dark theme', async () => {
		const { page } = opened;
		await lessonsLoaded(page);
		await report.check(page, 'initial, dark');
		await page.screenshot({ path: resolve(OUT, `a11y-initial-${size}.png`) });
	});

	it('runs a session: install Istio, enrol default, curl', async () => {
		const { page } = opened;
		const install = await runCommand(page, 'istioctl install --set profile=ambient -y', 60_000);
		expect(install).toContain('Installation complete');
		await runCommand(page, 'kubectl label namespace default istio.io/dataplane-mode=ambient');
		await runCommand(page, CURL);
	}, 120_000);

	it.each(['dark', 'light'] as const)(
		'every visual tab, %s theme',
		async (theme) => {
			const { page } = opened;
			await setTheme(page, theme);
			await showPane(page, 'Cluster views');
			const names = await tabNames(page);
			expect(names).toEqual(expect.arrayContaining(['Nodes', 'Topology', 'Traces', 'Capture']));
			for (const name of names) {
				await showTab(page, name);
				await report.check(page, `${name} tab, ${theme}`);
				if (name === 'Topology' || name === 'Capture')
					await page.screenshot({ path: resolve(OUT, `a11y-${name}-${theme}-${size}.png`) });
			}
			await page.screenshot({ path: resolve(OUT, `a11y-last-tab-${theme}-${size}.png`) });
		},
		120_000
	);

	it.each(['light', 'dark'] as const)('the editor open, %s theme', async (theme) => {
		const { page } = opened;
		await setTheme(page, theme);
		await openEditor(page);
		await report.check(page, `editor, ${theme}`);
		await page.screenshot({ path: resolve(OUT, `a11y-editor-${theme}-${size}.png`) });
	});

	// One page opened on the lesson for both themes (its own context: the theme it is left in is
	// kept in that context's storage only), booted by whichever theme's test runs first.
	let lesson: Promise<OpenedPage> | undefined;
	const lessonPage = (): Promise<OpenedPage> =>
		(lesson ??= (async () => {
			const opened = await openPlayground(
				browser,
				`${inject('baseURL')}?lesson=join-the-mesh&step=1`,
				viewport
			);
			await waitForPrompt(opened.page, 60_000);
			return opened;
		})());
	afterAll(async () => {
		await (await lesson?.catch(() => undefined))?.close();
	});

	it.each(['dark', 'light'] as const)(
		'an open lesson (03), %s theme',
		async (theme) => {
			const opened = await lessonPage();
			const { page } = opened;
			await setTheme(page, theme);
			await page.locator('ul[aria-label="Checklist"]').waitFor();
			await report.check(page, `lesson 03, ${theme}`);
			await page.screenshot({ path: resolve(OUT, `a11y-lesson-${theme}-${size}.png`) });
			expect(opened.errors).toEqual([]);
		},
		90_000
	);

	it('has no serious or critical axe violations', () => {
		expect(report.text, `axe violations:\n${report.text}`).toBe('');
	});

	it('logged no console errors or page errors', () => {
		expect(opened.errors, `failed requests: ${failed.join(', ')}`).toEqual([]);
	});
});

describe('a keyboard-only path', () => {
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

	/** What has focus: a role and name a test can compare. */
	const focused = (page: Page) =>
		page.evaluate(() => {
			const el = document.activeElement;
			return {
				role: el?.getAttribute('role') ?? el?.tagName.toLowerCase() ?? '',
				name: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '',
				terminal: el?.classList.contains('xterm-helper-textarea') ?? false
			};
		});

	async function tabUntil(
		page: Page,
		what: string,
		done: (f: Awaited<ReturnType<typeof focused>>) => boolean,
		key = 'Tab'
	): Promise<void> {
		const trail: string[] = [];
		for (let i = 0; i < 40; i++) {
			const f = await focused(page);
			if (done(f)) return;
			trail.push(`${f.role}:${f.name.slice(0, 30)}`);
			// Tab indents in the YAML editor; Esc then Tab leaves it, as the hint under it says.
			if (f.name.startsWith('YAML editor')) await page.keyboard.press('Escape');
			await page.keyboard.press(key);
		}
		throw new Error(`${what} was not reached with ${key}; focus went ${trail.join(' → ')}`);
	}

	it('Tab to the terminal, run a command, Esc Tab out to the views, arrows, a splitter', async () => {
		const { page } = opened;
		await openEditor(page);
		// Start in the header (the terminal takes focus on load), as a keyboard user coming back.
		await page.getByRole('button', { name: /^Switch to/ }).focus();
		expect((await focused(page)).terminal).toBe(false);
		await tabUntil(page, 'the terminal', (f) => f.terminal);
		await page.keyboard.type('echo typed-from-the-keyboard');
		await page.keyboard.press('Enter');
		await waitForPrompt(page);
		expect(await terminalText(page)).toMatch(/^typed-from-the-keyboard$/m);

		// Tab completes in the shell, so focus stays; Esc then Tab leaves the terminal.
		await page.keyboard.press('Tab');
		expect((await focused(page)).terminal).toBe(true);
		await page.keyboard.press('Escape');
		await page.keyboard.press('Tab');
		expect((await focused(page)).terminal).toBe(false);
		await tabUntil(page, 'the selected visual tab', (f) => f.role === 'tab');
		const first = await focused(page);
		await page.keyboard.press('ArrowRight');
		const second = await focused(page);
		expect(second.role).toBe('tab');
		expect(second.name).not.toBe(first.name);
		expect(
			await page.getByRole('tab', { name: second.name, exact: true }).getAttribute('aria-selected')
		).toBe('true');
		await page.getByRole('tabpanel', { name: second.name, exact: true }).waitFor();
		await page.keyboard.press('ArrowLeft');
		expect((await focused(page)).name).toBe(first.name);

		// Back (Shift+Tab) to the splitter above the views (under the terminal at 1280 px), and
		// resize them with the arrows.
		await tabUntil(
			page,
			'the views splitter',
			(f) => f.role === 'separator' && f.name === 'Resize the cluster views',
			'Shift+Tab'
		);
		const splitter = page.getByRole('separator', { name: 'Resize the cluster views' });
		const height = async () => (await page.locator('#pane-visual').boundingBox())?.height ?? 0;
		const [v0, h0] = [Number(await splitter.getAttribute('aria-valuenow')), await height()];
		await page.keyboard.press('ArrowUp');
		await page.keyboard.press('ArrowUp');
		expect(Number(await splitter.getAttribute('aria-valuenow'))).toBe(v0 + 8);
		expect(await height()).toBeGreaterThan(h0 + 40);
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('ArrowDown');
		expect(Number(await splitter.getAttribute('aria-valuenow'))).toBe(v0);
		expect(opened.errors).toEqual([]);
	});
});
