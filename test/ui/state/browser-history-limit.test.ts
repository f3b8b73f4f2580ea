/**
 * The browser pane keeps 50 session-history entries, as Chromium does (docs/limits.md): after
 * 60 pages, Back goes 49 steps and stops at the 11th page.
 */
import { describe, expect, it } from 'vitest';
import {
	BrowserSession,
	MAX_HISTORY_ENTRIES
} from '../../../src/ui/state/browser-session.svelte.ts';

const page = (path: string) =>
	new TextEncoder().encode(
		`HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: ${path.length}\r\n\r\n${path}`
	);

describe('browser history limit', () => {
	it(`keeps ${MAX_HISTORY_ENTRIES} entries and drops the oldest`, async () => {
		const browser = new BrowserSession(async (_port, request) => {
			const path = /^GET (\S+)/.exec(new TextDecoder().decode(request))?.[1] ?? '/';
			return { type: 'data', bytes: page(path) };
		});
		for (let i = 1; i <= 60; i++) await browser.navigate(`http://localhost:9080/p${i}`);
		let backs = 0;
		while (browser.canGoBack) {
			await browser.back();
			backs++;
		}
		expect(backs).toBe(MAX_HISTORY_ENTRIES - 1);
		expect(browser.current).toBe('http://localhost:9080/p11');
	});
});
