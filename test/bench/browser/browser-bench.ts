/**
 * Browser measurements for `npm run bench` (wired in by scripts/bench.ts): the platform's floor
 * (a raw postMessage round trip between two dedicated workers) and what a learner waits for
 * (page load until the terminal shows a prompt). Each returns a number; nothing is asserted.
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../e2e/browser.ts';
import { startPreview } from '../../e2e/preview-server.ts';
import { serveBenchPages } from './static-server.ts';

export interface RoundTripOptions {
	/** Reuse a launched browser; otherwise one is launched and closed. */
	readonly browser?: Browser;
	/** Samples taken after warm-up; each is the mean of `batch` sequential round trips. */
	readonly samples?: number;
	readonly warmup?: number;
	readonly batch?: number;
	/** Segment-shaped messages with this many payload bytes instead of a small object. */
	readonly segmentBytes?: number;
}

async function withBrowser<T>(
	given: Browser | undefined,
	run: (b: Browser) => Promise<T>
): Promise<T> {
	const browser = given ?? (await launchChromium());
	try {
		return await run(browser);
	} finally {
		if (!given) await browser.close();
	}
}

const median = (sorted: readonly number[]): number => {
	if (sorted.length === 0) throw new Error('no samples');
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Median µs for one small-object round trip between two dedicated workers over a direct
 * MessageChannel (stack-notes.md measured p50 ≈ 110–150 µs on the project's machine).
 */
export async function workerRoundTripMicros(options: RoundTripOptions = {}): Promise<number> {
	const server = await serveBenchPages();
	try {
		return await withBrowser(options.browser, async (browser) => {
			const page = await browser.newPage();
			try {
				await page.goto(`${server.url}roundtrip.html`);
				const args = [
					options.samples ?? 100,
					options.warmup ?? 10,
					options.batch ?? 20,
					options.segmentBytes === undefined ? -1 : Math.round(options.segmentBytes)
				] as const;
				type Page = {
					roundTrip(s: number, w: number, b: number, bytes?: number): Promise<number[]>;
				};
				const sorted = await page.evaluate(
					([s, w, b, bytes]) =>
						(window as unknown as Page).roundTrip(s, w, b, bytes < 0 ? undefined : bytes),
					args
				);
				return median(sorted);
			} finally {
				await page.close();
			}
		});
	} finally {
		await server.close();
	}
}

export interface PageLoadOptions {
	readonly browser?: Browser;
	/** A served build; by default `vite preview` is started over dist/ (run `vite build` first). */
	readonly url?: string;
	/** Fresh page loads to take the median of. */
	readonly runs?: number;
}

/**
 * Median ms from navigation start until the shell's pty is attached and the terminal's last line
 * is a prompt: the moment a learner can type and get an answer.
 */
export async function pageLoadToTerminalMillis(options: PageLoadOptions = {}): Promise<number> {
	const preview = options.url ? undefined : await startPreview();
	const url = options.url ?? preview!.url;
	try {
		return await withBrowser(options.browser, async (browser) => {
			const times: number[] = [];
			for (let i = 0; i < (options.runs ?? 3); i++) {
				const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
				try {
					const page = await context.newPage();
					await page.goto(url);
					const handle = await page.waitForFunction(
						() => {
							const h = (
								window as { __meshPlayground?: { ready(): boolean; terminalText(): string } }
							).__meshPlayground;
							if (!h?.ready()) return false;
							const last = h.terminalText().split('\n').at(-1) ?? '';
							return /[$#>]$/.test(last) ? performance.now() : false;
						},
						undefined,
						{ polling: 'raf', timeout: 60_000 }
					);
					times.push((await handle.jsonValue()) as number);
				} finally {
					await context.close();
				}
			}
			return median(times.sort((a, b) => a - b));
		});
	} finally {
		await preview?.close();
	}
}
