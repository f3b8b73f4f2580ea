/**
 * Frames the learner-tab fuzzer once broke the tab with (a TypeError inside a socket.io handler:
 * the tab trusted every frame from the hub), and what the tab does with them now.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LessonChannel } from '../../src/lessons/activity.ts';
import { CommandLog } from '../../src/lessons/command-log.ts';
import { EVENTS } from '../../src/workshop/protocol.ts';
import { WorkshopClient } from '../../src/ui/workshop/workshop-client.svelte.ts';

const CODE = 'k7q2-m9xd-4fj8';
const INFO = {
	code: CODE,
	title: 'Ambient day',
	lessons: ['join-the-mesh'],
	hold: null,
	announcements: [],
	readyCheck: null,
	stuckMinutes: 5
};
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const c of cleanups.splice(0)) await c();
	vi.restoreAllMocks();
});

/** A hub that answers learner:join with `joinAck`, then sends `frames`; the tab that joined. */
async function tabAgainst(joinAck: unknown, frames: [string, unknown][] = []) {
	const http = createServer();
	const hub = new Server(http);
	hub.on('connection', (s) => {
		s.on(EVENTS.learnerJoin, (_j: unknown, reply: (x: unknown) => void) => {
			reply(joinAck);
			for (const [event, payload] of frames) s.emit(event, payload);
		});
		s.on(EVENTS.learnerProgress, (_p: unknown, reply: (x: unknown) => void) => reply({ ok: true }));
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const store = new Map<string, string>();
	const client = new WorkshopClient({
		code: CODE,
		channel: new LessonChannel(),
		commands: new CommandLog(),
		storage: {
			getItem: (k) => store.get(k) ?? null,
			setItem: (k, v) => void store.set(k, v),
			removeItem: (k) => void store.delete(k)
		},
		url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`
	});
	cleanups.push(
		() => client.dispose(),
		() => hub.close()
	);
	client.join('Alice');
	return client;
}

describe('workshop fuzz regressions', () => {
	it('a join answered with null: the tab says so and goes offline (it threw reading ack.ok)', async () => {
		vi.spyOn(console, 'warn').mockImplementation(() => {});
		const client = await tabAgainst(null);
		await expect.poll(() => client.connection).toBe('offline');
		expect(client.error).toBe('the workshop hub answered with something this page cannot read');
		expect(client.workshop).toBeUndefined();
		expect(console.warn).toHaveBeenCalledWith(
			'workshop: ignored a learner:join frame from the hub: message: must be an object'
		);
	});

	it.each([
		['a null workshop:update', EVENTS.workshopUpdate, null, 'message: must be an object'],
		[
			'a workshop:update whose lessons is a string',
			EVENTS.workshopUpdate,
			{ ...INFO, lessons: 'join-the-mesh', title: 'changed' },
			'lessons: must be a list'
		],
		[
			'a workshop:move without a step',
			EVENTS.workshopMove,
			{ id: 'o1', lesson: 'x' },
			'step: must be an integer from 1 to 1000'
		],
		[
			'a reset-step of 0',
			EVENTS.workshopResetStep,
			{ lesson: 'x', step: 0 },
			'step: must be an integer from 1 to 1000'
		]
	])(
		'%s is ignored with a warning and the tab keeps what it had',
		async (_name, event, payload, why) => {
			const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
			const client = await tabAgainst({ ok: true, workshop: INFO }, [
				[event, payload],
				[EVENTS.workshopMove, { id: 'after', lesson: 'join-the-mesh', step: 1 }]
			]);
			// Frames arrive in order: once the offer sent after it is here, the bad frame was handled.
			await expect.poll(() => client.offer?.id).toBe('after');
			expect(client.workshop).toEqual(INFO);
			expect(client.connection).toBe('connected');
			expect(warn).toHaveBeenCalledWith(`workshop: ignored a ${event} frame from the hub: ${why}`);
		}
	);
});
