/**
 * The example docs site (examples/docs-site, built by VitePress) embedding the playground from
 * another origin, in Chromium: the docs on http://localhost:P2, the playground on
 * http://127.0.0.1:P1, a third party on http://127.0.0.1:P3. What a docs author relies on: the
 * events arrive with their payloads, the element's methods drive the embed, nobody else can,
 * embeds keep to themselves, posters cost nothing, progress survives a reload, and an embed out
 * of view pauses.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.ts';
import { ATTACK_TEXT, startDocsSite, type DocsSiteServers } from './docs-site-servers.ts';
import {
	callElement,
	docsContext,
	docsEvents,
	embedFrame,
	embedHooks,
	ignoredBy,
	poll,
	startEmbed,
	terminalOf,
	waitForEvent,
	waitForTerminal
} from './docs-site-page.ts';

const SHOTS = resolve(import.meta.dirname, '../../screenshots');
const PAGES = ['ambient/data-plane', 'ambient/l4-security', 'ambient/waypoints'];
/**
 * Strings only mesh code holds, never a lesson's prose (the scheduler's FitError, the waypoint's
 * and ztunnel's metric labels).
 */
const MESH_MARKERS = ['Preemption is not helpful', 'connection_security_policy'];
const LABEL = 'kubectl label namespace default istio.io/dataplane-mode=ambient';

let servers: DocsSiteServers;
let browser: Browser;

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	[servers, browser] = await Promise.all([startDocsSite(), launchChromium()]);
}, 180_000);

afterAll(async () => {
	await browser?.close();
	await servers?.close();
});

async function openDocs(path: string, viewport?: { width: number; height: number }) {
	const context = await docsContext(browser, viewport);
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`${servers.docs}/${path}.html`);
	return { context, page, errors };
}

/**
 * Dedicated workers in the whole browser, from CDP (the embeds' iframes are other processes).
 * Chromium lists them without a URL until a debugger attaches, so every worker counts: the docs
 * site starts none of its own.
 */
async function workerCount(): Promise<number> {
	const cdp = await browser.newBrowserCDPSession();
	try {
		const { targetInfos } = (await cdp.send('Target.getTargets')) as {
			targetInfos: { type: string }[];
		};
		return targetInfos.filter((t) => t.type === 'worker').length;
	} finally {
		await cdp.detach();
	}
}

async function meshCodeIn(responses: Response[]): Promise<string[]> {
	const found: string[] = [];
	for (const r of responses) {
		if (!r.url().startsWith(servers.playground) || !/\.js(\?|$)/.test(r.url())) continue;
		const body = await r.text().catch(() => '');
		if (MESH_MARKERS.some((m) => body.includes(m))) found.push(r.url());
	}
	return found;
}

