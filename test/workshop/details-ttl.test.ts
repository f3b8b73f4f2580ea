/**
 * A learner's commands and evidence are shared only while they are in the workshop: after the
 * TTL away, the hub drops them (the row and its progress counts stay for the dashboard and CSV).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startWorkshopServer, type WorkshopServer } from '../../server/workshop/server.ts';
import { EVENTS, type LearnerRow } from '../../src/workshop/protocol.ts';
import { ask, connect, next, progress } from './client.ts';

let hub: WorkshopServer;
const sockets: Socket[] = [];

beforeAll(async () => {
	// 0.01 minutes: 600 ms away and the details go.
	hub = await startWorkshopServer({
		dataDir: mkdtempSync(join(tmpdir(), 'workshop-')),
		detailsTtlMinutes: 0.01
	});
});
afterAll(async () => {
	for (const s of sockets) s.disconnect();
	await hub.close();
});

it('drops a disconnected learner’s commands and evidence after the TTL, keeping the row', async () => {
	const teacher = connect(hub.url);
	const learner = connect(hub.url);
	sockets.push(teacher, learner);
	await ask(teacher, EVENTS.instructorJoin, { code: hub.code, secret: hub.secret });
	await ask(learner, EVENTS.learnerJoin, {
		code: hub.code,
		name: 'Ivy',
		learnerId: 'ivy',
		progress: progress({
			seq: 3,
			checksPassed: 1,
			recentCommands: [{ text: 'kubectl get pods', exitCode: 0 }],
			failing: { name: 'ztunnel sees the pod', evidence: ['no workload'], count: 2 }
		})
	});
	const offline = next<LearnerRow>(teacher, EVENTS.dashboardLearner, (r) => !r.connected);
	learner.disconnect();
	expect((await offline).progress?.recentCommands).toHaveLength(1);
	const dropped = next<LearnerRow>(
		teacher,
		EVENTS.dashboardLearner,
		(r) => r.progress?.recentCommands.length === 0
	);
	const row = await dropped;
	expect(row).toMatchObject({
		name: 'Ivy',
		connected: false,
		progress: { seq: 3, checksPassed: 1, failing: { evidence: [] } }
	});
});

it('answers an event the hub does not take with an error ack', async () => {
	const s = connect(hub.url);
	sockets.push(s);
	expect(await ask(s, EVENTS.learnerReady, { checkId: 'x', ready: true })).toEqual({
		ok: false,
		error: 'unknown event "learner:ready"'
	});
});
