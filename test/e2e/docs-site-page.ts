/**
 * Drives the example docs site in Chromium the way a reader does, and reads what its embeds
 * report: every `mesh-playground:*` event any element dispatches is recorded in the docs page
 * (`window.__docsEvents`), and each embed's own page is read through its
 * `window.__meshPlayground` hooks (Playwright reaches into cross-origin frames).
 */
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { poll } from './playground-page.ts';

export interface DocsEvent {
	/** The element's id. */
	readonly embed: string;
	readonly type: string;
	readonly detail: Record<string, unknown>;
}

export const EVENT_TYPES = ['poster', 'ready', 'step', 'check', 'complete', 'command', 'error'];

interface EmbedHooks {
	ready?(): boolean;
	busy?(): boolean;
	terminalText?(): string;
	embed?: { ignored?: number; paused?: boolean; started?: boolean };
}

declare global {
	interface Window {
		__docsEvents?: DocsEvent[];
	}
}

/** A context whose pages record the embeds' events from the first script on. */
export async function docsContext(
	browser: Browser,
	viewport = { width: 1280, height: 900 }
): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport });
	await context.addInitScript((types: string[]) => {
		window.__docsEvents = [];
		for (const type of types) {
			document.addEventListener(
				`mesh-playground:${type}`,
				(e) => {
					const el = e.target as Element;
					window.__docsEvents?.push({
						embed: el.id,
						type,
						detail: JSON.parse(JSON.stringify((e as CustomEvent).detail ?? {}))
					});
				},
				{ capture: true }
			);
		}
	}, EVENT_TYPES);
	return context;
}

/** The shared poller (playground-page.ts), for the docs-site tests' imports. */
export { poll };

export async function docsEvents(page: Page, embed?: string): Promise<DocsEvent[]> {
	const all = await page.evaluate(() => window.__docsEvents ?? []);
	return embed === undefined ? all : all.filter((e) => e.embed === embed);
}

/** Waits for an event from `embed` that `match` accepts; returns it. */
export async function waitForEvent(
	page: Page,
	embed: string,
	match: (e: DocsEvent) => boolean,
	what: string,
	timeoutMs = 30_000
): Promise<DocsEvent> {
	return poll(`${what} from #${embed}`, timeoutMs, async () =>
		(await docsEvents(page, embed)).find(match)
	);
}

/** The embed's own page (its iframe's frame), once the element has rendered it. */
export async function embedFrame(page: Page, embed: string): Promise<Frame> {
	const handle = await page.waitForSelector(`#${embed} iframe`, { state: 'attached' });
	return poll(
		`the frame of #${embed}`,
		15_000,
		async () => (await handle.contentFrame()) ?? undefined
	);
}

export async function embedHooks<T>(
	frame: Frame,
	read: (hooks: EmbedHooks | undefined) => T
): Promise<T> {
	return frame.evaluate(`(${read.toString()})(window.__meshPlayground)`) as Promise<T>;
}

export async function terminalOf(frame: Frame): Promise<string> {
	return embedHooks(frame, (h) => h?.terminalText?.() ?? '');
}

export async function ignoredBy(frame: Frame): Promise<number> {
	return embedHooks(frame, (h) => h?.embed?.ignored ?? -1);
}

/** Clicks the poster's Start button, then waits for the embed's `ready` event. */
export async function startEmbed(
	page: Page,
	embed: string,
	timeoutMs = 45_000
): Promise<DocsEvent> {
	const frame = await embedFrame(page, embed);
	await page.locator(`#${embed}`).scrollIntoViewIfNeeded();
	await frame.getByRole('button', { name: /start/i }).click();
	return waitForEvent(page, embed, (e) => e.type === 'ready', 'ready', timeoutMs);
}

/** Calls one of the element's methods from the docs page (the allowed origin). */
export async function callElement(
	page: Page,
	embed: string,
	method: 'run' | 'goto' | 'reset' | 'setTheme',
	arg: string | number
): Promise<void> {
	await page.evaluate(
		({ embed, method, arg }) => {
			const el = document.getElementById(embed) as unknown as Record<string, (a: unknown) => void>;
			el[method]?.(arg);
		},
		{ embed, method, arg }
	);
}

/** Waits until the embed's terminal shows `text` and is back at a prompt. */
export async function waitForTerminal(
	frame: Frame,
	text: string | RegExp,
	timeoutMs = 30_000
): Promise<string> {
	return poll(`terminal to show ${text}`, timeoutMs, async () => {
		const s = await embedHooks(frame, (h) => ({
			text: h?.terminalText?.() ?? '',
			busy: h?.busy?.() ?? true
		}));
		const found = typeof text === 'string' ? s.text.includes(text) : text.test(s.text);
		return found && !s.busy && /[$#>]$/.test(s.text.split('\n').at(-1) ?? '') ? s.text : undefined;
	});
}
