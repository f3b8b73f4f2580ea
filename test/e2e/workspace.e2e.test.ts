/**
 * The workspace a learner uses: panes that resize from the keyboard, themes that stick, Tab
 * completion and history that survive a reload, the YAML editor's Apply and Diff, and the browser
 * tab showing Bookinfo through `kubectl port-forward`. Screenshots go to screenshots/.
 */
import { mkdirSync } from 'node:fs';
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
	until,
	waitForPrompt,
	type OpenedPage
} from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');

async function typeInTerminal(page: Page, keys: string): Promise<void> {
	await page.locator('.xterm-helper-textarea').focus();
	await page.keyboard.type(keys);
}

/** Replaces the editor's text by pasting it, as a learner would (typing would auto-indent). */
async function setEditorText(page: Page, text: string): Promise<void> {
	await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
	await openEditor(page);
	await page.locator('[data-testid="monaco"] .monaco-editor .view-lines').first().click();
	await page.evaluate((t) => navigator.clipboard.writeText(t), text);
	await page.keyboard.press('Control+A');
	await page.keyboard.press('Control+V');
	await until('the pasted text', async () => {
		const shown = (
			await page.locator('[data-testid="monaco"] .view-lines').first().innerText()
		).replace(/\u00a0/g, ' ');
		return shown.trim() === text.trim();
	});
}

