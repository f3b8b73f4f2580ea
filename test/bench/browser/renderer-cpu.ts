/**
 * CPU used by this browser's renderer processes over a span of wall time, as a percentage of one
 * core (100% = one core busy). Dedicated workers run in their page's renderer, so this counts the
 * page and every pod worker; other Chromiums on a shared machine are not counted (CDP lists this
 * browser's own processes), and /proc gives each one's user + system time.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ). */
const TICKS_PER_SECOND = 100;

async function rendererPids(browser: Browser): Promise<number[]> {
	const cdp = await browser.newBrowserCDPSession();
	try {
		const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
			processInfo: { type: string; id: number }[];
		};
		return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
	} finally {
		await cdp.detach();
	}
}

/** utime + stime of `pid` in ticks, or undefined once it ended. */
function cpuTicks(pid: number): number | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return Number(fields[11]) + Number(fields[12]);
	} catch {
		return undefined;
	}
}

/** Renderer CPU over the next `spanMs` of wall time, in % of one core. */
export async function rendererCpuPercent(browser: Browser, spanMs: number): Promise<number> {
	const pids = await rendererPids(browser);
	const start = new Map(pids.map((p) => [p, cpuTicks(p)]));
	const t0 = performance.now();
	await new Promise((r) => setTimeout(r, spanMs));
	const wallS = (performance.now() - t0) / 1000;
	let ticks = 0;
	for (const [pid, before] of start) {
		const after = cpuTicks(pid);
		if (before !== undefined && after !== undefined) ticks += after - before;
	}
	return (ticks / TICKS_PER_SECOND / wallS) * 100;
}
