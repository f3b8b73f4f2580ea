/**
 * Where a warm productpage request's time goes in Chromium, thread by thread: the page as
 * `npm run bench` measures `chromium.warmHopVsSegmentFloor` (dist/ served by `vite preview`,
 * Bookinfo, a `kubectl exec … for` loop of curl → productpage), warmed with `--warm` requests,
 * then V8 CPU profiles of every thread (the page's main thread and each dedicated worker, through
 * the DevTools protocol) over `--loops` more loops.
 *
 *   npx vite build && npx tsx scripts/profile-browser-hop.ts [--warm 3000] [--loops 4]
 *     [--out DIR] [--top 30]
 *
 * Prints, per thread, busy ms per request and the top self-time functions, and writes each
 * profile to DIR (`<thread>.cpuprofile`, DevTools opens them).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CDPSession } from 'playwright-core';
import { launchChromium } from '../test/e2e/browser.ts';
import { startPreview } from '../test/e2e/preview-server.ts';
import { openPlayground, waitForPrompt } from '../test/e2e/playground-page.ts';
import { timeFromEnter } from '../test/bench/browser/timed-command.ts';

const { values } = parseArgs({
	options: {
		warm: { type: 'string', default: '3000' },
		loops: { type: 'string', default: '4' },
		out: { type: 'string', default: 'test-results/browser-hop-profile' },
		top: { type: 'string', default: '30' }
	}
});
const LOOP = 50;
const WARM = Number(values.warm);
const LOOPS = Number(values.loops);
const TOP = Number(values.top);

interface CallFrame {
	readonly functionName: string;
	readonly url: string;
	readonly lineNumber: number;
}
interface Profile {
	readonly nodes: readonly { id: number; callFrame: CallFrame }[];
	readonly samples: readonly number[];
	readonly timeDeltas: readonly number[];
}

/** Self µs by function and by file, idle excluded. */
function selfTimes(p: Profile): {
	busyUs: number;
	byFn: Map<string, number>;
	byFile: Map<string, number>;
} {
	const byId = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
	const byFn = new Map<string, number>();
	const byFile = new Map<string, number>();
	let busyUs = 0;
	for (let i = 0; i < p.samples.length; i++) {
		const f = byId.get(p.samples[i] ?? -1);
		const dt = p.timeDeltas[i] ?? 0;
		if (!f || f.functionName === '(idle)') continue;
		busyUs += dt;
		const file = f.url.replace(/^.*\/(assets|src)\//, '') || f.functionName;
		const fn = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
		byFn.set(fn, (byFn.get(fn) ?? 0) + dt);
		byFile.set(file, (byFile.get(file) ?? 0) + dt);
	}
	return { busyUs, byFn, byFile };
}

/** A worker target driven through the browser session (Target.sendMessageToTarget). */
class TargetChannel {
	#next = 1;
	readonly #waiting = new Map<number, (r: unknown) => void>();
	constructor(
		readonly browser: CDPSession,
		readonly sessionId: string
	) {}
	onMessage(message: string): void {
		const m = JSON.parse(message) as { id?: number; result?: unknown; error?: unknown };
		if (m.id === undefined) return;
		this.#waiting.get(m.id)?.(
			m.error ? Promise.reject(new Error(JSON.stringify(m.error))) : m.result
		);
		this.#waiting.delete(m.id);
	}
	send<T>(method: string, params: object = {}): Promise<T> {
		const id = this.#next++;
		const done = new Promise<T>((resolve) =>
			this.#waiting.set(id, resolve as (r: unknown) => void)
		);
		void this.browser.send('Target.sendMessageToTarget', {
			sessionId: this.sessionId,
			message: JSON.stringify({ id, method, params })
		});
		return done;
	}
}