describe('workspace at 1280x720', () => {
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

	it('lays out lesson, terminal, editor and views with keyboard splitters', async () => {
		const { page } = opened;
		// At 1280 px: lesson | terminal over the views; the editor opens beside the views.
		const splitters = page.getByRole('separator');
		expect(await splitters.count()).toBe(2);
		await openEditor(page);
		expect(await splitters.count()).toBe(2);
		const lesson = page.getByRole('separator', { name: 'Resize the lesson pane' });
		const before = Number(await lesson.getAttribute('aria-valuenow'));
		const width = async () => (await page.locator('#pane-lesson').boundingBox())?.width ?? 0;
		const w0 = await width();
		await lesson.focus();
		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('ArrowRight');
		expect(Number(await lesson.getAttribute('aria-valuenow'))).toBe(before + 32);
		expect(Math.round((await width()) - w0)).toBe(32);
		await page.keyboard.press('Home');
		expect(await lesson.getAttribute('aria-valuenow')).toBe('160');
		await page.keyboard.press('ArrowRight');
		for (const name of ['Terminal', 'Editor', 'Cluster views', 'Lesson'])
			expect(await page.getByRole('region', { name }).first().isVisible()).toBe(true);
	});

	it('completes kubectl verbs, kinds and live names with Tab', async () => {
		const { page } = opened;
		await waitForPrompt(page);
		await typeInTerminal(page, 'kubectl ge');
		await page.keyboard.press('Tab');
		await page.keyboard.type('deploy');
		await page.keyboard.press('Tab');
		await page.keyboard.type('product');
		await page.keyboard.press('Tab');
		await until('the completed line', async () =>
			(await terminalText(page)).includes('$ kubectl get deployments productpage-v1')
		);
		await page.keyboard.press('Enter');
		await waitForPrompt(page);
		expect(await terminalText(page)).toMatch(/productpage-v1\s+1\/1\s+1\s+1/);
	});

	it('applies the editor buffer with kubectl apply -f - and diffs it against the live object', async () => {
		const { page } = opened;
		await setEditorText(
			page,
			'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-editor\n  namespace: default\ndata:\n  color: blue\n'
		);
		await page.getByRole('button', { name: 'Apply' }).click();
		const output = page.getByTestId('editor-output');
		await until('apply output', async () => (await output.textContent()) !== null);
		await expect(output.textContent()).resolves.toBe('configmap/from-editor created\n');
		expect(
			await runCommand(page, 'kubectl get configmap from-editor -o jsonpath={.data.color}')
		).toBe('blue');

		// Change the buffer, then compare it with what the cluster has.
		await setEditorText(
			page,
			'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-editor\n  namespace: default\ndata:\n  color: green\n'
		);
		await page.getByRole('button', { name: 'Diff with live' }).click();
		await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 15_000 });
		await until(
			'diff decorations',
			async () =>
				(await page
					.locator('.monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert')
					.count()) > 0
		);
		await page.screenshot({ path: resolve(OUT, 'workspace-editor-diff-1280x720.png') });
		await page.getByRole('button', { name: 'Close diff' }).click();
	});

	it('flags schema errors in the editor', async () => {
		const { page } = opened;
		await setEditorText(
			page,
			'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: two\n'
		);
		await until(
			'a validation marker',
			async () =>
				(await page
					.locator(
						'[data-testid="monaco"] .squiggly-warning, [data-testid="monaco"] .squiggly-error'
					)
					.count()) > 0
		);
	});

	it('opens a clicked resource name from the terminal in the editor, read-only', async () => {
		const { page } = opened;
		await runCommand(page, 'kubectl get svc');
		const box = await page.locator('.xterm-screen').boundingBox();
		if (!box) throw new Error('no terminal screen');
		// Find the row of "productpage" in the screen text and click its first cell. xterm paints
		// its rows on an animation frame: wait for the output to be on screen.
		const screenRows = async () =>
			(await page.evaluate(() => {
				const rows = [...document.querySelectorAll('.xterm-rows > div')];
				return rows.map((r) => r.textContent ?? '');
			})) as string[];
		await expect
			.poll(async () => (await screenRows()).findIndex((l) => l.startsWith('productpage ')))
			.toBeGreaterThanOrEqual(0);
		const lines = await screenRows();
		const rowIndex = lines.findIndex((l) => l.startsWith('productpage '));
		expect(rowIndex).toBeGreaterThanOrEqual(0);
		const rowHeight = box.height / lines.length;
		await page.mouse.move(box.x + 20, box.y + rowHeight * (rowIndex + 0.5));
		await page.mouse.click(box.x + 20, box.y + rowHeight * (rowIndex + 0.5));
		await until(
			'the opened object',
			async () =>
				((await page.getByTestId('editor-output').textContent()) ?? '').length > 0 &&
				(await page.getByText('read-only').isVisible())
		);
		const shown = (await page.locator('.view-lines').first().textContent()) ?? '';
		expect(shown.replace(/\u00a0/g, ' ')).toContain('kind: Service');
	});

	it('kubectl edit opens the object in the Editor pane; Save applies it, Close cancels', async () => {
		const { page } = opened;
		await runCommand(page, 'kubectl create configmap edit-me --from-literal=color=red');
		await typeInTerminal(page, 'kubectl edit cm edit-me\r');
		const label = page.getByTestId('editor-file');
		await label.waitFor({ timeout: 15_000 });
		expect(await label.textContent()).toMatch(
			/^vi in the terminal is editing \/tmp\/kubectl-edit-\d+\.yaml$/
		);
		const lines = page.locator('[data-testid="monaco"] .view-lines').first();
		await until('the hint in the terminal', async () =>
			(await terminalText(page)).includes('vi: editing /tmp/kubectl-edit-')
		);
		await until('the object in the editor', async () =>
			(await lines.innerText()).replace(/\u00a0/g, ' ').includes('# Please edit the object below.')
		);
		await page.screenshot({ path: resolve(OUT, 'workspace-kubectl-edit-1280x720.png') });
		// Change the value as a learner would: select the word, type over it, Save.
		await lines.getByText('red', { exact: true }).dblclick();
		await page.keyboard.type('green');
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await until('kubectl edit to finish', async () =>
			(await terminalText(page)).includes('configmap/edit-me edited')
		);
		expect(await runCommand(page, 'kubectl get cm edit-me -o yaml | grep color:')).toBe(
			'  color: green'
		);
		// The pane shows again what it showed before: the Service opened read-only.
		await expect(label.count()).resolves.toBe(0);
		expect(await page.getByText('read-only').isVisible()).toBe(true);
		expect((await lines.innerText()).replace(/\u00a0/g, ' ')).toContain('kind: Service');

		await typeInTerminal(page, 'kubectl edit cm edit-me\r');
		await label.waitFor({ timeout: 15_000 });
		await page.getByRole('button', { name: 'Close', exact: true }).click();
		await until('the cancelled edit', async () =>
			(await terminalText(page)).includes('Edit cancelled, no changes made.')
		);
	});

	it('shows Bookinfo through kubectl port-forward in the browser tab', async () => {
		const { page } = opened;
		await page.getByRole('tab', { name: 'Browser' }).click();
		await page.getByTestId('browser-address').fill('http://localhost:9080/productpage');
		await page.getByTestId('browser-address').press('Enter');
		const error = page.getByTestId('browser-error');
		await error.waitFor();
		expect(await error.textContent()).toContain('localhost refused to connect.');
		expect(await error.textContent()).toContain('ERR_CONNECTION_REFUSED');

		await waitForPrompt(page);
		await typeInTerminal(page, 'kubectl port-forward svc/productpage 9080:9080\r');
		await until('the forward', async () =>
			(await terminalText(page)).includes('Forwarding from [::1]:9080 -> 9080')
		);
		await page.getByRole('button', { name: 'Reload' }).click();
		const frame = page.frameLocator('[data-testid="browser-frame"]');
		await frame.locator('text=The Comedy of Errors').first().waitFor({ timeout: 30_000 });
		await until('Handling connection', async () =>
			(await terminalText(page)).includes('Handling connection for 9080')
		);
		await page.screenshot({ path: resolve(OUT, 'workspace-browser-productpage-1280x720.png') });
		// The reviews, with stars when reviews v2 or v3 answered (glyphicons drawn by the stand-in CSS).
		await frame.locator('text=Reviewer1').first().scrollIntoViewIfNeeded();
		// A pod's page is untrusted: the frame may not run scripts (docs/security.md).
		expect(await page.getByTestId('browser-frame').getAttribute('sandbox')).toBe(
			'allow-same-origin'
		);
		await page
			.getByTestId('browser-frame')
			.screenshot({ path: resolve(OUT, 'workspace-browser-reviews.png') });
		// Ctrl-C ends the forward; the page is then unreachable again.
		await page.locator('.xterm-helper-textarea').focus();
		await page.keyboard.press('Control+C');
		await waitForPrompt(page);
		await page.getByRole('button', { name: 'Reload' }).click();
		await error.waitFor();
	});

	it('logged no console errors', () => {
		expect(opened.errors).toEqual([]);
	});
});

