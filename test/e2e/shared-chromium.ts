/**
 * A connection to the e2e run's one Chromium (global-setup.ts). Closing it closes the contexts
 * this file opened, not the browser. A file that needs the whole browser to itself (docs-site
 * counts every worker in it) or tests a fresh browser launches its own (browser.ts).
 */
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';

export async function connectChromium(): Promise<Browser> {
	return chromium.connect(inject('chromiumWSEndpoint'));
}
