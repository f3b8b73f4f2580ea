/**
 * The hub's protocol as clients see it: learners join and progress, the instructor's dashboard
 * gets their rows, and instructor actions reach the class.
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
	type WorkshopInfo
} from '../../src/workshop/protocol.ts';
import { ask, connect, next, progress } from './client.ts';

let hub: WorkshopServer;
const sockets: Socket[] = [];
const open = (): Socket => {
	const s = connect(hub.url);
	sockets.push(s);
	return s;
};

beforeAll(async () => {
	hub = await startWorkshopServer({
		dataDir: mkdtempSync(join(tmpdir(), 'workshop-')),
		lessons: ['03', '05'],
		title: 'Ambient 101'
	});
});
afterAll(async () => {
	for (const s of sockets) s.disconnect();
	await hub.close();
});

describe('workshop hub', () => {
	it('prints URLs with an unguessable code and a 128-bit secret', () => {
		expect(hub.code).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
		expect(Buffer.from(hub.secret, 'base64url').length).toBeGreaterThanOrEqual(16);
		expect(hub.joinUrl).toBe(`${hub.url}/?workshop=${hub.code}`);
		expect(hub.instructorUrl).toBe(
			`${hub.url}/?workshop=${hub.code}&view=instructor#secret=${hub.secret}`
		);
		expect(hub.lessons).toEqual(['join-the-mesh', 'l4-authorization']);
	});

	it('shows a learner who joins and progresses on the dashboard', async () => {
		const teacher = open();
		const snap = await ask<DashboardSnapshot>(teacher, EVENTS.instructorJoin, {
			code: hub.code,
			secret: hub.secret
		});
		expect(snap).toMatchObject({ ok: true, workshop: { title: 'Ambient 101' } });

		const ada = open();
		const seen = next<LearnerRow>(teacher, EVENTS.dashboardLearner, (r) => r.name === 'Ada');
		const joined = await ask<{ workshop: WorkshopInfo }>(ada, EVENTS.learnerJoin, {
			code: hub.code,
			name: '  Ada  ',
			learnerId: 'ada-1',
			progress: null
		});
		expect(joined).toMatchObject({
			ok: true,
			workshop: { code: hub.code, lessons: ['join-the-mesh', 'l4-authorization'] }
		});
		expect(await seen).toMatchObject({ learnerId: 'ada-1', connected: true, progress: null });

		const row = next<LearnerRow>(teacher, EVENTS.dashboardLearner, (r) => r.progress?.seq === 2);
		expect(
			await ask(ada, EVENTS.learnerProgress, progress({ seq: 2, step: 2, checksPassed: 1 }))
		).toEqual({ ok: true });
		expect((await row).progress).toMatchObject({
			lesson: 'join-the-mesh',
			step: 2,
			checksPassed: 1
		});

		const again = await ask<DashboardSnapshot>(open(), EVENTS.instructorJoin, {
			code: hub.code,
			secret: hub.secret
		});
		expect(again.ok && again.learners.find((l) => l.learnerId === 'ada-1')?.progress?.step).toBe(2);
	});
});
