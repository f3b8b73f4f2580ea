/**
 * A workshop takes a bounded number of learners (LIMITS.learners, docs/limits.md): past it a new
 * learner is refused with a sentence, and a learner already on the roster still gets back in.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startWorkshopServer, type WorkshopServer } from '../../server/workshop/server.ts';
import { EVENTS } from '../../src/workshop/protocol.ts';
import { ask, connect } from './client.ts';

let hub: WorkshopServer;
const sockets: Socket[] = [];
const joinAs = (learnerId: string) => {
	const s = connect(hub.url);
	sockets.push(s);
	return ask(s, EVENTS.learnerJoin, { code: hub.code, name: learnerId, learnerId, progress: null });
};

beforeAll(async () => {
	hub = await startWorkshopServer({
		dataDir: mkdtempSync(join(tmpdir(), 'workshop-')),
		distDir: null,
		lessons: ['join-the-mesh'],
		maxLearners: 3
	});
});
afterAll(async () => {
	for (const s of sockets) s.disconnect();
	await hub.close();
});

describe('workshop capacity', () => {
	it('refuses the fourth learner of a workshop for three, and lets the first back in', async () => {
		for (const id of ['a', 'b', 'c']) expect(await joinAs(id)).toMatchObject({ ok: true });
		expect(await joinAs('d')).toEqual({
			ok: false,
			error: 'this workshop is full: it has 3 learners; ask your instructor'
		});
		expect(await joinAs('a')).toMatchObject({ ok: true });
	});
});
