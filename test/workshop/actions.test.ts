/**
 * What the instructor's actions do for the class: announcements, moves, holds, step resets, the
 * ready check and the CSV export; and that the hub's own memory survives a restart.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startWorkshopServer, type WorkshopServer } from '../../server/workshop/server.ts';
import {
	EVENTS,
	type DashboardSnapshot,
	type LearnerRow,
	type MoveOffer,
	type StepRef,
	type WorkshopInfo
} from '../../src/workshop/protocol.ts';
import { loadCatalog } from '../../server/workshop/lesson-catalog.ts';
import { ask, connect, next, progress } from './client.ts';

const steps = (id: string) => loadCatalog().find((l) => l.id === id)?.steps;

const dataDir = mkdtempSync(join(tmpdir(), 'workshop-'));
let hub: WorkshopServer;
const sockets: Socket[] = [];
const open = (): Socket => {
	const s = connect(hub.url);
	sockets.push(s);
	return s;
};
async function learner(name: string, id: string): Promise<Socket> {
	const socket = open();
	expect(
		await ask(socket, EVENTS.learnerJoin, {
			code: hub.code,
			name,
			learnerId: id,
			progress: progress({ seq: 1 })
		})
	).toMatchObject({ ok: true });
	return socket;
}
let teacher: Socket;
let ana: Socket;
let ben: Socket;

beforeAll(async () => {
	hub = await startWorkshopServer({ dataDir, lessons: ['03', '05'], title: 'Ambient 101' });
	teacher = open();
	await ask(teacher, EVENTS.instructorJoin, { code: hub.code, secret: hub.secret });
	ana = await learner('Ana', 'ana');
	ben = await learner('Ben', 'ben');
});
afterAll(async () => {
	for (const s of sockets) s.disconnect();
	await hub.close();
});

describe('instructor actions', () => {
	it('announces to every learner, newest last', async () => {
		const update = next<WorkshopInfo>(ben, EVENTS.workshopUpdate);
		expect(
			await ask(teacher, EVENTS.instructorAnnounce, { text: '  Welcome! Start lesson 3.  ' })
		).toEqual({ ok: true });
		const info = await update;
		expect(info.announcements.at(-1)).toMatchObject({ text: 'Welcome! Start lesson 3.' });
		expect(JSON.stringify(info)).not.toContain('secret');
	});

	it('moves everyone, or one learner, to a step the workshop has', async () => {
		const toAna = next<MoveOffer>(ana, EVENTS.workshopMove);
		const toBen = next<MoveOffer>(ben, EVENTS.workshopMove);
		expect(await ask(teacher, EVENTS.instructorMove, { lesson: 'join-the-mesh', step: 2 })).toEqual(
			{ ok: true }
		);
		expect(await toAna).toMatchObject({ lesson: 'join-the-mesh', step: 2, id: expect.any(String) });
		expect(await toBen).toMatchObject({ lesson: 'join-the-mesh', step: 2 });

		const benOnly: MoveOffer[] = [];
		ana.on(EVENTS.workshopMove, (m: MoveOffer) => benOnly.push(m));
		const one = next<MoveOffer>(ben, EVENTS.workshopMove);
		expect(
			await ask(teacher, EVENTS.instructorMove, {
				lesson: 'l4-authorization',
				step: 1,
				learnerId: 'ben'
			})
		).toEqual({ ok: true });
		expect(await one).toMatchObject({ lesson: 'l4-authorization', step: 1 });
		expect(benOnly).toEqual([]);

		expect(
			await ask(teacher, EVENTS.instructorMove, { lesson: 'join-the-mesh', step: 99 })
		).toEqual({
			ok: false,
			error: `lesson "join-the-mesh" has ${steps('join-the-mesh')} steps; there is no step 99`
		});
		expect(
			await ask(teacher, EVENTS.instructorMove, { lesson: 'waypoints', step: 1 })
		).toMatchObject({ ok: false, error: expect.stringContaining('not in this workshop') });
		expect(
			await ask(teacher, EVENTS.instructorMove, {
				lesson: 'join-the-mesh',
				step: 1,
				learnerId: 'nobody'
			})
		).toEqual({ ok: false, error: 'no learner "nobody" in this workshop' });
	});

	it('holds the class at a step and releases it', async () => {
		const held = next<WorkshopInfo>(ana, EVENTS.workshopUpdate, (i) => i.hold !== null);
		expect(await ask(teacher, EVENTS.instructorHold, { lesson: 'join-the-mesh', step: 2 })).toEqual(
			{ ok: true }
		);
		expect((await held).hold).toEqual({ lesson: 'join-the-mesh', step: 2 });
		const released = next<WorkshopInfo>(ana, EVENTS.workshopUpdate, (i) => i.hold === null);
		expect(await ask(teacher, EVENTS.instructorHold, null)).toEqual({ ok: true });
		expect((await released).hold).toBeNull();
	});

	it('resets one learner’s current step', async () => {
		await ask(ana, EVENTS.learnerProgress, progress({ seq: 3, lesson: 'join-the-mesh', step: 3 }));
		const reset = next<StepRef>(ana, EVENTS.workshopResetStep);
		expect(await ask(teacher, EVENTS.instructorResetStep, { learnerId: 'ana' })).toEqual({
			ok: true
		});
		expect(await reset).toEqual({ lesson: 'join-the-mesh', step: 3 });
	});

	it('runs a ready check: learners answer inside their progress and the dashboard counts', async () => {
		const opened = next<WorkshopInfo>(ben, EVENTS.workshopUpdate, (i) => i.readyCheck !== null);
		const ack = await ask<{ readyCheck: { id: string } }>(teacher, EVENTS.instructorReadyCheck, {
			open: true
		});
		const checkId = (await opened).readyCheck?.id;
		expect(ack.ok && ack.readyCheck.id).toBe(checkId);
		const rows = new Map<string, LearnerRow>();
		teacher.on(EVENTS.dashboardLearner, (r: LearnerRow) => rows.set(r.learnerId, r));
		await ask(
			ana,
			EVENTS.learnerProgress,
			progress({ seq: 4, ready: { checkId: checkId!, ready: true } })
		);
		await ask(
			ben,
			EVENTS.learnerProgress,
			progress({ seq: 4, ready: { checkId: checkId!, ready: false } })
		);
		await new Promise((r) => setTimeout(r, 100));
		const answers = [...rows.values()].map((r) => [r.name, r.progress?.ready?.ready]);
		expect(answers.sort()).toEqual([
			['Ana', true],
			['Ben', false]
		]);
		const closed = next<WorkshopInfo>(ben, EVENTS.workshopUpdate, (i) => i.readyCheck === null);
		await ask(teacher, EVENTS.instructorReadyCheck, { open: false });
		expect((await closed).readyCheck).toBeNull();
	});

	it('exports the class as CSV, quoting names a spreadsheet would run', async () => {
		const eve = open();
		await ask(eve, EVENTS.learnerJoin, {
			code: hub.code,
			name: '=HYPERLINK("x")',
			learnerId: 'eve',
			progress: null
		});
		const csv = await ask<{ csv: string }>(teacher, EVENTS.instructorExport);
		expect(csv.ok).toBe(true);
		const lines = csv.ok ? csv.csv.trim().split('\r\n') : [];
		expect(lines[0]).toBe(
			'name,connected,lesson,step,steps_done,steps_total,checks_passed,checks_total,step_passed,minutes_on_step,hints_used,solve_used,stuck,last_seen'
		);
		expect(lines[1]).toBe(`"'=HYPERLINK(""x"")",true,,,,,,,,,,,,${lines[1]?.split(',').at(-1)}`);
		expect(lines[2]).toMatch(/^Ana,true,join-the-mesh,1,0,3,0,2,false,0,0,false,,\d{4}-/);
		expect(lines).toHaveLength(4);
	});
});

describe('a hub restart', () => {
	it('keeps settings, hold, announcements and ready check; the dashboard refills as learners reconnect', async () => {
		await ask(teacher, EVENTS.instructorHold, { lesson: 'l4-authorization', step: 1 });
		await ask(teacher, EVENTS.instructorReadyCheck, { open: true });
		const { code, secret, port } = hub;
		for (const s of sockets.splice(0)) s.disconnect();
		await hub.close();

		hub = await startWorkshopServer({ dataDir, port, code, secret });
		expect(hub.lessons).toEqual(['join-the-mesh', 'l4-authorization']);
		const again = open();
		const snap = await ask<DashboardSnapshot>(again, EVENTS.instructorJoin, { code, secret });
		if (!snap.ok) throw new Error(snap.error);
		expect(snap.workshop).toMatchObject({
			title: 'Ambient 101',
			hold: { lesson: 'l4-authorization', step: 1 },
			readyCheck: { id: expect.any(String) }
		});
		expect(snap.workshop.announcements.map((a) => a.text)).toEqual(['Welcome! Start lesson 3.']);
		expect(snap.learners).toEqual([]);
		const back = next<LearnerRow>(again, EVENTS.dashboardLearner, (r) => r.name === 'Ana');
		await learner('Ana', 'ana');
		expect((await back).connected).toBe(true);

		await expect(startWorkshopServer({ dataDir, code, secret: 'w'.repeat(22) })).rejects.toThrow(
			`wrong secret for workshop ${code}`
		);
	});
});
