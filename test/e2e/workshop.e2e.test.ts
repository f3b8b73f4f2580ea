/**
 * A workshop in Chromium, as a class lives it: a hub (`startWorkshopServer` over dist/), an
 * instructor's dashboard and two learners in their own browser contexts. Learners join by name,
 * their progress and a stuck learner's evidence reach the dashboard, a ready check is answered
 * and counted, a hold stops a learner at the held step, "move everyone to step 2" is offered and
 * accepted; the presenter views follow (with the hub, and hub-less over BroadcastChannel, which
 * keeps working once the hub is gone). Screenshots go to screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWorkshopServer, type WorkshopServer } from '../../server/workshop/server.ts';
import { connectChromium } from './shared-chromium.ts';
import { openPlayground, runCommand, waitForPrompt, type OpenedPage } from './playground-page.ts';

const OUT = resolve(import.meta.dirname, '../../screenshots');
const DIST = resolve(import.meta.dirname, '../../dist');
const ZC = 'istioctl ztunnel-config workloads --workload-namespace default';
const VIEWPORT = { width: 1400, height: 900 };

/** The dashboard's row for a learner, as text. */
/** `work`, or a named failure once `ms` have passed without it. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
	});
	try {
		return await Promise.race([work, late]);
	} finally {
		clearTimeout(timer);
	}
}

function row(dashboard: Page, name: string) {
	return dashboard.locator(`tr[data-learner="${name}"]`);
}

async function joinAs(browser: Browser, url: string, name: string): Promise<OpenedPage> {
	const opened = await openPlayground(browser, url, VIEWPORT);
	const page = opened.page;
	await page.getByRole('textbox', { name: 'Your name' }).fill(name);
	await page.getByRole('button', { name: 'Join', exact: true }).click();
	await page
		.getByTestId('workshop-badge')
		.filter({ hasText: 'connected' })
		.waitFor({ timeout: 30_000 });
	await waitForPrompt(page, 90_000);
	return opened;
}

async function openLesson(page: Page): Promise<void> {
	await page.locator('[data-lesson="join-the-mesh"]').click();
	await page.getByRole('heading', { name: /^Step 1:/ }).waitFor({ timeout: 60_000 });
}

describe('workshop in Chromium', () => {
	let browser: Browser;
	let hub: WorkshopServer | undefined;
	let dataDir: string;
	let instructor: OpenedPage;
	let ada: OpenedPage;
	let bob: OpenedPage;

	beforeAll(async () => {
		mkdirSync(OUT, { recursive: true });
		dataDir = mkdtempSync(join(tmpdir(), 'workshop-e2e-'));
		hub = await startWorkshopServer({
			port: 0,
			distDir: DIST,
			dataDir,
			lessons: ['03', '05'],
			title: 'Ambient 101'
		});
		browser = await connectChromium();
		instructor = await openPlayground(browser, hub.instructorUrl, VIEWPORT);
		await instructor.page
			.getByTestId('dashboard-connection')
			.filter({ hasText: 'connected' })
			.waitFor({ timeout: 30_000 });
		[ada, bob] = await Promise.all([
			joinAs(browser, hub.joinUrl, 'Ada'),
			joinAs(browser, hub.joinUrl, 'Bob')
		]);
	}, 240_000);

	afterAll(async () => {
		await Promise.all([instructor?.close(), ada?.close(), bob?.close()]);
		await browser?.close();
		await hub?.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('the dashboard lists both learners; the secret left the address bar', async () => {
		const dash = instructor.page;
		await row(dash, 'Ada').waitFor();
		await row(dash, 'Bob').waitFor();
		expect(dash.url()).not.toContain('secret=');
		// The instructor chose lessons 03 and 05: the learner's picker offers those two only. The
		// picker loads once the terminal has painted its prompt.
		await ada.page.locator('[data-lesson]').first().waitFor();
		const offered = await ada.page
			.locator('[data-lesson]')
			.evaluateAll((els) => els.map((e) => e.getAttribute('data-lesson')));
		expect(offered).toEqual(['join-the-mesh', 'l4-authorization']);
	});

	it('progress reaches the dashboard: a passing check, and a stuck learner with evidence and commands', async () => {
		const dash = instructor.page;
		await Promise.all([openLesson(ada.page), openLesson(bob.page)]);
		await row(dash, 'Ada').filter({ hasText: 'step 1/4' }).waitFor({ timeout: 30_000 });
		await expect(row(dash, 'Ada').locator('[data-col="checks"]').textContent()).resolves.toBe(
			'0/1'
		);

		await runCommand(ada.page, ZC);
		await row(dash, 'Ada')
			.locator('[data-col="checks"]')
			.filter({ hasText: '1/1 ✓' })
			.waitFor({ timeout: 30_000 });

		// Bob types commands that leave the step's check failing: after three, he is flagged.
		for (const c of ['kubectl get pods', 'kubectl get ns', 'kubectl get svc'])
			await runCommand(bob.page, c);
		await row(dash, 'Bob')
			.locator('[data-col="flag"]')
			.filter({ hasText: 'stuck: same check failing' })
			.waitFor({ timeout: 30_000 });
		await row(dash, 'Bob').getByRole('button', { name: 'Bob' }).click();
		const details = dash.locator('tr.details');
		await details.getByText('You listed the workloads ztunnel knows about').waitFor();
		await expect(details.locator('.commands li').allTextContents()).resolves.toEqual([
			'kubectl get pods exit 0',
			'kubectl get ns exit 0',
			'kubectl get svc exit 0'
		]);
		// The instructor reads the lesson's notes for the step the dashboard targets; a learner does
		// not see them, only the step's estimated time.
		const notes = dash.getByTestId('instructor-notes');
		await notes
			.getByText('This step (about 2 min): See the workloads as ztunnel sees them')
			.waitFor();
		await notes.getByText(/one label" promise/).waitFor();
		await ada.page
			.getByText(/^≈ \d+ min$/)
			.first()
			.waitFor();
		expect(await ada.page.getByTestId('instructor-notes').count()).toBe(0);
		await dash.screenshot({ path: resolve(OUT, 'workshop-dashboard.png') });
	}, 120_000);

	it('an announcement reaches the learners', async () => {
		const dash = instructor.page;
		await dash.getByPlaceholder('A message to everyone').fill('Break in 5 minutes');
		await dash.getByRole('button', { name: 'Announce', exact: true }).click();
		for (const l of [ada, bob])
			await l.page.getByRole('status').filter({ hasText: 'Break in 5 minutes' }).waitFor();
		await ada.page.screenshot({ path: resolve(OUT, 'workshop-learner.png') });
		await ada.page.getByRole('button', { name: 'Dismiss announcement' }).click();
		await expect(ada.page.getByText('Break in 5 minutes').count()).resolves.toBe(0);
	});

	it('a ready check is answered and counted', async () => {
		const dash = instructor.page;
		await dash.getByRole('button', { name: 'Ask “everyone ready?”' }).click();
		await ada.page.getByRole('alertdialog', { name: 'Ready check' }).waitFor();
		await ada.page.getByRole('button', { name: 'Yes' }).click();
		await bob.page.getByRole('button', { name: 'Not yet' }).click();
		await dash
			.getByTestId('ready-tally')
			.filter({ hasText: 'Ready: 1 · not yet: 1 · no answer: 0' })
			.waitFor({ timeout: 15_000 });
		await dash.getByRole('button', { name: 'Close ready check' }).click();
		await ada.page.getByRole('alertdialog', { name: 'Ready check' }).waitFor({ state: 'detached' });
	});

	it('a hold stops a learner at the held step until released', async () => {
		const dash = instructor.page;
		await dash.getByRole('button', { name: 'Hold at step 1' }).click();
		const page = ada.page;
		await page.getByText('Held by your instructor at step 1').waitFor({ timeout: 15_000 });
		const next = page.getByRole('button', { name: 'Next step →' });
		await expect(next.isDisabled()).resolves.toBe(true);
		await expect(page.getByRole('button', { name: /^Step 2: / }).isDisabled()).resolves.toBe(true);
		await dash.getByRole('button', { name: /^Release hold/ }).click();
		await page.getByText('Held by your instructor').waitFor({ state: 'detached' });
		await expect(next.isDisabled()).resolves.toBe(false);
	});

	it('"move everyone to step 2" is offered; one click takes the learner there', async () => {
		const dash = instructor.page;
		await dash.getByRole('spinbutton', { name: 'Step' }).fill('2');
		await dash.getByRole('spinbutton', { name: 'Step' }).press('Tab');
		await dash.getByRole('button', { name: 'Move everyone to step 2' }).click();
		const offer = bob.page.getByRole('alertdialog', { name: 'Move offer' });
		await offer.waitFor({ timeout: 15_000 });
		await offer.getByRole('button', { name: 'Go' }).click();
		await bob.page.getByRole('heading', { name: /^Step 2:/ }).waitFor({ timeout: 60_000 });
		await row(dash, 'Bob').filter({ hasText: 'step 2/4' }).waitFor({ timeout: 30_000 });
	}, 90_000);

	it('resetting one learner’s step resets that learner only, and tells them', async () => {
		const dash = instructor.page;
		if (!(await dash.locator('tr.details').isVisible()))
			await row(dash, 'Bob').getByRole('button', { name: 'Bob' }).click();
		await dash.getByRole('button', { name: 'Reset Bob’s step' }).click();
		await bob.page
			.getByRole('status')
			.filter({ hasText: 'Your instructor reset step 2' })
			.waitFor({ timeout: 60_000 });
		await bob.page.getByRole('heading', { name: /^Step 2:/ }).waitFor();
		await expect(ada.page.getByText('Your instructor reset').count()).resolves.toBe(0);
	}, 90_000);

	it('a hub restarted with an empty store is whole again once the tabs reconnect', async () => {
		const dash = instructor.page;
		const { code, secret, port } = hub!;
		await hub!.close();
		hub = undefined;
		await dash
			.getByTestId('dashboard-connection')
			.filter({ hasText: 'reconnecting' })
			.waitFor({ timeout: 15_000 });
		// Same address, code and secret, but nothing remembered: rows can only come from the tabs.
		const fresh = mkdtempSync(join(tmpdir(), 'workshop-e2e-'));
		hub = await startWorkshopServer({
			port,
			distDir: DIST,
			dataDir: fresh,
			code,
			secret,
			lessons: ['03', '05'],
			title: 'Ambient 101'
		});
		try {
			await dash
				.getByTestId('dashboard-connection')
				.filter({ hasText: 'connected' })
				.waitFor({ timeout: 30_000 });
			await row(dash, 'Ada')
				.filter({ hasText: 'step 1/4' })
				.locator('[data-col="checks"]')
				.filter({ hasText: '1/1 ✓' })
				.waitFor({ timeout: 30_000 });
			await row(dash, 'Bob').filter({ hasText: 'step 2/4' }).waitFor({ timeout: 30_000 });
			await ada.page
				.getByTestId('workshop-badge')
				.filter({ hasText: 'connected' })
				.waitFor({ timeout: 15_000 });
		} finally {
			rmSync(fresh, { recursive: true, force: true });
		}
	}, 90_000);

	it('the hub refuses a wrong secret and an unknown code, and the pages say so', async () => {
		const context = instructor.page.context();
		const wrong = await context.newPage();
		await wrong.goto(
			new URL(`/?workshop=${hub!.code}&view=instructor#secret=guess`, hub!.url).href
		);
		await wrong
			.getByRole('alert')
			.filter({ hasText: 'wrong instructor secret' })
			.waitFor({ timeout: 15_000 });
		await expect(wrong.locator('table[aria-label="Learners"]').count()).resolves.toBe(0);
		await wrong.close();

		const stranger = await openPlayground(
			browser,
			new URL('/?workshop=zzzz-zzzz-zzzz', hub!.url).href,
			VIEWPORT
		);
		await stranger.page.getByRole('textbox', { name: 'Your name' }).fill('Eve');
		await stranger.page.getByRole('button', { name: 'Join', exact: true }).click();
		await stranger.page
			.getByRole('alert')
			.filter({ hasText: 'unknown workshop code' })
			.waitFor({ timeout: 15_000 });
		await stranger.close();
		await expect(row(instructor.page, 'Eve').count()).resolves.toBe(0);
	}, 60_000);

	it('the presenter view with the hub shows the join link, its QR code and the histogram', async () => {
		const page = await instructor.page.context().newPage();
		await page.goto(hub!.presenterUrl);
		await page.getByTestId('presenter-join').filter({ hasText: hub!.joinUrl }).waitFor();
		await page.getByRole('img', { name: 'QR code of the join link' }).locator('svg').waitFor();
		await page.getByText('1 on step 1').waitFor({ timeout: 15_000 });
		await page.getByText('1 on step 2').waitFor();
		await waitForPrompt(page, 90_000);
		// The instructor's own playground shows a lesson's notes, folded for the projector.
		await page.locator('button[data-lesson="join-the-mesh"]').click();
		const notes = page.getByTestId('instructor-notes');
		await notes.getByText('Instructor notes').click();
		await notes.getByText(/one label" promise/).waitFor({ timeout: 60_000 });
		await page.screenshot({ path: resolve(OUT, 'workshop-presenter.png') });
		await page.close();
	}, 120_000);

	it('a hub-less presenter window follows the speaker’s window, also after the hub is gone', async () => {
		const presenter = await ada.page.context().newPage();
		await presenter.goto(new URL('/?view=presenter', hub!.url).href, { timeout: 20_000 });
		await presenter
			.getByTestId('presenter-lesson')
			.filter({ hasText: 'Join the mesh with one label — step 1 of 4' })
			.waitFor({ timeout: 15_000 });

		// Each step bounded, so a failure names the step rather than the test's 60 s.
		await within(10_000, 'the hub to close', hub!.close());
		hub = undefined;
		await ada.page
			.getByTestId('workshop-badge')
			.filter({ hasText: /reconnecting|offline/ })
			.waitFor({ timeout: 15_000 });
		// The mesh runs in the tab: the learner keeps working, and the presenter keeps following.
		const out = await runCommand(ada.page, 'echo the presenter follows');
		expect(out).toContain('the presenter follows');
		await presenter
			.getByTestId('presenter-terminal')
			.filter({ hasText: 'the presenter follows' })
			.waitFor({ timeout: 10_000 });
		await presenter.screenshot({
			path: resolve(OUT, 'workshop-presenter-follow.png'),
			timeout: 10_000
		});
		await within(10_000, 'the presenter window to close', presenter.close());
		expect(
			ada.errors.filter((e) => !/socket\.io|ERR_CONNECTION_REFUSED|WebSocket/.test(e))
		).toEqual([]);
	}, 60_000);
});
