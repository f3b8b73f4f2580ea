/**
 * Drives the page the way a learner does (click the terminal, enter a line, press Enter) and reads the
 * screen through `window.__meshPlayground` (src/ui/test-hooks.ts).
 */
import type { Browser, Page } from 'playwright-core';
import type { MeshPlaygroundHooks } from '../../src/ui/test-hooks.ts';

declare global {
	interface Window {
		__meshPlayground?: MeshPlaygroundHooks;
	}
}

export interface OpenedPage {
	readonly page: Page;
	/** Console errors and uncaught page errors seen so far. */
	readonly errors: string[];
	close(): Promise<void>;
}

export async function openPlayground(
	browser: Browser,
	url: string,
	viewport = { width: 1280, height: 720 }
): Promise<OpenedPage> {
	const context = await browser.newContext({ viewport });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(`console: ${m.text()}`);
	});
	page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
	await page.goto(url);
	return { page, errors, close: () => context.close() };
}

/** A shell prompt ends in `$`, `#` or `>` (trailing spaces are trimmed from screen text). */
const PROMPT = /[$#>]$/;

export async function terminalText(page: Page): Promise<string> {
	return page.evaluate(() => window.__meshPlayground?.terminalText() ?? '');
}

/** Probes every 50 ms until `probe` returns a value; throws, naming `what`, after `timeoutMs`. */
export async function poll<T>(
	what: string,
	timeoutMs: number,
	probe: () => Promise<T | undefined>
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const v = await probe();
		if (v !== undefined) return v;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

/** Probes every 100 ms until `probe` says yes; throws, naming `what`, after `ms`. */
export async function until(
	what: string,
	probe: () => Promise<boolean>,
	ms = 30_000
): Promise<void> {
	const deadline = Date.now() + ms;
	while (!(await probe())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** Selects one of the visual pane's tabs (Nodes, Topology, Traces …) and waits for its panel. */
export async function showTab(page: Page, name: string): Promise<void> {
	await page.getByRole('tab', { name }).click();
	await page.getByRole('tabpanel', { name }).waitFor();
}

/** Waits until the shell is attached, idle, and its last line is a prompt. */
export async function waitForPrompt(page: Page, timeoutMs = 30_000): Promise<string> {
	return poll('the shell prompt', timeoutMs, async () => {
		const s = await page.evaluate(() => {
			const h = window.__meshPlayground;
			return h
				? { ready: h.ready(), busy: h.busy(), text: h.terminalText(), err: h.bootError() }
				: undefined;
		});
		if (s?.err) throw new Error(`boot failed: ${s.err}`);
		if (!s?.ready || s.busy) return undefined;
		const last = s.text.split('\n').at(-1) ?? '';
		return PROMPT.test(last) ? s.text : undefined;
	});
}

/**
 * Enters `command` and Enter, waits for the next prompt, and returns what the command printed
 * (the lines between the command line and the new prompt). The line arrives in one input event,
 * as text from an input method or a paste does (typing a 90-character line key by key cost
 * 1.8 s on a loaded machine, 7 ms this way); `keys: 'type'` presses key by key where the typing
 * itself is under test.
 */
export async function runCommand(
	page: Page,
	command: string,
	timeoutMs = 30_000,
	keys: 'insert' | 'type' = 'insert'
): Promise<string> {
	const before = await waitForPrompt(page, timeoutMs);
	await page.locator('.xterm-helper-textarea').focus();
	if (keys === 'type') await page.keyboard.type(command);
	else await page.keyboard.insertText(command);
	await page.keyboard.press('Enter');
	const after = await poll(`output of ${command}`, timeoutMs, async () => {
		const text = await waitForPrompt(page, timeoutMs);
		// Done when the screen grew past the old prompt, echoed the command and shows a new prompt.
		const tail = text.startsWith(before) ? text.slice(before.length) : text;
		return squash(tail).includes(squash(command)) && /\n\$$/.test(tail) ? text : undefined;
	});
	return outputAfterCommand(after, command);
}

const squash = (s: string): string => s.replace(/\s+/g, '');

/**
 * The lines between the last echo of `command` and the final prompt. The echo may span several
 * rows (a long command wraps, and the pty's redraw can leave rows unjoined), so rows after a
 * prompt are gathered until, whitespace ignored, they contain the command.
 */
export function outputAfterCommand(screen: string, command: string): string {
	const lines = screen.split('\n');
	const want = squash(command);
	for (let start = lines.length - 2; start >= 0; start--) {
		if (!lines[start]!.startsWith('$')) continue;
		let echoed = '';
		for (let end = start; end < lines.length - 1; end++) {
			echoed += squash(lines[end]!);
			if (echoed.includes(want)) return lines.slice(end + 1, -1).join('\n');
			if (echoed.length > want.length + 2) break;
		}
	}
	throw new Error(`the command line was not found on screen: ${command}\n${screen}`);
}

/** A narrow window (800x600) shows one pane above the terminal: pick `name`. No-op when wider. */
export async function showPane(
	page: Page,
	name: 'Lesson' | 'Cluster views' | 'Editor'
): Promise<void> {
	const tabs = page.getByRole('tablist', { name: 'Panes' });
	// Just resized: the page may not have switched to tabs yet.
	if ((page.viewportSize()?.width ?? 1280) < 1000) await tabs.waitFor();
	const tab = tabs.getByRole('tab', { name, exact: true });
	if ((await tab.count()) > 0) await tab.click();
}

/** Opens the YAML editor (it opens on demand) and waits for Monaco. */
export async function openEditor(page: Page): Promise<void> {
	await showPane(page, 'Editor');
	const toggle = page.locator('button[aria-controls="pane-editor-body"]');
	if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
	await page.locator('[data-testid="monaco"] .monaco-editor').first().waitFor({ timeout: 30_000 });
}
