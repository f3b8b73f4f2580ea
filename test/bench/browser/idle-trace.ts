/**
 * What wakes an idle page at `pods` pods (Nodes tab, no mesh view), for `scale.idleCpu500Pods`:
 * records Chromium's trace (devtools.timeline) and the main thread's JS profile over IDLE ms,
 * SETTLE ms after the pods are Ready, and prints main-thread and worker busy ms and frames
 * (Commit) per second, the busiest trace events per thread, and the JS by self time.
 *
 *   npx vite build && [SETTLE=12000] [IDLE=5000] [BLUR=1] npx tsx test/bench/browser/idle-trace.ts [500]
 *
 * BLUR=1 takes focus from the terminal first (a focused textarea's caret blink is a frame per
 * 500 ms). A diagnosis aid: it asserts nothing. (`npx vite build --minify false` names the JS.)
 */
import type { CDPSession } from 'playwright-core';
import { launchChromium } from '../../e2e/browser.ts';
import { startPreview } from '../../e2e/preview-server.ts';
import { openPlayground, runCommand, waitForPrompt } from '../../e2e/playground-page.ts';
import { scaleLine } from './scale-500.ts';

const pods = Number(process.argv[2] ?? 500);
const SETTLE_MS = Number(process.env.SETTLE ?? 12_000);
const IDLE_MS = Number(process.env.IDLE ?? 5000);

interface TraceEvent {
	readonly name: string;
	readonly ph: string;
	readonly pid: number;
	readonly tid: number;
	readonly ts: number;
	readonly dur?: number;
	readonly args?: { name?: string; data?: Record<string, unknown> };
}

interface CpuProfile {
	readonly nodes: readonly {
		id: number;
		callFrame: { functionName: string; url: string; lineNumber: number };
	}[];
	readonly samples: readonly number[];
	readonly timeDeltas: readonly number[];
}

/** Playwright types CDP events by name; tracing's are not among them. */
type TracingEvents = {
	on(event: 'Tracing.dataCollected', fn: (e: { value: TraceEvent[] }) => void): void;
	once(event: 'Tracing.tracingComplete', fn: () => void): void;
};

async function record(cdp: CDPSession): Promise<{ events: TraceEvent[]; profile: CpuProfile }> {
	const events: TraceEvent[] = [];
	const tracing = cdp as unknown as TracingEvents;
	tracing.on('Tracing.dataCollected', (e) => events.push(...e.value));
	const complete = new Promise<void>((r) => tracing.once('Tracing.tracingComplete', r));
	await cdp.send('Tracing.start', {
		traceConfig: { includedCategories: ['devtools.timeline', 'toplevel', 'v8.execute', 'v8'] },
		transferMode: 'ReportEvents'
	});
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.start');
	await new Promise((r) => setTimeout(r, IDLE_MS));
	const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
	await cdp.send('Tracing.end');
	await complete;
	return { events, profile };
}

function report({ events, profile }: { events: TraceEvent[]; profile: CpuProfile }): void {
	const threads = new Map<string, string>();
	for (const e of events)
		if (e.ph === 'M' && e.name === 'thread_name')
			threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
	const thread = (e: TraceEvent): string => threads.get(`${e.pid}:${e.tid}`) ?? String(e.tid);
	const spans = events.filter((e) => e.ph === 'X' && e.dur !== undefined);
	const t0 = Math.min(...spans.map((e) => e.ts));
	const perSecond = new Map<number, { main: number; workers: number; commits: number }>();
	const byEvent = new Map<string, { n: number; ms: number }>();
	for (const e of spans) {
		const ms = (e.dur ?? 0) / 1000;
		const th = thread(e);
		const second = Math.floor((e.ts - t0) / 1e6);
		const row = perSecond.get(second) ?? { main: 0, workers: 0, commits: 0 };
		if (e.name === 'ThreadControllerImpl::RunTask') {
			if (th === 'CrRendererMain') row.main += ms;
			else if (th.startsWith('DedicatedWorker')) row.workers += ms;
		}
		if (th === 'CrRendererMain' && e.name === 'Commit') row.commits++;
		perSecond.set(second, row);
		const key = `${th} | ${e.name}`;
		const agg = byEvent.get(key) ?? { n: 0, ms: 0 };
		agg.n++;
		agg.ms += ms;
		byEvent.set(key, agg);
	}
	for (const [s, r] of [...perSecond].sort((a, b) => a[0] - b[0]))
		console.log(
			`t=${s}s main ${r.main.toFixed(0)} ms, workers ${r.workers.toFixed(0)} ms, frames ${r.commits}`
		);
	console.log('--- trace events by total time');
	for (const [k, v] of [...byEvent].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40))
		console.log(`${String(v.n).padStart(6)} ${v.ms.toFixed(1).padStart(9)} ms  ${k}`);
	console.log('--- main thread JS by self time (sampled)');
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<string, number>();
	profile.samples.forEach((id, i) => {
		const f = byId.get(id)?.callFrame;
		if (!f) return;
		const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').at(-1)}:${f.lineNumber}`;
		self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
	});
	for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
		console.log(`${ms.toFixed(1).padStart(9)} ms  ${k}`);
}

const browser = await launchChromium();
const preview = await startPreview();
try {
	const { page, close } = await openPlayground(browser, `${preview.url}?workers=6&packing=node`);
	await waitForPrompt(page, 120_000);
	const deployments = (await runCommand(page, 'kubectl get deploy -o name', 60_000))
		.split('\n')
		.map((l) => l.trim().replace(/^deployment\.apps\//, ''))
		.filter(Boolean);
	await runCommand(page, scaleLine(deployments, pods), 120_000);
	await page.waitForFunction(
		(n) =>
			(window.__meshPlayground?.pods() ?? []).filter(
				(p) => p.namespace === 'default' && p.ready === '1/1'
			).length >= n,
		pods,
		{ timeout: 120_000 }
	);
	await new Promise((r) => setTimeout(r, SETTLE_MS));
	if (process.env.BLUR) await page.evaluate(() => (document.activeElement as HTMLElement)?.blur());
	const cdp = await page.context().newCDPSession(page);
	report(await record(cdp));
	await cdp.detach();
	await close();
} finally {
	await preview.close();
	await browser.close();
}
process.exit(0);