describe('docs site with embedded lessons, cross-origin', () => {
	it('each page shows its embeds as posters: no workers, no mesh code (screenshots)', async () => {
		for (const path of PAGES) {
			const { context, page, errors } = await openDocs(path);
			const responses: Response[] = [];
			page.on('response', (r) => responses.push(r));
			try {
				await page.goto(`${servers.docs}/${path}.html`);
				const ids = await page.$$eval('mesh-playground', (els) => els.map((e) => e.id));
				expect(ids.length).toBeGreaterThanOrEqual(3);
				for (const id of ids) {
					await waitForEvent(page, id, (e) => e.type === 'poster', 'the poster');
					const frame = await embedFrame(page, id);
					await expect
						.poll(() => frame.getByRole('button', { name: /start/i }).count())
						.toBeGreaterThan(0);
				}
				expect(await workerCount()).toBe(0);
				expect(await meshCodeIn(responses)).toEqual([]);
				await page.screenshot({ path: `${SHOTS}/docs-${path.replace('/', '-')}.png` });
				// Chromium paints other-process frames only in the viewport: one picture per poster.
				for (const id of ids)
					await page.locator(`#${id}`).screenshot({ path: `${SHOTS}/docs-poster-${id}.png` });
				expect(errors).toEqual([]);
			} finally {
				await context.close();
			}
		}
	});

	it('a started embed reports ready, command, check, step and complete to the page; the element drives it', async () => {
		const { context, page } = await openDocs('ambient/data-plane');
		const responses: Response[] = [];
		page.on('response', (r) => responses.push(r));
		try {
			const ready = await startEmbed(page, 'join-step');
			expect(ready.detail).toMatchObject({ step: 2 });
			expect(String(ready.detail.lesson)).toMatch(/join-the-mesh$/);
			const lesson = ready.detail.lesson;
			const frame = await embedFrame(page, 'join-step');
			// Start loaded the mesh: the marker check above can see mesh code when it is there.
			expect((await meshCodeIn(responses)).length).toBeGreaterThan(0);

			// Step 1 lists ztunnel's workloads while they are still plain TCP: do it first.
			const ZC = 'istioctl ztunnel-config workloads --workload-namespace default';
			await callElement(page, 'join-step', 'goto', 1);
			await callElement(page, 'join-step', 'run', ZC);
			await waitForEvent(
				page,
				'join-step',
				(e) => e.type === 'check' && e.detail.step === 1 && e.detail.passed === true,
				'step 1 passed'
			);
			await callElement(page, 'join-step', 'goto', 2);
			await callElement(page, 'join-step', 'run', LABEL);
			await waitForTerminal(frame, 'namespace/default labeled');
			const command = await waitForEvent(
				page,
				'join-step',
				(e) => e.type === 'command' && e.detail.text === LABEL,
				'command'
			);
			expect(command.detail).toEqual({ text: LABEL, exitCode: 0 });
			const check = await waitForEvent(
				page,
				'join-step',
				(e) => e.type === 'check' && e.detail.step === 2 && e.detail.passed === true,
				'a passed check on step 2'
			);
			expect(check.detail).toEqual({
				lesson,
				step: 2,
				name: 'Namespace default has istio.io/dataplane-mode=ambient',
				passed: true
			});
			// The page's own script shows it to the reader.
			await expect
				.poll(() => page.locator('[data-testid="embed-events"] li.passed').allTextContents())
				.toContainEqual(expect.stringContaining('✓'));

			await callElement(page, 'join-step', 'goto', 3);
			const step = await waitForEvent(
				page,
				'join-step',
				(e) => e.type === 'step' && e.detail.step === 3,
				'step 3'
			);
			expect(step.detail).toEqual({ lesson, step: 3, title: 'Send a request over mTLS' });
			await callElement(
				page,
				'join-step',
				'run',
				'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage | grep -o "<title>.*</title>"'
			);
			await waitForEvent(
				page,
				'join-step',
				(e) => e.type === 'check' && e.detail.step === 3 && e.detail.passed === true,
				'step 3 passed'
			);
			// Each condition reports on its own, and the capture one may settle a poll after the
			// traffic one on a busy machine: move on once every condition's latest verdict passes.
			await poll('every condition of step 3 passing in #join-step', 30_000, async () => {
				const latest = new Map<string, boolean>();
				for (const e of await docsEvents(page, 'join-step'))
					if (e.type === 'check' && e.detail.step === 3)
						latest.set(String(e.detail.name), e.detail.passed === true);
				return latest.size >= 2 && [...latest.values()].every(Boolean) ? true : undefined;
			});
			expect((await docsEvents(page, 'join-step')).some((e) => e.type === 'complete')).toBe(false);
			await callElement(page, 'join-step', 'goto', 4);
			await callElement(page, 'join-step', 'run', ZC);
			await waitForEvent(
				page,
				'join-step',
				(e) => e.type === 'check' && e.detail.step === 4 && e.detail.passed === true,
				'step 4 passed'
			);
			await page.screenshot({ path: `${SHOTS}/docs-events.png` });
			const complete = await waitForEvent(
				page,
				'join-step',
				(e) => e.type === 'complete',
				'complete'
			);
			expect(complete.detail).toEqual({ lesson });
		} finally {
			await context.close();
		}
	});

	it('two embeds on one page keep their own cluster, terminal and checks', async () => {
		const { context, page } = await openDocs('ambient/data-plane');
		try {
			await startEmbed(page, 'join-step');
			await startEmbed(page, 'join-lesson');
			const [a, b] = [await embedFrame(page, 'join-step'), await embedFrame(page, 'join-lesson')];
			await callElement(page, 'join-step', 'run', LABEL);
			await waitForTerminal(a, 'namespace/default labeled');
			await waitForEvent(
				page,
				'join-step',
				(e) => e.type === 'check' && e.detail.passed === true,
				'check'
			);

			expect(await terminalOf(b)).not.toContain(LABEL);
			// B heard nothing of A's command: no command of its own, no check passed.
			expect(
				(await docsEvents(page, 'join-lesson')).filter(
					(e) => e.type === 'command' || (e.type === 'check' && e.detail.passed === true)
				)
			).toEqual([]);
			await callElement(page, 'join-lesson', 'run', 'kubectl get namespace default --show-labels');
			const out = await waitForTerminal(
				b,
				/kubectl get namespace default --show-labels[\s\S]*default\s+Active/
			);
			// (The banner suggests the label; what counts is the answer after the command.)
			const answer = out.slice(out.lastIndexOf('--show-labels'));
			expect(answer).toMatch(/default\s+Active/);
			expect(answer).not.toContain('istio.io/dataplane-mode=ambient');
		} finally {
			await context.close();
		}
	});

	it('messages from a third origin are ignored and counted, inside the docs page and framing the embed', async () => {
		const { context, page } = await openDocs('ambient/data-plane');
		try {
			await startEmbed(page, 'join-step');
			const frame = await embedFrame(page, 'join-step');
			await waitForTerminal(frame, /[$#>]$/);
			const before = await ignoredBy(frame);
			expect(before).toBeGreaterThanOrEqual(0);
			// A third-party iframe in the docs page (an ad, a widget) posts at every frame it can reach.
			await page.evaluate((src) => {
				const f = document.createElement('iframe');
				f.src = src;
				document.body.append(f);
			}, `${servers.thirdParty}/attack.html`);
			const attacker = await poll('the third-party frame', 10_000, async () =>
				page.frames().find((f) => f.url().startsWith(servers.thirdParty))
			);
			await poll('the attack', 10_000, async () =>
				/sent [1-9]/.test(await attacker.locator('#status').innerText()) ? true : undefined
			);
			await expect.poll(() => ignoredBy(frame)).toBeGreaterThanOrEqual(before + 5);
			// Then the docs page's own command still works, and the attacker's never ran.
			await callElement(page, 'join-step', 'run', 'echo from-the-docs-page');
			const text = await waitForTerminal(frame, 'from-the-docs-page\n');
			expect(text).not.toContain(ATTACK_TEXT);
			expect(await embedHooks(frame, (h) => h?.embed?.paused ?? false)).toBe(false);

			// The third party frames the embed itself, claiming the docs site as its parent.
			const evil = await context.newPage();
			const embedUrl = `${servers.playground}/embed.html?lesson=03-join-the-mesh&parentOrigin=${encodeURIComponent(servers.docs)}`;
			await evil.goto(`${servers.thirdParty}/attack.html?embed=${encodeURIComponent(embedUrl)}`);
			await poll('the framed attack', 15_000, async () =>
				/sent [1-9]/.test(await evil.locator('#status').innerText()) ? true : undefined
			);
			const framed = await poll('the framed embed', 10_000, async () =>
				evil.frames().find((f) => f.url().startsWith(servers.playground))
			);
			await expect.poll(() => ignoredBy(framed)).toBeGreaterThanOrEqual(5);
			// `start` was ignored too: still the poster, no terminal.
			expect(await framed.getByRole('button', { name: /start/i }).count()).toBeGreaterThan(0);
			expect(await embedHooks(framed, (h) => h?.ready?.() ?? false)).toBe(false);
		} finally {
			await context.close();
		}
	});

	it('progress survives a reload of the docs page, and another origin cannot see it', async () => {
		const { context, page } = await openDocs('ambient/data-plane');
		try {
			await startEmbed(page, 'join-lesson');
			await callElement(page, 'join-lesson', 'goto', 2);
			await callElement(page, 'join-lesson', 'run', LABEL);
			await waitForEvent(
				page,
				'join-lesson',
				(e) => e.type === 'check' && e.detail.step === 2 && e.detail.passed === true,
				'step 2 passed'
			);
			const solved = (frame: Awaited<ReturnType<typeof embedFrame>>) =>
				frame
					.locator('nav[aria-label="Steps"] button', { hasText: '2' })
					.getAttribute('aria-label');
			await expect
				.poll(async () => solved(await embedFrame(page, 'join-lesson')))
				.toMatch(/\(solved\)/);

			await page.reload();
			await startEmbed(page, 'join-lesson');
			await expect
				.poll(async () => solved(await embedFrame(page, 'join-lesson')))
				.toMatch(/\(solved\)/);

			// The same lesson embedded by another origin starts from scratch.
			const other = await context.newPage();
			await other.goto(
				`${servers.playground}/embed.html?lesson=03-join-the-mesh&autostart=eager&parentOrigin=${encodeURIComponent(servers.thirdParty)}`
			);
			await expect
				.poll(
					() =>
						other
							.locator('nav[aria-label="Steps"] button', { hasText: '2' })
							.getAttribute('aria-label'),
					{ timeout: 30_000 }
				)
				.toMatch(/\(pending\)/);
		} finally {
			await context.close();
		}
	});

	it('an embed scrolled out of view pauses its mesh, and resumes in view', async () => {
		const { context, page } = await openDocs('ambient/data-plane', { width: 1280, height: 700 });
		try {
			await startEmbed(page, 'join-step');
			const frame = await embedFrame(page, 'join-step');
			expect(await embedHooks(frame, (h) => h?.embed?.paused)).toBe(false);
			await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
			await expect
				.poll(() => embedHooks(frame, (h) => h?.embed?.paused), { timeout: 20_000, interval: 500 })
				.toBe(true);
			await page.locator('#join-step').scrollIntoViewIfNeeded();
			await expect.poll(() => embedHooks(frame, (h) => h?.embed?.paused)).toBe(false);
			await callElement(page, 'join-step', 'run', 'kubectl get pods');
			await waitForTerminal(frame, /productpage-\S+\s+1\/1\s+Running/);
		} finally {
			await context.close();
		}
	});

	it('an embed on the worker runtime pauses its workers out of view; posters run none', async () => {
		const { context, page } = await openDocs('ambient/data-plane', { width: 1280, height: 700 });
		try {
			// An author's embed with runtime="workers", at the end of the page.
			await page.evaluate(() => {
				const el = document.createElement('mesh-playground');
				el.id = 'workers-embed';
				el.setAttribute('panes', 'terminal');
				el.setAttribute('runtime', 'workers');
				el.setAttribute('height', '360');
				(document.querySelector('.vp-doc') ?? document.body).append(el);
			});
			// Three posters and the new one: still not one worker.
			const frame = await embedFrame(page, 'workers-embed');
			await frame.getByRole('button', { name: /start/i }).waitFor();
			expect(await workerCount()).toBe(0);
			// Pod workers boot here, beside the other e2e files' browsers: allow time.
			await startEmbed(page, 'workers-embed', 120_000);
			// Workers spawn as the cluster boots; an embed packs its pods by node (packed-workers).
			await expect.poll(() => workerCount(), { timeout: 20_000 }).toBeGreaterThan(0);
			await callElement(page, 'workers-embed', 'run', 'kubectl get pods');
			await waitForTerminal(frame, /productpage-\S+\s+1\/1\s+Running/);
			// Packed by node: one worker each for the three kind nodes (Bookinfo's eight pods on
			// the workers, kind's add-ons on the control plane) and one for the simulated
			// internet's hosts — not one per pod (twenty-odd).
			expect(await workerCount()).toBeLessThanOrEqual(4);
			expect(await embedHooks(frame, (h) => h?.embed?.paused)).toBe(false);

			await page.evaluate(() => window.scrollTo(0, 0));
			await expect
				.poll(() => embedHooks(frame, (h) => h?.embed?.paused), { timeout: 20_000, interval: 500 })
				.toBe(true);
			await page.locator('#workers-embed').scrollIntoViewIfNeeded();
			await expect.poll(() => embedHooks(frame, (h) => h?.embed?.paused)).toBe(false);
			// The mesh carries on where it was: a request through it still works.
			await callElement(
				page,
				'workers-embed',
				'run',
				'kubectl exec deploy/curl -- curl -s -o /dev/null -w "%{http_code}\\n" http://productpage:9080/productpage'
			);
			await waitForTerminal(frame, /\n200\n/);
		} finally {
			await context.close();
		}
	}, 240_000);

	it('on a 360 px phone the panes stack, nothing scrolls sideways, and Esc then Tab leaves the terminal', async () => {
		const { context, page } = await openDocs('ambient/data-plane', { width: 360, height: 740 });
		try {
			await startEmbed(page, 'join-step');
			const frame = await embedFrame(page, 'join-step');
			await waitForTerminal(frame, /[$#>]$/);
			const box = (sel: string) =>
				frame.locator(sel).evaluate((el) => {
					const r = el.getBoundingClientRect();
					return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
				});
			const terminal = await box('.terminal-col');
			const visual = await box('.visual-col');
			const width = await frame.evaluate(() => document.documentElement.clientWidth);
			// Stacked, each the embed's full width, the topology under the terminal.
			expect(visual.top).toBeGreaterThanOrEqual(terminal.bottom - 1);
			expect(terminal.right - terminal.left).toBeGreaterThan(width - 4);
			expect(visual.right - visual.left).toBeGreaterThan(width - 4);
			expect(
				await frame.evaluate(
					() => document.documentElement.scrollWidth <= document.documentElement.clientWidth
				)
			).toBe(true);
			await page.locator('#join-step').scrollIntoViewIfNeeded();
			await page.screenshot({ path: `${SHOTS}/docs-360px.png` });

			// Focus in the terminal; Esc then Tab moves focus out of it, to the next control.
			await frame.locator('.xterm-helper-textarea').focus();
			await page.keyboard.press('Escape');
			await page.keyboard.press('Tab');
			const focused = await frame.evaluate(
				() => document.activeElement?.className ?? document.activeElement?.tagName ?? ''
			);
			expect(focused).not.toContain('xterm-helper-textarea');
		} finally {
			await context.close();
		}
	});

	it('the inline scenario and the read-only commands scenario run in their embeds', async () => {
		const { context, page } = await openDocs('ambient/l4-security');
		try {
			const ready = await startEmbed(page, 'deny-inline');
			expect(ready.detail).toMatchObject({ lesson: 'docs-default-deny', step: 1 });
			const frame = await embedFrame(page, 'deny-inline');
			await callElement(
				page,
				'deny-inline',
				'run',
				'kubectl apply -f - <<EOF\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: allow-nothing\n  namespace: default\nspec: {}\nEOF'
			);
			await waitForTerminal(frame, 'authorizationpolicy.security.istio.io/allow-nothing created');
			await callElement(
				page,
				'deny-inline',
				'run',
				'kubectl exec deploy/curl -- curl -s http://productpage:9080/productpage'
			);
			await waitForTerminal(frame, 'command terminated with exit code 56');
			const complete = await waitForEvent(
				page,
				'deny-inline',
				(e) => e.type === 'complete',
				'complete'
			);
			expect(complete.detail).toEqual({ lesson: 'docs-default-deny' });
		} finally {
			await context.close();
		}
		const docs = await openDocs('ambient/data-plane');
		try {
			const ready = await startEmbed(docs.page, 'cluster-scenario');
			expect(ready.detail).toMatchObject({ lesson: null });
			const frame = await embedFrame(docs.page, 'cluster-scenario');
			const text = await waitForTerminal(frame, /kubectl get pods -o wide[\s\S]*productpage-/);
			expect(text).toMatch(/kubectl get nodes\s*\n[\s\S]*ambient-worker2/);
		} finally {
			await docs.context.close();
		}
	});
});