const browser = await launchChromium();
const preview = await startPreview();
try {
	const opened = await openPlayground(browser, preview.url);
	const page = opened.page;
	await waitForPrompt(page, 60_000);
	await page.waitForFunction(
		() =>
			(window.__meshPlayground?.pods() ?? []).filter(
				(p) => p.namespace === 'default' && p.status === 'Running' && p.ready === '1/1'
			).length >= 7,
		undefined,
		{ timeout: 60_000 }
	);
	const loop = `kubectl exec deploy/curl -- sh -c "for i in \\$(seq 1 ${LOOP}); do curl -s -o /dev/null http://productpage:9080/productpage; done"`;
	for (let done = 0; done < WARM; done += LOOP) {
		const ms = await timeFromEnter(page, loop);
		if (done % 500 === 0)
			console.log(`warm-up: ${done + LOOP} requests, ${(ms / LOOP).toFixed(2)} ms/request`);
	}

	const session = await browser.newBrowserCDPSession();
	const channels = new Map<string, TargetChannel>();
	session.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) =>
		channels.get(e.sessionId)?.onMessage(e.message)
	);
	const { targetInfos } = (await session.send('Target.getTargets')) as {
		targetInfos: { targetId: string; type: string; title: string; url: string }[];
	};
	const threads: { name: string; send: <T>(m: string, p?: object) => Promise<T> }[] = [];
	const pageSession = await page.context().newCDPSession(page);
	threads.push({
		name: 'page',
		send: (m, p) => pageSession.send(m as 'Profiler.enable', p) as never
	});
	for (const t of targetInfos.filter((t) => t.type === 'worker')) {
		const { sessionId } = (await session.send('Target.attachToTarget', {
			targetId: t.targetId,
			flatten: false
		})) as { sessionId: string };
		const ch = new TargetChannel(session, sessionId);
		channels.set(sessionId, ch);
		threads.push({
			name: `worker-${threads.length}-${t.url.replace(/^.*\//, '').replace(/[^\w.-]/g, '_')}`,
			send: (m, p) => ch.send(m, p)
		});
	}
	console.log(`profiling ${threads.length} threads: ${threads.map((t) => t.name).join(', ')}`);
	for (const t of threads) {
		await t.send('Profiler.enable');
		await t.send('Profiler.setSamplingInterval', { interval: 100 });
		await t.send('Profiler.start');
	}
	let wallMs = 0;
	for (let i = 0; i < LOOPS; i++) wallMs += await timeFromEnter(page, loop);
	const requests = LOOPS * LOOP;
	console.log(
		`\n${requests} requests profiled: ${(wallMs / requests).toFixed(3)} ms/request from Enter\n`
	);
	mkdirSync(values.out, { recursive: true });
	const summary: {
		name: string;
		busyUs: number;
		top: [string, number][];
		files: [string, number][];
	}[] = [];
	for (const t of threads) {
		const { profile } = await t.send<{ profile: Profile }>('Profiler.stop');
		writeFileSync(join(values.out, `${t.name}.cpuprofile`), JSON.stringify(profile));
		const s = selfTimes(profile);
		summary.push({
			name: t.name,
			busyUs: s.busyUs,
			top: [...s.byFn].sort((a, b) => b[1] - a[1]).slice(0, TOP),
			files: [...s.byFile].sort((a, b) => b[1] - a[1]).slice(0, 12)
		});
	}
	summary.sort((a, b) => b.busyUs - a.busyUs);
	for (const s of summary)
		console.log(`${s.name.padEnd(50)} busy ${(s.busyUs / 1000 / requests).toFixed(3)} ms/request`);
	for (const s of summary.slice(0, 4)) {
		console.log(`\n== ${s.name}: self µs per request`);
		for (const [f, us] of s.files) console.log(`  ${(us / requests).toFixed(1).padStart(8)}  ${f}`);
		console.log('  --');
		for (const [f, us] of s.top) console.log(`  ${(us / requests).toFixed(1).padStart(8)}  ${f}`);
	}
	await opened.close();
} finally {
	await preview.close();
	await browser.close();
}
