/**
 * Starts, once for the whole e2e run, `vite preview` over the already-built dist/ (the test script
 * runs `vite build` first; this builds nothing) and one Chromium, and hands their addresses to the
 * tests as `inject('baseURL')` and `inject('chromiumWSEndpoint')`. Each file connects to that
 * Chromium (shared-chromium.ts) and opens its own contexts, which share no storage, cookies or
 * cache with another file's: launching a Chromium per file cost more than a second each.
 */
import type { TestProject } from 'vitest/node';
import { launchChromiumServer } from './browser.ts';
import { startPreview } from './preview-server.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string;
		chromiumWSEndpoint: string;
	}
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const [server, chromium] = await Promise.all([startPreview(), launchChromiumServer()]);
	project.provide('baseURL', server.url);
	project.provide('chromiumWSEndpoint', chromium.wsEndpoint());
	return async () => {
		await Promise.all([server.close(), chromium.close()]);
	};
}
