/**
 * Embeds in the example docs site, cross-origin (test/e2e/docs-site-servers.ts): how long from
 * clicking Start to a terminal at its prompt, and what a docs page with three started embeds
 * costs in memory, against the same page with its embeds still posters.
 */
import { rendererBytes } from './renderer-memory.ts';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../e2e/browser.ts';
import { docsContext, embedFrame, poll } from '../../e2e/docs-site-page.ts';
import type { DocsSiteServers } from '../../e2e/docs-site-servers.ts';

export interface EmbedFigures {
	/** Median wall ms from the Start click to the embed's terminal showing a prompt. */
	readonly startToPromptMs: number;
	/**
	 * Median wall ms from the Start click to the lesson open at its step (its set-up commands,
	 * here `istioctl install`, done) and the terminal idle: the `ready` event.
	 */
	readonly startToLessonReadyMs: number;
	/** Proportional set size of the browser's renderer processes with 3 started embeds. */
	readonly memoryThreeEmbedsMB: number;
	/** The same with the 3 embeds left as posters. */
	readonly memoryPosterOnlyMB: number;
}

const PAGE = 'ambient/data-plane';
const THREE = ['join-lesson', 'join-step', 'cluster-scenario'];
const RUNS = 3;

interface EmbedProbe {
	readonly ready: boolean;
	readonly busy: boolean;
	readonly text: string;
}

async function probe(page: Page, embed: string): Promise<EmbedProbe | undefined> {
	const frame = await embedFrame(page, embed);
	return (await frame.evaluate(
		'(() => { const h = window.__meshPlayground; return h ? { ready: h.ready(), busy: h.busy(), text: h.terminalText() } : undefined })()'
	)) as EmbedProbe | undefined;
}

const atPrompt = (s: EmbedProbe | undefined): boolean =>
	/[$#>] ?$/.test(s?.text.trimEnd().split('\n').at(-1) ?? '');

/** The terminal shows its first prompt (it takes input from here on). */
async function promptShown(page: Page, embed: string): Promise<void> {
	await poll(`a prompt in #${embed}`, 60_000, async () =>
		atPrompt(await probe(page, embed)) ? true : undefined
	);
}

/** The lesson is open at its step (set-up done), `ready` was sent, and the terminal is idle. */
async function lessonReady(page: Page, embed: string): Promise<void> {
	await poll(`#${embed} ready`, 60_000, async () => {
		const s = await probe(page, embed);
		return s?.ready && !s.busy && atPrompt(s) ? true : undefined;
	});
}

async function clickStart(page: Page, embed: string): Promise<void> {
	const frame = await embedFrame(page, embed);
	await page.locator(`#${embed}`).scrollIntoViewIfNeeded();
	await frame.getByRole('button', { name: /start/i }).click();
}

async function startToPrompt(
	browser: Browser,
	servers: DocsSiteServers
): Promise<{ prompt: number; ready: number }> {
	const context = await docsContext(browser);
	try {
		const page = await context.newPage();
		await page.goto(`${servers.docs}/${PAGE}.html`);
		const frame = await embedFrame(page, 'join-step');
		await frame.getByRole('button', { name: /start/i }).waitFor();
		const t0 = performance.now();
		await clickStart(page, 'join-step');
		await promptShown(page, 'join-step');
		const prompt = performance.now() - t0;
		await lessonReady(page, 'join-step');
		return { prompt, ready: performance.now() - t0 };
	} finally {
		await context.close();
	}
}

/** Memory of a fresh browser holding only the docs page, with `started` embeds started. */
async function pageMemoryMB(servers: DocsSiteServers, started: readonly string[]): Promise<number> {
	const browser = await launchChromium();
	try {
		const context = await docsContext(browser);
		const page = await context.newPage();
		await page.goto(`${servers.docs}/${PAGE}.html`);
		for (const id of THREE)
			await (await embedFrame(page, id)).getByRole('button', { name: /start/i }).waitFor();
		for (const id of started) {
			await clickStart(page, id);
			await lessonReady(page, id);
		}
		// Let boot work and garbage settle before reading.
		await new Promise((r) => setTimeout(r, 2000));
		return (await rendererBytes(browser, 'pss')) / 1e6;
	} finally {
		await browser.close();
	}
}

const median = (xs: number[]): number =>
	[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function embedFigures(
	browser: Browser,
	servers: DocsSiteServers
): Promise<EmbedFigures> {
	const prompt: number[] = [];
	const ready: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const t = await startToPrompt(browser, servers);
		prompt.push(t.prompt);
		ready.push(t.ready);
	}
	return {
		startToPromptMs: median(prompt),
		startToLessonReadyMs: median(ready),
		memoryPosterOnlyMB: await pageMemoryMB(servers, []),
		memoryThreeEmbedsMB: await pageMemoryMB(servers, THREE)
	};
}
