/**
 * Red team in Chromium, one browser for the file.
 * Issue 18: lesson inputs that kept the page from reaching a ready terminal. A 6 KB lesson of
 * 6,000 `>` overflowed the markdown renderer's stack, and a reload repeated it because
 * `lessonUrl` stays in the address; `?lessonUrl=http://[` threw at start-up.
 * Issue 17: a hostile lesson (script, event handlers, SVG, javascript: and data: links, CSS that
 * would cover the page, remote images as beacons, a catastrophic pattern, an alias bomb behind a
 * run button) runs no code, sends no request and covers nothing; hostile lesson files (10 MB,
 * deep nesting, not UTF-8) and hostile manifests (100k keys pasted into the terminal; a NUL
 * byte and a 10 MB annotation applied from the editor) each get a clear error while the tab
 * keeps answering; corrupted storage is repaired with a notice. The logic behind each is tested in Node too (test/redteam/*).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
	applyFromEditor,
	applyPasted,
	BIG_ANNOTATION,
	HOSTILE_LESSON,
	liveMarkup,
	MANY_KEYS,
	NESTED_LESSON,
	NUL_BYTE,
	terminalOnTop
} from './hostile-inputs.ts';
import { connectChromium } from './shared-chromium.ts';
import {
	openPlayground,
	runCommand,
	terminalText,
	until,
	waitForPrompt
} from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');

const BOMB = `---
id: bomb
title: Bomb
summary: One step.
level: beginner
minutes: 1
---

Intro.

## Step: Quote

${'>'.repeat(6000)} x

\`\`\`solution
kubectl get pods
\`\`\`

\`\`\`check
- name: ran get pods
  commandRan:
    matches: 'kubectl get pods'
\`\`\`
`;

describe('red-team lesson inputs in Chromium', () => {
	let browser: Browser;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		browser = await connectChromium();
	});

	afterAll(async () => {
		await browser?.close();
	});

	it('explains ?lessonUrl=http://[ and still starts the terminal', async () => {
		const opened = await openPlayground(browser, `${inject('baseURL')}?lessonUrl=http://[`);
		try {
			await waitForPrompt(opened.page, 60_000);
			await opened.page
				.getByRole('alert')
				.filter({ hasText: 'could not fetch the lesson at http://[: not a valid URL' })
				.waitFor();
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	}, 120_000);

	it('refuses a lesson of 6,000 ">" with a line number, before and after a reload', async () => {
		const opened = await openPlayground(browser, 'about:blank');
		const page = opened.page;
		try {
			await page.route(
				(u) => u.pathname === '/authors/bomb.md',
				(route) => route.fulfill({ status: 200, contentType: 'text/markdown', body: BOMB })
			);
			await page.goto(`${inject('baseURL')}?lessonUrl=/authors/bomb.md`);
			for (let load = 0; load < 2; load++) {
				await waitForPrompt(page, 60_000);
				await page
					.getByRole('alert')
					.filter({ hasText: /bomb\.md:13: blockquotes nested more than 20 deep/ })
					.waitFor();
				if (load === 0) await page.reload();
			}
			await page.screenshot({ path: resolve(OUT, 'redteam-lesson-bomb.png') });
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	}, 180_000);
	it('a hostile lesson from ?lessonUrl runs no code, sends no request, covers nothing', async () => {
		const opened = await openPlayground(browser, 'about:blank');
		const page = opened.page;
		const context = page.context();
		const requests: string[] = [];
		const dialogs: string[] = [];
		context.on('request', (r) => requests.push(r.url()));
		page.on('dialog', (d) => {
			dialogs.push(d.message());
			void d.dismiss();
		});
		try {
			await page.route(
				(u) => u.pathname === '/authors/hostile.md',
				(route) =>
					route.fulfill({ status: 200, contentType: 'text/markdown', body: HOSTILE_LESSON })
			);
			await page.goto(`${inject('baseURL')}?lessonUrl=/authors/hostile.md`);
			await waitForPrompt(page, 60_000);
			await page.locator('.md button.run').first().waitFor();
			await page.screenshot({ path: resolve(OUT, 'redteam-hostile-lesson.png') });
			expect(await liveMarkup(page)).toEqual({
				pwned: undefined,
				overlay: false,
				scripts: 0,
				handlers: 0,
				badLinks: 0,
				remoteImages: 0
			});
			expect(await terminalOnTop(page)).toBe(true);

			// A catastrophic pattern in the step's check: the command answers all the same.
			expect(await runCommand(page, `echo ${'a'.repeat(40)}!`)).toBe(`${'a'.repeat(40)}!`);

			// The alias bomb behind the step's run button: go-yaml's error, and the shell goes on.
			await page.locator('.md button.run').first().click();
			await until('the alias bomb refused', async () =>
				(await terminalText(page)).includes('yaml: document contains excessive aliasing')
			);
			expect(await runCommand(page, 'kubectl get configmap lol')).toBe(
				'Error from server (NotFound): configmaps "lol" not found'
			);

			expect(dialogs).toEqual([]);
			expect(requests.filter((u) => u.includes('evil.test'))).toEqual([]);
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	}, 180_000);

	it('hostile files and manifests get clear errors; the tab keeps answering', async () => {
		const opened = await openPlayground(browser, inject('baseURL'));
		const page = opened.page;
		await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
		try {
			await waitForPrompt(page, 60_000);
			// Lesson files picked from disk: 10 MB, lists nested 300 deep, bytes that are not UTF-8.
			const input = page.locator('input[data-testid="lesson-file"]');
			const files = [
				{
					name: 'big.md',
					buffer: Buffer.alloc(10 * 1024 * 1024, 'x'),
					error: 'big.md is not a lesson: it is larger than 1 MiB'
				},
				{
					name: 'nested.md',
					buffer: Buffer.from(NESTED_LESSON),
					error: 'text indented more than 100 columns (lists nested too deep)'
				},
				{
					name: 'latin1.md',
					buffer: Buffer.concat([Buffer.from(HOSTILE_LESSON), Buffer.from([0xe9, 0x0a])]),
					error: 'latin1.md is not a lesson: it is not UTF-8 text'
				}
			];
			for (const f of files) {
				await input.setInputFiles({ name: f.name, mimeType: 'text/markdown', buffer: f.buffer });
				await page.getByRole('alert').filter({ hasText: f.error }).waitFor();
			}

			// Manifests pasted into the terminal.
			const annotationsTooLong = (name: string): string =>
				`The ConfigMap "${name}" is invalid: metadata.annotations: Too long: must have at most 262144 bytes`;
			expect(await applyPasted(page, MANY_KEYS)).toBe(annotationsTooLong('many'));
			// A NUL byte: the terminal drops it as a line editor does; the editor passes it on.
			expect(await applyFromEditor(page, NUL_BYTE)).toContain(
				'yaml: control characters are not allowed'
			);
			// 10 MB through the editor (a 10 MB paste into any terminal is minutes of echo).
			expect(await applyFromEditor(page, BIG_ANNOTATION)).toContain(annotationsTooLong('big'));
			expect(await runCommand(page, 'kubectl get configmaps -o name')).not.toMatch(
				/configmap\/(many|nul|big)\b/
			);
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	}, 240_000);

	it('corrupted storage: the page starts, says what it repaired, and keeps what it could', async () => {
		const opened = await openPlayground(browser, inject('baseURL'));
		const page = opened.page;
		try {
			await waitForPrompt(page, 60_000);
			await page.evaluate(() => {
				localStorage.clear();
				localStorage.setItem('mesh-playground:lesson-progress', '{"version":1,"lessons":{');
				localStorage.setItem('mesh-playground:shell-history', '["kubectl get pods", 42]');
				localStorage.setItem('mesh-playground:theme', '{"dark":true}');
				localStorage.setItem('mesh-playground:layout', '{"lesson":"wide","views":50}');
				localStorage.setItem('mesh-playground.animation-speed', 'NaN');
			});
			await page.reload();
			await waitForPrompt(page, 60_000);
			const notices = page.getByTestId('storage-notices');
			await notices.waitFor();
			await page.screenshot({ path: resolve(OUT, 'redteam-storage-notices.png') });
			const text = await notices.innerText();
			for (const notice of [
				'Saved lesson progress could not be read (not a progress file: it is not JSON); it was set aside',
				'Saved shell history could not be read (entries that are not text); it was reset.',
				'Saved theme could not be read',
				'Saved animation speed could not be read',
				'Saved pane layout had unreadable lesson; it was reset.'
			])
				expect(text).toContain(notice);
			expect(
				await page.evaluate(() => ({
					setAside: localStorage.getItem('mesh-playground:lesson-progress.unreadable'),
					layout: localStorage.getItem('mesh-playground:layout'),
					version: localStorage.getItem('mesh-playground:storage-version')
				}))
			).toEqual({ setAside: '{"version":1,"lessons":{', layout: '{"views":50}', version: '2' });
			expect(await runCommand(page, 'echo still here')).toBe('still here');
			await notices.getByRole('button', { name: 'Dismiss' }).click();
			await notices.waitFor({ state: 'detached' });
			expect(opened.errors).toEqual([]);
		} finally {
			await opened.close();
		}
	}, 120_000);
});
