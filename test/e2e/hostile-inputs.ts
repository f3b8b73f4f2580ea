/** Hostile inputs for the red-team suite in Chromium (redteam.e2e.test.ts). */
import type { Page } from 'playwright-core';
import { openEditor, terminalText, until, waitForPrompt } from './playground-page.ts';

/** Nine aliases per level, nine levels: 387 million strings if expanded. */
export const LAUGHS = [
	'apiVersion: v1',
	'kind: ConfigMap',
	'metadata:',
	'  name: lol',
	'data:',
	'  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
	...'bcdefghi'
		.split('')
		.map((l, i) => `  ${l}: &${l} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)
].join('\n');

const FENCE = '```';

/**
 * A lesson that tries everything a page renderer can be tricked with; none of it is markdown a
 * person would write. Its check has a catastrophic pattern, its run button an alias bomb.
 */
export const HOSTILE_LESSON = `---
id: hostile
title: Hostile lesson
summary: <script>window.__pwned = 'summary'</script>
level: beginner
minutes: 1
---

<script>window.__pwned = 'script'</script>
<img src=x onerror="window.__pwned = 'onerror'">
<svg onload="window.__pwned = 'svg'"><script>window.__pwned = 'svg-script'</script></svg>
<div id="overlay" style="position:fixed;inset:0;z-index:99999;background:red">covered</div>
<style>.xterm { display: none }</style>

## Step: Look around

[a javascript: link](javascript:window.__pwned='js-link'), [a data: link](data:text/html,<script>alert(1)</script>),
<a href="javascript:alert(1)" onclick="alert(2)">raw link</a>,
![beacon](https://beacon.evil.test/pixel.gif) ![beacon](//beacon2.evil.test/p.gif)
![svg](data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%20onload%3D%22alert(3)%22%2F%3E)

${FENCE}sh
kubectl apply -f - <<EOF
${LAUGHS}
EOF
${FENCE}

${FENCE}solution
kubectl get pods
${FENCE}

${FENCE}check
- name: typed a long run of a
  commandRan:
    matches: '^echo (a+)+$'
${FENCE}
`;

/** The hostile lesson with lists nested 300 deep in its step (marked takes seconds per 100). */
export const NESTED_LESSON = HOSTILE_LESSON.replace(
	'## Step: Look around',
	`## Step: Look around\n\n${Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- deeper`).join('\n')}`
);

/** A ConfigMap of 100,000 keys, as one line of JSON. */
export const MANY_KEYS = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"many"},"data":{${Array.from(
	{ length: 100_000 },
	(_, i) => `"k${i.toString(36)}":"v"`
).join(',')}}}`;

export const NUL_BYTE =
	'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nul\ndata:\n  a: "x\u0000y"';

export const BIG_ANNOTATION = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  annotations:\n    a: ${'x'.repeat(10 * 1024 * 1024)}`;

/** Pastes `text` into the terminal, as a learner pasting a manifest would. */
export async function pasteInTerminal(page: Page, text: string): Promise<void> {
	await page.locator('.xterm-helper-textarea').focus();
	await page.evaluate((t) => navigator.clipboard.writeText(t), text);
	await page.keyboard.press('Control+Shift+V');
}

/**
 * Pastes `kubectl apply -f - <<EOF` with `manifest`; returns the error lines it printed. Waits
 * for the `$` prompt after the heredoc's end (its `> ` continuation prompts look like a prompt
 * too); reads after the last heredoc, since a long paste pushes older rows out of the scrollback.
 */
export async function applyPasted(page: Page, manifest: string): Promise<string> {
	const pasted = (await terminalText(page)).split('> EOF').length;
	await pasteInTerminal(page, `kubectl apply -f - <<EOF\n${manifest}\nEOF\n`);
	let tail = '';
	await until(
		'the pasted apply to finish',
		async () => {
			await waitForPrompt(page, 60_000);
			const text = await terminalText(page);
			tail = text.slice(text.lastIndexOf('> EOF'));
			return text.split('> EOF').length > pasted && /\n\$$/.test(tail);
		},
		60_000
	);
	return tail
		.split('\n')
		.filter((l) => /^(error|The )/.test(l))
		.join('\n');
}

/** What of the hostile lesson became live markup in the lesson pane (all zero when inert). */
export async function liveMarkup(page: Page): Promise<Record<string, unknown>> {
	return page.evaluate(() => ({
		pwned: (window as { __pwned?: unknown }).__pwned,
		overlay: document.getElementById('overlay') !== null,
		scripts: document.querySelectorAll('.md script, .md svg, .md style').length,
		handlers: [...document.querySelectorAll('.md *')].filter((el) =>
			[...el.attributes].some((a) => a.name.startsWith('on'))
		).length,
		badLinks: document.querySelectorAll('.md a[href^="javascript:"], .md a[href^="data:"]').length,
		remoteImages: [...document.querySelectorAll<HTMLImageElement>('.md img')].filter(
			(img) =>
				img.src !== '' &&
				!img.src.startsWith('data:') &&
				new URL(img.src).origin !== location.origin
		).length
	}));
}

/** Whether the terminal is what a click at its centre reaches (nothing laid over it). */
export async function terminalOnTop(page: Page): Promise<boolean> {
	const box = await page.locator('.xterm').first().boundingBox();
	if (!box) return false;
	return page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.xterm') != null, {
		x: box.x + box.width / 2,
		y: box.y + box.height / 2
	});
}

/**
 * Pastes `manifest` into the YAML editor and presses Apply; returns what Apply printed. The
 * terminal's line editor drops control characters as a terminal would, so a NUL byte reaches
 * kubectl only this way (or in a file).
 */
export async function applyFromEditor(page: Page, manifest: string): Promise<string> {
	await openEditor(page);
	await page.locator('[data-testid="monaco"] .monaco-editor .view-lines').first().click();
	await page.evaluate((t) => navigator.clipboard.writeText(t), manifest);
	await page.keyboard.press('Control+A');
	await page.keyboard.press('Control+V');
	const output = page.getByTestId('editor-output');
	// The last Apply's output stays until this one's arrives: wait for it to change.
	const before = (await output.textContent().catch(() => null)) ?? '';
	await page.getByRole('button', { name: 'Apply' }).click();
	let text = '';
	await until('apply output', async () => {
		text = (await output.textContent().catch(() => null)) ?? '';
		return text !== '' && text !== before;
	});
	return text;
}
