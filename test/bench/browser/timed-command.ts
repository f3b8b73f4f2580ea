/**
 * Runs a command in the page's terminal and times it from the Enter key to the shell's return,
 * measured inside the page: typing the command (0.4–0.6 s for a 50-request loop) and the test
 * driver's round trips are not in the figure (issue 13).
 */
import type { Page } from 'playwright-core';
import { waitForPrompt } from '../../e2e/playground-page.ts';

declare global {
	interface Window {
		/** Resolves with ms from the Enter keydown until the shell is idle again. */
		__benchCommandMs?: Promise<number>;
	}
}

/**
 * Installed before Enter is pressed. A string, not a function: tsx's esbuild wraps named inner
 * functions in a `__name` helper the page does not have. The poll runs on a 1 ms timer (clamped
 * to ~4 ms), small against a loop of many requests. It ends when the page counts the command
 * done (its output parsed onto the screen); a page without that count, when `busy` fell.
 */
const ARM_ENTER_TIMER = `void (window.__benchCommandMs = new Promise((resolve) => {
	const onKey = (e) => {
		if (e.key !== 'Enter') return;
		document.removeEventListener('keydown', onKey, true);
		const t0 = performance.now();
		const hooks = window.__meshPlayground;
		const done0 = hooks?.commandsDone?.();
		let seenBusy = false;
		const poll = () => {
			// A quick command can start and end between two polls: the done count still moves.
			if (done0 !== undefined) {
				if (hooks.commandsDone() > done0) resolve(performance.now() - t0);
				else setTimeout(poll, 1);
				return;
			}
			const busy = hooks?.busy() ?? false;
			seenBusy ||= busy;
			if (seenBusy && !busy) resolve(performance.now() - t0);
			else setTimeout(poll, 1);
		};
		setTimeout(poll, 0);
	};
	document.addEventListener('keydown', onKey, true);
}))`;

export async function timeFromEnter(
	page: Page,
	command: string,
	timeoutMs = 120_000
): Promise<number> {
	await waitForPrompt(page, timeoutMs);
	await page.locator('.xterm-helper-textarea').focus();
	await page.keyboard.type(command);
	await page.evaluate(ARM_ENTER_TIMER);
	await page.keyboard.press('Enter');
	const ms = await page.evaluate(() => window.__benchCommandMs!);
	await waitForPrompt(page, timeoutMs);
	return ms;
}
