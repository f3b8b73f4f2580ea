/**
 * The rules the hub enforces, each as a client would run into it: the secret gates every
 * instructor action, learners see nothing of each other, bad input gets `{ ok: false }` and
 * harms no one, floods are refused, unknown codes and foreign origins are turned away.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startWorkshopServer, type WorkshopServer } from '../../server/workshop/server.ts';
import {
	EVENTS,
	LIMITS,
	type DashboardSnapshot,
	type LearnerRow
} from '../../src/workshop/protocol.ts';
import { ask, connect, next, progress } from './client.ts';

let hub: WorkshopServer;
const sockets: Socket[] = [];
const open = (headers?: Record<string, string>): Socket => {
	const s = connect(hub.url, headers ? { extraHeaders: headers } : {});
	sockets.push(s);
	return s;
};
let n = 0;
async function learner(name: string): Promise<{ socket: Socket; id: string }> {
	const socket = open();
	const id = `learner-${++n}`;
	const ack = await ask(socket, EVENTS.learnerJoin, {
		code: hub.code,
		name,
		learnerId: id,
		progress: null
	});
	expect(ack).toMatchObject({ ok: true });
	return { socket, id };
}
async function instructor(): Promise<Socket> {
	const socket = open();
	expect(
		await ask(socket, EVENTS.instructorJoin, { code: hub.code, secret: hub.secret })
	).toMatchObject({ ok: true });
	return socket;
}

beforeAll(async () => {
	hub = await startWorkshopServer({
		dataDir: mkdtempSync(join(tmpdir(), 'workshop-')),
		lessons: ['join-the-mesh'],
		rate: { burst: 20, perSecond: 10 }
	});
});
afterAll(async () => {
	for (const s of sockets) s.disconnect();
	await hub.close();
});

describe('the instructor secret', () => {
	it('refuses instructor:join with a wrong secret, and the socket can do nothing after', async () => {
		const s = open();
		expect(await ask(s, EVENTS.instructorJoin, { code: hub.code, secret: 'x'.repeat(22) })).toEqual(
			{
				ok: false,
				error: 'forbidden: wrong instructor secret'
			}
		);
		const announce = await ask(s, EVENTS.instructorAnnounce, { text: 'hi' });
		expect(announce).toMatchObject({ ok: false, error: expect.stringMatching(/^forbidden/) });
	});

	it('refuses every instructor action from a learner socket and the class hears nothing', async () => {
		const mallory = await learner('Mallory');
		const bob = await learner('Bob');
		const heard: string[] = [];
		bob.socket.onAny((event: string) => heard.push(event));
		const forged: [string, unknown][] = [
			[EVENTS.instructorAnnounce, { text: 'free pizza' }],
			[EVENTS.instructorMove, { lesson: 'join-the-mesh', step: 2 }],
			[EVENTS.instructorHold, { lesson: 'join-the-mesh', step: 1 }],
			[EVENTS.instructorResetStep, { learnerId: bob.id }],
			[EVENTS.instructorReadyCheck, { open: true }],
			[EVENTS.instructorExport, undefined]
		];
		for (const [event, payload] of forged)
			expect(await ask(mallory.socket, event, payload), event).toMatchObject({
				ok: false,
				error: expect.stringMatching(/^forbidden/)
			});
		expect(
			await ask(mallory.socket, EVENTS.instructorJoin, { code: hub.code, secret: hub.secret })
		).toEqual({
			ok: false,
			error: 'this connection joined as a learner'
		});
		await new Promise((r) => setTimeout(r, 100));
		expect(heard).toEqual([]);
	});
});

describe('privacy between learners', () => {
	it('gives rows, names and commands to the instructors room only', async () => {
		const teacher = await instructor();
		const eve = await learner('Eve');
		const heard: [string, unknown][] = [];
		eve.socket.onAny((event: string, ...args: unknown[]) => heard.push([event, args]));
		const carol = await learner('Carol');
		const row = next<LearnerRow>(teacher, EVENTS.dashboardLearner, (r) => r.progress?.seq === 5);
		await ask(
			carol.socket,
			EVENTS.learnerProgress,
			progress({ seq: 5, recentCommands: [{ text: 'kubectl get pods', exitCode: 0 }] })
		);
		expect((await row).progress?.recentCommands).toEqual([
			{ text: 'kubectl get pods', exitCode: 0 }
		]);
		await ask(teacher, EVENTS.instructorAnnounce, { text: 'Break in 5 minutes' });
		await new Promise((r) => setTimeout(r, 100));
		const text = JSON.stringify(heard);
		expect(heard.map(([e]) => e)).toEqual([EVENTS.workshopUpdate]);
		expect(text).toContain('Break in 5 minutes');
		expect(text).not.toContain('Carol');
		expect(text).not.toContain('kubectl get pods');
	});
});

describe('bad input', () => {
	it('answers malformed messages with a reason naming the field, and the learner still works', async () => {
		const { socket } = await learner('Dana');
		const cases: [unknown, RegExp][] = [
			['not an object', /must be an object/],
			[null, /must be an object/],
			[{ ...progress(), seq: 'one' }, /seq: must be an integer/],
			[{ ...progress(), lesson: '../../etc' }, /lesson: has characters/],
			[{ ...progress(), extra: 1 }, /extra: is not a known field/],
			[
				{ ...progress(), recentCommands: Array(6).fill({ text: 'ls', exitCode: 0 }) },
				/at most 5 items/
			],
			[
				{ ...progress(), failing: { name: 'x', evidence: ['a'.repeat(301)], count: 1 } },
				/evidence\[0\]: must be 0–300/
			]
		];
		for (const [payload, error] of cases)
			expect(await ask(socket, EVENTS.learnerProgress, payload)).toMatchObject({
				ok: false,
				error: expect.stringMatching(error)
			});
		expect(await ask(socket, EVENTS.learnerProgress, progress({ seq: 50 }))).toEqual({ ok: true });
	});

	it('refuses a join with a bad name, a malformed code or an unknown code', async () => {
		const s = open();
		const join = (over: object) =>
			ask(s, EVENTS.learnerJoin, {
				code: hub.code,
				name: 'Al',
				learnerId: 'x1',
				progress: null,
				...over
			});
		expect(await join({ name: '   ' })).toMatchObject({
			ok: false,
			error: expect.stringContaining('name: must be 1–40')
		});
		expect(await join({ name: 'n'.repeat(41) })).toMatchObject({
			ok: false,
			error: expect.stringContaining('name')
		});
		expect(await join({ code: 'AAAA' })).toMatchObject({
			ok: false,
			error: expect.stringContaining('code')
		});
		expect(await join({ code: 'aaaa-bbbb-cccc' })).toEqual({
			ok: false,
			error: 'unknown workshop code "aaaa-bbbb-cccc"'
		});
		expect(
			await ask(s, EVENTS.instructorJoin, { code: 'aaaa-bbbb-cccc', secret: hub.secret })
		).toEqual({
			ok: false,
			error: 'unknown workshop code "aaaa-bbbb-cccc"'
		});
		expect(await ask(s, EVENTS.learnerProgress, progress())).toEqual({
			ok: false,
			error: 'join the workshop first (learner:join)'
		});
	});

	it('refuses a message over the size limit with an error ack; a huge frame only drops its own connection', async () => {
		const { socket } = await learner('Finn');
		const bystander = await learner('Gus');
		const big = progress({ seq: 60, stepTitle: 'x'.repeat(LIMITS.messageBytes) });
		expect(await ask(socket, EVENTS.learnerProgress, big)).toMatchObject({
			ok: false,
			error: expect.stringMatching(/message too large/)
		});
		const dropped = next<string>(socket, 'disconnect');
		socket.emit(EVENTS.learnerProgress, { blob: 'y'.repeat(LIMITS.messageBytes * 8) });
		expect(await dropped).toBe('transport close');
		expect(await ask(bystander.socket, EVENTS.learnerProgress, progress({ seq: 61 }))).toEqual({
			ok: true
		});
	});

	it('drops only the connection that sends a frame socket.io cannot parse', async () => {
		const { socket } = await learner('Ivo');
		const bystander = await learner('Jo');
		const dropped = next<string>(socket, 'disconnect');
		socket.io.engine.write('{not a socket.io packet');
		expect(await dropped).toBe('transport close');
		expect(await ask(bystander.socket, EVENTS.learnerProgress, progress({ seq: 70 }))).toEqual({
			ok: true
		});
	});

	it('refuses unknown events with an error ack', async () => {
		const s = open();
		expect(await ask(s, 'admin:shutdown', {})).toEqual({
			ok: false,
			error: 'unknown event "admin:shutdown"'
		});
	});
});

describe('rate limits', () => {
	it('refuses a flood with error acks while others are served', async () => {
		const flooder = await learner('Flood');
		const calm = await learner('Calm');
		const acks = await Promise.all(
			Array.from({ length: 200 }, (_, i) =>
				ask(flooder.socket, EVENTS.learnerProgress, progress({ seq: 100 + i }))
			)
		);
		const refused = acks.filter((a) => !a.ok);
		expect(refused.length).toBeGreaterThan(150);
		expect(refused[0]).toEqual({ ok: false, error: 'rate limit exceeded: slow down and retry' });
		expect(await ask(calm.socket, EVENTS.learnerProgress, progress({ seq: 2 }))).toEqual({
			ok: true
		});
	});
});

describe('origins', () => {
	it('refuses a socket from a foreign page and accepts the hub’s own origin', async () => {
		const foreign = open({ origin: 'https://evil.example' });
		const refused = await next<Error & { description?: { message?: string } }>(
			foreign,
			'connect_error'
		);
		expect(refused.description?.message).toBe('Unexpected server response: 400');
		expect(foreign.connected).toBe(false);
		foreign.disconnect();
		const own = open({ origin: hub.url });
		await next(own, 'connect');
		expect(own.connected).toBe(true);
	});
});

describe('leaving and disconnecting', () => {
	it('keeps a disconnected learner’s row offline, and drops commands and evidence on leave', async () => {
		const teacher = await instructor();
		const h = await learner('Hana');
		const details = progress({
			seq: 7,
			recentCommands: [
				{ text: 'kubectl label ns default istio.io/dataplane-mode=ambient', exitCode: 0 }
			],
			failing: { name: 'pods in the mesh', evidence: ['productpage: plaintext'], count: 1 }
		});
		await ask(h.socket, EVENTS.learnerProgress, details);
		const offline = next<LearnerRow>(
			teacher,
			EVENTS.dashboardLearner,
			(r) => r.learnerId === h.id && !r.connected
		);
		h.socket.disconnect();
		expect((await offline).progress?.recentCommands).toHaveLength(1);

		const back = open();
		await ask(back, EVENTS.learnerJoin, {
			code: hub.code,
			name: 'Hana',
			learnerId: h.id,
			progress: details
		});
		const left = next<LearnerRow>(
			teacher,
			EVENTS.dashboardLearner,
			(r) => r.learnerId === h.id && !r.connected
		);
		expect(await ask(back, EVENTS.learnerLeave)).toEqual({ ok: true });
		const row = await left;
		expect(row.progress?.recentCommands).toEqual([]);
		expect(row.progress?.failing).toEqual({ name: 'pods in the mesh', evidence: [], count: 1 });
		expect(row.progress?.seq).toBe(7);
		expect(await ask(back, EVENTS.learnerProgress, progress({ seq: 8 }))).toMatchObject({
			ok: false
		});
		const snap = await ask<DashboardSnapshot>(teacher, EVENTS.instructorJoin, {
			code: hub.code,
			secret: hub.secret
		});
		const stored = snap.ok ? snap.learners.find((l) => l.learnerId === h.id) : undefined;
		expect(JSON.stringify(stored)).not.toContain('dataplane-mode');
	});
});
