/**
 * /embed.html and /embed.js in Chromium, inside a host page served from another localhost origin
 * (Playwright answers for it): the poster costs no workers and no mesh code; Start brings the
 * terminal and lesson up; `run` types a command visibly; `ready`/`step`/`check`/`command`
 * events reach the host page as CustomEvents; the same message from a third origin is ignored;
 * a bad lesson or step says so inside the embed. Screenshots go to screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { connectChromium } from './shared-chromium.ts';
import { freePort } from './preview-server.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');
/**
 * The docs pages are served from `localhost` (the playground is on 127.0.0.1): another origin,
 * still a secure context and on the loopback, so Chromium's local-network checks let it load.
 */
let HOST = '';
let THIRD = '';

/** A tiny static server for the host pages; returns its origin. */
async function serve(pages: Map<string, string>, servers: Server[]): Promise<string> {
	const port = await freePort();
	const server = createServer((req, res) => {
		const html = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
		res.writeHead(html ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
		res.end(html ?? 'not found');
	});
	await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
	servers.push(server);
	return `http://localhost:${port}`;
}
const ZC = 'istioctl ztunnel-config workloads --workload-namespace default';

interface HostEvent {
	readonly id: string;
	readonly type: string;
	readonly detail: Record<string, unknown>;
}

function hostPage(base: string, body: string): string {
	return `<!doctype html><html><head><meta charset="utf-8"><title>Docs</title></head>
<body style="margin:0;font-family:sans-serif">
<script>
window.events = [];
for (const t of ['poster','ready','step','check','command','complete','error'])
	document.addEventListener('mesh-playground:' + t, (e) =>
		window.events.push({ id: e.target.id, type: t, detail: e.detail }));
</script>
${body}
<script src="${base}embed.js"></script>
</body></html>`;
}

/** A page from a third origin that posts a well-formed `run` to the first embed on the page. */
const THIRD_PAGE = `<!doctype html><script>
window.addEventListener('message', (e) => {
	if (e.data !== 'go') return;
	for (let i = 0; i < parent.frames.length; i++)
		if (parent.frames[i] !== window)
			parent.frames[i].postMessage({ source: 'mesh-playground', version: 1, type: 'run', text: 'echo from-a-stranger' }, '*');
});
</script>`;

describe('the embed in a docs page (Chromium)', () => {
	let browser: Browser;
	let context: BrowserContext;
	let base: string;
	const pages = new Map<string, string>();
	const servers: Server[] = [];
	/** The third origin serves the probe page, and the progress page (to show isolation). */
	const thirdPages = new Map<string, string>([['/third.html', THIRD_PAGE]]);

	/** Each test page in a fresh profile: progress one test made must not steer another. */
	async function open(path: string, width = 1000, height = 700): Promise<Page> {
		context = await browser.newContext();
		const page = await context.newPage();
		await page.setViewportSize({ width, height });
		await page.goto(`${HOST}${path}`);
		return page;
	}

	function embedFrame(page: Page, nth = 0): Frame {
		const frames = page.frames().filter((f) => f.url().includes('/embed.html'));
		const frame = frames[nth];
		if (!frame) throw new Error(`no embed frame ${nth} in ${page.url()}`);
		return frame;
	}

	async function events(page: Page): Promise<HostEvent[]> {
		return page.evaluate(() => (window as unknown as { events: HostEvent[] }).events);
	}

	async function waitEvent(
		page: Page,
		match: (e: HostEvent) => boolean,
		timeout = 60_000
	): Promise<HostEvent> {
		const start = Date.now();
		for (;;) {
			const hit = (await events(page)).find(match);
			if (hit) return hit;
			if (Date.now() - start > timeout)
				throw new Error(`no such event; got ${JSON.stringify(await events(page))}`);
			await page.waitForTimeout(100);
		}
	}

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		base = inject('baseURL');
		HOST = await serve(pages, servers);
		THIRD = await serve(thirdPages, servers);
		browser = await connectChromium();
		context = await browser.newContext();
		pages.set(
			'/lesson.html',
			hostPage(
				base,
				`<mesh-playground id="a" lesson="03-join-the-mesh" step="1" panes="lesson,terminal,topology" height="560"></mesh-playground>
<iframe id="third" src="${THIRD}/third.html" style="width:10px;height:10px;border:0"></iframe>`
			)
		);
		const progress = hostPage(
			base,
			'<mesh-playground id="p" lesson="join-the-mesh" panes="lesson,terminal" autostart="eager"></mesh-playground>'
		);
		pages.set('/progress.html', progress);
		thirdPages.set('/progress.html', progress);
		pages.set(
			'/tall.html',
			hostPage(
				base,
				`<mesh-playground id="t" lesson="join-the-mesh" panes="lesson,terminal" autostart="eager" height="400"></mesh-playground>
<div style="height:3000px"></div>`
			)
		);
		pages.set(
			'/below.html',
			hostPage(
				base,
				`<div style="height:2000px">Scroll down</div>
<mesh-playground id="below" lesson="join-the-mesh" panes="terminal" autostart="visible" height="300"></mesh-playground>`
			)
		);
		pages.set(
			'/scenario.html',
			hostPage(
				base,
				`<mesh-playground id="s" panes="terminal,nodes" autostart="eager" height="360"
	commands="kubectl get pods -n default ;; kubectl get namespace default"></mesh-playground>`
			)
		);
		pages.set(
			'/bad.html',
			hostPage(
				base,
				`<mesh-playground id="unknown" lesson="no-such-lesson" height="300"></mesh-playground>
<mesh-playground id="range" lesson="join-the-mesh" step="42" height="300"></mesh-playground>
<mesh-playground id="unreachable" lesson-src="http://127.0.0.1:9/nowhere.md" autostart="eager" height="300"></mesh-playground>`
			)
		);
		pages.set(
			'/inline.html',
			hostPage(
				base,
				`<mesh-playground id="inline" panes="lesson,terminal" height="420" autostart="eager">
<script type="text/x-mesh-lesson">
	---
	id: inline-pods
	title: Count the pods
	summary: One step, written next to the paragraph it belongs to.
	level: beginner
	minutes: 2
	setup:
	  scenario: bookinfo
	---

	## Step: List the pods

	Run \`kubectl get pods\`.

	\`\`\`solution
	kubectl get pods
	\`\`\`

	\`\`\`check
	- name: You listed the pods
	  commandRan:
	    matches: 'kubectl get pods'
	\`\`\`
</script>
</mesh-playground>
<mesh-playground id="broken" panes="lesson,terminal" height="300" autostart="eager">
<script type="text/x-mesh-lesson">
	---
	id: broken
	title: Broken
	---

	## Step: Oops

	\`\`\`check
	- name: nothing
	  noSuchPredicate: 1
	\`\`\`
</script>
</mesh-playground>`
			)
		);
	});

	afterAll(async () => {
		await browser?.close();
		for (const s of servers) s.close();
	});

	it('shows a poster that loads no mesh, then Start brings up lesson and terminal', async () => {
		const requests: string[] = [];
		const workers: string[] = [];
		const page = await context.newPage();
		page.on('request', (r) => requests.push(r.url()));
		page.on('worker', (w) => workers.push(w.url()));
		await page.setViewportSize({ width: 1000, height: 700 });
		await page.goto(`${HOST}/lesson.html`);
		await waitEvent(page, (e) => e.type === 'poster');
		const frame = embedFrame(page);
		await frame.getByRole('heading', { name: 'Join the mesh with one label' }).waitFor();
		await frame.getByText('See the workloads as ztunnel sees them').waitFor();
		await page.screenshot({ path: resolve(OUT, 'embed-poster.png') });
		expect(workers).toEqual([]);
		// The poster's requests: the embed page, its entry and styles, one lesson's markdown.
		const heavy = requests.filter((u) => /boot-|monaco|LessonHost|in-process|istioctl/.test(u));
		expect(heavy).toEqual([]);

		await frame.getByRole('button', { name: 'Start' }).click();
		const ready = await waitEvent(page, (e) => e.type === 'ready');
		expect(ready.detail).toEqual({ lesson: 'join-the-mesh', step: 1 });
		const step = await waitEvent(page, (e) => e.type === 'step');
		expect(step.detail).toEqual({
			lesson: 'join-the-mesh',
			step: 1,
			title: 'See the workloads as ztunnel sees them'
		});
		expect(await frame.evaluate(() => window.__meshPlayground?.runtimeKind())).toBe('inprocess');
		// In-process runtime: no pod, ztunnel or istiod workers (the topology's layout worker may run).
		expect(workers.filter((u) => /pod|ztunnel|waypoint|istiod|host/.test(u))).toEqual([]);
		await page.close();
	});

	it('runs a command from the page, visibly, and reports command and check events', async () => {
		const page = await open('/lesson.html');
		await waitEvent(page, (e) => e.type === 'poster');
		// Sent before the embed has started: kept and run once the terminal is ready.
		await page.evaluate((zc) => {
			const el = document.getElementById('a') as HTMLElement & {
				start(): void;
				run(t: string): void;
			};
			el.start();
			el.run(zc);
		}, ZC);
		const command = await waitEvent(page, (e) => e.type === 'command');
		expect(command.detail).toEqual({ text: ZC, exitCode: 0 });
		const frame = embedFrame(page);
		expect(await frame.evaluate(() => window.__meshPlayground?.terminalText())).toContain(
			`$ ${ZC}`
		);
		const check = await waitEvent(page, (e) => e.type === 'check' && e.detail.passed === true);
		expect(check.detail).toEqual({
			lesson: 'join-the-mesh',
			step: 1,
			name: 'You listed the workloads ztunnel knows about',
			passed: true
		});

		await page.evaluate(() =>
			(document.getElementById('a') as HTMLElement & { goto(s: number): void }).goto(2)
		);
		const step2 = await waitEvent(page, (e) => e.type === 'step' && e.detail.step === 2);
		expect(step2.detail.title).toBe('Add the namespace to the mesh');
		await frame.getByRole('heading', { name: /^Step 2:/ }).waitFor();
		await page.screenshot({ path: resolve(OUT, 'embed-started-1000.png') });

		// The same kind of message from a third origin: ignored, counted, never run.
		const before = await frame.evaluate(() => window.__meshPlayground?.embed?.ignored ?? -1);
		await page.frame({ url: /third\.html/ })!.evaluate(() => window.postMessage('go', '*'));
		await frame.waitForFunction((n) => (window.__meshPlayground?.embed?.ignored ?? 0) > n, before, {
			timeout: 10_000
		});
		expect(
			await frame.evaluate(() => window.__meshPlayground?.embed?.ignoredReasons.origin)
		).toBeGreaterThanOrEqual(1);
		await page.waitForTimeout(500);
		expect(await frame.evaluate(() => window.__meshPlayground?.terminalText())).not.toContain(
			'from-a-stranger'
		);
		expect((await events(page)).filter((e) => e.type === 'command')).toHaveLength(1);
		await page.close();
	});

	it('says what is wrong inside the embed: unknown lesson, step out of range, unreachable lesson-src', async () => {
		const page = await open('/bad.html');
		const unknown = embedFrame(page, 0);
		await unknown.getByRole('alert').getByText('no lesson "no-such-lesson"').waitFor();
		const range = embedFrame(page, 1);
		await range
			.getByRole('alert')
			.getByText('step 42 is out of range: "Join the mesh with one label" has steps 1 to')
			.waitFor();
		const unreachable = embedFrame(page, 2);
		await unreachable
			.getByRole('alert')
			.getByText('could not fetch the lesson at http://127.0.0.1:9/nowhere.md')
			.waitFor({ timeout: 30_000 });
		const error = await waitEvent(page, (e) => e.type === 'error' && e.id === 'unreachable');
		expect(String(error.detail.message)).toMatch(/^could not fetch the lesson at /);
		await page.close();
	});

	it('runs an inline scenario, and shows a malformed one with its line number', async () => {
		const page = await open('/inline.html', 800, 900);
		const ready = await waitEvent(page, (e) => e.type === 'ready' && e.id === 'inline');
		expect(ready.detail).toEqual({ lesson: 'inline-pods', step: 1 });
		const frame = embedFrame(page, 0);
		await frame.getByRole('heading', { name: /^Step 1: List the pods/ }).waitFor();
		const error = await waitEvent(page, (e) => e.type === 'error' && e.id === 'broken');
		expect(String(error.detail.message)).toMatch(/inline lesson:\d+: /);
		await embedFrame(page, 1)
			.getByRole('alert')
			.getByText(/inline lesson:\d+: /)
			.waitFor();
		await page.close();
	});

	it('keeps progress per embedding origin, across a reload of the docs page', async () => {
		type El = HTMLElement & { run(t: string): void; goto(s: number): void };
		const page = await open('/progress.html');
		const first = await waitEvent(page, (e) => e.type === 'ready');
		expect(first.detail).toEqual({ lesson: 'join-the-mesh', step: 1 });
		await page.evaluate((zc) => (document.getElementById('p') as El).run(zc), ZC);
		await waitEvent(page, (e) => e.type === 'check' && e.detail.passed === true);
		await page.evaluate(() => (document.getElementById('p') as El).goto(2));
		await waitEvent(page, (e) => e.type === 'step' && e.detail.step === 2);

		await page.reload();
		const again = await waitEvent(page, (e) => e.type === 'ready');
		expect(again.detail).toEqual({ lesson: 'join-the-mesh', step: 2 });
		// Chromium denies the cross-site iframe its storage here, so the docs page keeps it.
		const kept = await page.evaluate(() => localStorage.getItem('mesh-playground:embed-progress'));
		expect(JSON.parse(kept ?? '{}').lessons['join-the-mesh'].current).toBe(1);

		// The same page on another origin starts from the beginning: it cannot see that progress.
		const other = await context.newPage();
		await other.goto(`${THIRD}/progress.html`);
		const fresh = await waitEvent(other, (e) => e.type === 'ready');
		expect(fresh.detail).toEqual({ lesson: 'join-the-mesh', step: 1 });
		await other.close();
		await page.close();
	});

	it('pauses an in-process mesh out of view, resumes it in view; theme and reset from the page', async () => {
		type El = HTMLElement & {
			setTheme(t: string): void;
			goto(s: number): void;
			reset(s: string): void;
		};
		const page = await open('/tall.html', 900, 600);
		await waitEvent(page, (e) => e.type === 'ready');
		const frame = embedFrame(page);
		await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
		await frame.waitForFunction(
			() => window.__meshPlayground?.embed?.paused === true,
			undefined,
			// Polled by time: Chromium throttles animation frames in an off-screen cross-site iframe.
			{ timeout: 25_000, polling: 500 }
		);
		await page.evaluate(() => window.scrollTo(0, 0));
		await frame.waitForFunction(() => window.__meshPlayground?.embed?.paused === false, undefined, {
			timeout: 5_000
		});

		await page.evaluate(() => (document.getElementById('t') as El).setTheme('light'));
		await frame.waitForFunction(() => document.documentElement.dataset.theme === 'light');
		await page.evaluate(() => (document.getElementById('t') as El).setTheme('dark'));
		await frame.waitForFunction(() => document.documentElement.dataset.theme === 'dark');

		await page.evaluate(() => (document.getElementById('t') as El).goto(3));
		await waitEvent(page, (e) => e.type === 'step' && e.detail.step === 3);
		const before = (await events(page)).filter(
			(e) => e.type === 'step' && e.detail.step === 1
		).length;
		await page.evaluate(() => (document.getElementById('t') as El).reset('lesson'));
		// Back at step 1: a new `step` event for it.
		for (let i = 0; ; i++) {
			const ones = (await events(page)).filter((e) => e.type === 'step' && e.detail.step === 1);
			if (ones.length > before) break;
			if (i > 300) throw new Error('reset did not go back to step 1');
			await page.waitForTimeout(100);
		}
		await page.close();
	});

	it('autostart="visible" shows the poster until the embed is scrolled into view', async () => {
		const page = await open('/below.html', 900, 600);
		await waitEvent(page, (e) => e.type === 'poster');
		await page.waitForTimeout(1000);
		const frame = embedFrame(page);
		expect(await frame.evaluate(() => window.__meshPlayground?.embed?.started)).toBe(false);
		await page.evaluate(() => document.getElementById('below')?.scrollIntoView());
		// No lesson pane on show, yet the lesson runs: it opened, and its checks report.
		const ready = await waitEvent(page, (e) => e.type === 'ready');
		expect(ready.detail).toEqual({ lesson: 'join-the-mesh', step: 1 });
		await page.evaluate(
			(zc) => (document.getElementById('below') as HTMLElement & { run(t: string): void }).run(zc),
			ZC
		);
		const check = await waitEvent(page, (e) => e.type === 'check' && e.detail.passed === true);
		expect(check.detail.name).toBe('You listed the workloads ztunnel knows about');
		await page.close();
	});

	it('a scenario-only embed runs its start commands in the terminal, in order', async () => {
		const page = await open('/scenario.html');
		const ready = await waitEvent(page, (e) => e.type === 'ready');
		expect(ready.detail).toEqual({ lesson: null, step: null });
		await waitEvent(
			page,
			(e) => e.type === 'command' && e.detail.text === 'kubectl get namespace default'
		);
		const commands = (await events(page)).filter((e) => e.type === 'command').map((e) => e.detail);
		expect(commands).toEqual([
			{ text: 'kubectl get pods -n default', exitCode: 0 },
			{ text: 'kubectl get namespace default', exitCode: 0 }
		]);
		const text = await embedFrame(page).evaluate(
			() => window.__meshPlayground?.terminalText() ?? ''
		);
		expect(text).toContain('$ kubectl get pods -n default');
		expect(text).toMatch(/productpage-v1-\S+\s+1\/1\s+Running/);
		expect(text).toMatch(/default\s+Active/);
		await page.close();
	});
});
