/**
 * Launches the system Chromium through playwright-core. No browser download works here
 * (reference/stack-notes.md trap 5), so a missing binary is a clear failure, not a fetch.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserServer } from 'playwright-core';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

/** CHROMIUM_PATH wins; otherwise the Debian paths. Throws with the fix when none exists. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
	const candidates = [env.CHROMIUM_PATH, ...CHROMIUM_CANDIDATES].filter((p): p is string => !!p);
	const found = candidates.find((p) => existsSync(p));
	if (!found) {
		throw new Error(
			'Chromium not found: install it with `apt-get install -y chromium` or set CHROMIUM_PATH' +
				` (looked in: ${candidates.join(', ')})`
		);
	}
	return found;
}

export async function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
}

/** The e2e run's one Chromium (global-setup.ts); files connect to it (shared-chromium.ts). */
export async function launchChromiumServer(): Promise<BrowserServer> {
	return chromium.launchServer({
		executablePath: findChromium(),
		headless: true,
		args: CHROMIUM_ARGS
	});
}
