/**
 * Habits a learner brings (issue 16): Ctrl+V pastes in the terminal, Ctrl-R finds an old
 * command, the YAML editor says how to leave it and Esc then Tab does, and `kubectl exec` finds
 * the programs the image really has. Checked on the built page in Chromium.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import {
	openPlayground,
	runCommand,
	terminalText,
	waitForPrompt,
	type OpenedPage
} from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');

async function until(what: string, probe: () => Promise<boolean>, ms = 30_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!(await probe())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
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
		browser = await launchChromium();
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
		const editor = page.locator('[data-testid="monaco"] .monaco-editor').first();
		if (!(await editor.isVisible())) {
			await page
				.getByRole('button', { name: /editor/i })
				.first()
				.click();
		}
		await editor.waitFor({ timeout: 30_000 });
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
