/**
 * Several hub instances sharing workshops through Redis: a learner on instance A appears on an
 * instructor's dashboard on instance B, instructor actions reach learners on the other instance,
 * and when A stops, its learners reconnect to B and the dashboard is whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { WorkshopServer } from '../../server/workshop/server.ts';
import {
	EVENTS,
	type DashboardSnapshot,
	type LearnerRow,
	type MoveOffer,
	type WorkshopInfo
} from '../../src/workshop/protocol.ts';
import { ask, next, progress } from './client.ts';
import { startTwoHubs, type TwoHubs } from './two-hubs.ts';

let hubs: TwoHubs;
let a: WorkshopServer;
let b: WorkshopServer;
const open = (url: string): Socket => hubs.open(url);

beforeAll(async () => {
	hubs = await startTwoHubs();
	({ a, b } = hubs);
}, 30_000);
afterAll(() => hubs.close());

describe('two hub instances sharing Redis', () => {
	it('resumes the same workshop on the second instance', () => {
		expect(b.code).toBe(a.code);
		expect(b.lessons).toEqual(['join-the-mesh']);
	});

	it('shows learners on A on the dashboard on B, and B’s actions reach them', async () => {
		const teacher = open(b.url);
		const rows = new Map<string, LearnerRow>();
		teacher.on(EVENTS.dashboardLearner, (r: LearnerRow) => rows.set(r.learnerId, r));
		expect(
			await ask(teacher, EVENTS.instructorJoin, { code: a.code, secret: a.secret })
		).toMatchObject({ ok: true });

		const learners = ['Ida', 'Jon', 'Kim'].map((name, i) => ({
			name,
			id: `l${i}`,
			socket: open(a.url)
		}));
		for (const l of learners)
			await ask(l.socket, EVENTS.learnerJoin, {
				code: a.code,
				name: l.name,
				learnerId: l.id,
				progress: progress({ seq: 1 })
			});
		const latest = next<LearnerRow>(
			teacher,
			EVENTS.dashboardLearner,
			(r) => r.learnerId === 'l2' && r.progress?.step === 3
		);
		await ask(learners[2]!.socket, EVENTS.learnerProgress, progress({ seq: 2, step: 3 }));
		await latest;
		expect([...rows.values()].map((r) => r.name).sort()).toEqual(['Ida', 'Jon', 'Kim']);

		const snap = await ask<DashboardSnapshot>(open(b.url), EVENTS.instructorJoin, {
			code: a.code,
			secret: a.secret
		});
		if (!snap.ok) throw new Error(snap.error);
		expect(snap.learners.map((r) => [r.name, r.connected, r.progress?.step]).sort()).toEqual([
			['Ida', true, 1],
			['Jon', true, 1],
			['Kim', true, 3]
		]);

		const moved = Promise.all(learners.map((l) => next<MoveOffer>(l.socket, EVENTS.workshopMove)));
		const announced = next<WorkshopInfo>(learners[0]!.socket, EVENTS.workshopUpdate);
		await ask(teacher, EVENTS.instructorMove, { lesson: 'join-the-mesh', step: 2 });
		await ask(teacher, EVENTS.instructorAnnounce, { text: 'from B' });
		expect((await moved).map((m) => m.step)).toEqual([2, 2, 2]);
		expect((await announced).announcements.at(-1)?.text).toBe('from B');
	});

	it('keeps every learner when A goes away: they rejoin on B and the dashboard is whole', async () => {
		const teacher = open(b.url);
		await ask(teacher, EVENTS.instructorJoin, { code: a.code, secret: a.secret });
		const mover = open(a.url);
		await ask(mover, EVENTS.learnerJoin, {
			code: a.code,
			name: 'Lou',
			learnerId: 'lou',
			progress: progress({ seq: 4, step: 2 })
		});
		const offline = next<LearnerRow>(
			teacher,
			EVENTS.dashboardLearner,
			(r) => r.learnerId === 'lou' && !r.connected
		);
		await a.close();
		await offline;
		// A real deployment's load balancer sends the reconnect to a live instance; here the tab does.
		const again = open(b.url);
		const online = next<LearnerRow>(
			teacher,
			EVENTS.dashboardLearner,
			(r) => r.learnerId === 'lou' && r.connected
		);
		await ask(again, EVENTS.learnerJoin, {
			code: a.code,
			name: 'Lou',
			learnerId: 'lou',
			progress: progress({ seq: 5, step: 3 })
		});
		expect((await online).progress?.step).toBe(3);
		const snap = await ask<DashboardSnapshot>(teacher, EVENTS.instructorJoin, {
			code: a.code,
			secret: a.secret
		});
		expect(snap.ok && snap.learners.find((r) => r.learnerId === 'lou')).toMatchObject({
			connected: true,
			progress: { seq: 5 }
		});
	});
});