describe('workspace across reloads and sizes', () => {
	let browser: Browser;

	beforeAll(async () => {
		browser = await connectChromium();
	});

	afterAll(async () => {
		await browser?.close();
	});

	it('keeps the theme and the shell history after a reload', async () => {
		const opened = await openPlayground(browser, inject('baseURL'));
		try {
			const { page } = opened;
			await waitForPrompt(page);
			await page.getByRole('button', { name: 'Switch to light theme' }).click();
			await runCommand(page, 'echo remembered-line');
			await page.reload();
			await waitForPrompt(page);
			expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
			await page.locator('.xterm-helper-textarea').focus();
			await page.keyboard.press('ArrowUp');
			await until('the recalled line', async () =>
				(await terminalText(page)).split('\n').at(-1)!.includes('echo remembered-line')
			);
			await page.screenshot({ path: resolve(OUT, 'workspace-light-1280x720.png') });
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	});

	it('fits 800x600: one pane at a time over the terminal, editor closed, nothing overflows', async () => {
		const opened = await openPlayground(browser, inject('baseURL'), { width: 800, height: 600 });
		try {
			const { page } = opened;
			await waitForPrompt(page);
			const overflow = await page.evaluate(() => ({
				x: document.documentElement.scrollWidth - window.innerWidth,
				y: document.documentElement.scrollHeight - window.innerHeight
			}));
			expect(overflow).toEqual({ x: 0, y: 0 });
			for (const name of ['Terminal', 'Lesson'])
				expect(await page.getByRole('region', { name }).first().isVisible()).toBe(true);
			expect(await page.getByRole('region', { name: 'Cluster views' }).isVisible()).toBe(false);
			const toggle = page.locator('button[aria-controls="pane-editor-body"]');
			expect(await toggle.getAttribute('aria-expanded')).toBe('false');
			await page.screenshot({ path: resolve(OUT, 'workspace-800x600.png') });
			await showPane(page, 'Cluster views');
			expect(await page.getByRole('region', { name: 'Cluster views' }).isVisible()).toBe(true);
			expect(await page.getByRole('region', { name: 'Lesson' }).isVisible()).toBe(false);
			await openEditor(page);
			await page.screenshot({ path: resolve(OUT, 'workspace-800x600-editor.png') });
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	});
});
