/**
 * Memory of this browser's renderer processes only: CDP lists the browser's own processes, so
 * other Chromiums on a shared machine are not counted; /proc gives each one's size.
 * `rss`: resident set (VmRSS); `pss`: proportional set (shared pages split between processes).
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';

const READERS = {
	rss: (pid: number) => /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8')),
	pss: (pid: number) => /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))
} as const;

export async function rendererBytes(browser: Browser, kind: keyof typeof READERS): Promise<number> {
	const cdp = await browser.newBrowserCDPSession();
	try {
		const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
			processInfo: { type: string; id: number }[];
		};
		let total = 0;
		for (const p of processInfo.filter((p) => p.type === 'renderer')) {
			try {
				total += Number(READERS[kind](p.id)?.[1] ?? 0) * 1024;
			} catch {
				// The process ended while we looked.
			}
		}
		return total;
	} finally {
		await cdp.detach();
	}
}
