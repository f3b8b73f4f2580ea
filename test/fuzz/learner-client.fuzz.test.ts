/**
 * Fuzzes a learner's tab (WorkshopClient, the page's real handler) with garbage frames from a
 * hub: a frame that does not fit the protocol changes nothing the learner sees (the workshop,
 * the lessons offered, a move offer) and resets no step; a valid one does exactly its job;
 * nothing throws. A fake hub (socket.io) sends the frames, then a `fuzz:sync` event the test
 * listens for on the tab's own socket (passed in as `connect`, no module mock: the node project
 * shares modules between files), so each frame is checked after the tab handled it.
 *
 * FUZZ_SEED picks the seed, FUZZ_LEARNER the number of frames, FUZZ_VERBOSE prints a summary.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LessonChannel, type LessonControl } from '../../src/lessons/activity.ts';
import { CommandLog } from '../../src/lessons/command-log.ts';
import { EVENTS } from '../../src/workshop/protocol.ts';
import { moveOffer, stepRef, workshopInfo } from '../../src/workshop/validate.ts';
import { WorkshopClient } from '../../src/ui/workshop/workshop-client.svelte.ts';
import { anyValue, damage } from './message-generator.ts';
import { createPrng, type Prng } from './prng.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 14001);
const TOTAL = Number(process.env.FUZZ_LEARNER ?? 1500);
const MAX_FAILURES = 12;
const CODE = 'k7q2-m9xd-4fj8';
const KEYS = [
	'code',
	'title',
	'lessons',
	'hold',
	'announcements',
	'readyCheck',
	'stuckMinutes',
	'id',
	'lesson',
	'step',
	'text',
	'at',
	'openedAt',
	'__proto__'
];

const info = (rng: Prng) => ({
	code: CODE,
	title: rng.pick(['Ambient day', '', 'x'.repeat(1000)]),
	lessons: rng.pick([[], ['join-the-mesh'], ['join-the-mesh', 'waypoints']]),
	hold: rng.pick([null, { lesson: 'join-the-mesh', step: rng.range(1, 3) }]),
	announcements: rng.chance(0.5) ? [] : [{ id: 'a1', text: '会'.repeat(500), at: 1 }],
	readyCheck: rng.pick([null, { id: 'r1', openedAt: 5 }]),
	stuckMinutes: rng.pick([5, 0.5])
});
const offer = (rng: Prng) => ({ id: 'o1', lesson: 'join-the-mesh', step: rng.range(1, 1000) });
const ref = (rng: Prng) => ({ lesson: 'join-the-mesh', step: rng.range(1, 3) });

function frame(rng: Prng): { event: string; payload: unknown } {
	const event = rng.pick([EVENTS.workshopUpdate, EVENTS.workshopMove, EVENTS.workshopResetStep]);
	const valid =
		event === EVENTS.workshopUpdate
			? info(rng)
			: event === EVENTS.workshopMove
				? offer(rng)
				: ref(rng);
	const payload = rng.weighted<() => unknown>([
		[3, () => valid],
		[5, () => damage(rng, valid, KEYS)],
		[2, () => anyValue(rng, 3, KEYS)]
	])();
	return { event, payload };
}

let http: ReturnType<typeof createServer>;
let hub: Server;
let url: string;
let tab: ServerSocket | undefined;

beforeAll(async () => {
	http = createServer();
	hub = new Server(http);
	hub.on('connection', (s) => {
		tab ??= s;
		s.on(EVENTS.learnerJoin, (_join: unknown, reply: (x: unknown) => void) =>
			reply({ ok: true, workshop: info(createPrng(1)) })
		);
		s.on(EVENTS.learnerProgress, (_p: unknown, reply: (x: unknown) => void) => reply({ ok: true }));
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await hub.close();
});

describe('learner tab fuzz', () => {
	it(
		`${TOTAL} hub frames with seed ${SEED} change nothing unless valid, and never throw`,
		async () => {
			const rng = createPrng(SEED);
			const channel = new LessonChannel();
			const resets: string[] = [];
			const control: LessonControl = {
				current: () => ({ lesson: 'join-the-mesh', step: 2 }),
				open: () => Promise.resolve(undefined),
				openText: () => Promise.resolve(undefined),
				goTo: () => Promise.resolve(undefined),
				reset: (scope) => {
					resets.push(scope);
					return Promise.resolve(undefined);
				}
			};
			channel.attach(control);
			const store = new Map<string, string>();
			/** The sockets the tab opens: the test listens for `fuzz:sync` on the tab's own socket. */
			const opened: ClientSocket[] = [];
			const client = new WorkshopClient({
				code: CODE,
				channel,
				commands: new CommandLog(),
				storage: {
					getItem: (k) => store.get(k) ?? null,
					setItem: (k, v) => void store.set(k, v),
					removeItem: (k) => void store.delete(k)
				},
				url,
				connect: (u) => {
					const socket = io(u);
					opened.push(socket);
					return socket;
				}
			});
			const warn = console.warn;
			let warnings = 0;
			console.warn = () => void warnings++;
			const failures: string[] = [];
			try {
				client.join('Alice');
				const same = opened[0]!;
				await expect.poll(() => client.workshop !== undefined, { timeout: 5000 }).toBe(true);
				let synced = 0;
				same.on('fuzz:sync', (n: number) => (synced = n));
				for (let i = 0; i < TOTAL && failures.length < MAX_FAILURES; i++) {
					const { event, payload } = frame(rng);
					const before = {
						workshop: client.workshop,
						offer: client.offer,
						limits: channel.limits,
						resets: resets.length
					};
					// What the tab receives: socket.io encodes with JSON.stringify (undefined fields vanish,
					// a Date becomes a string), so validity is judged on that.
					// Binary travels apart and is put back by assignment (a `__proto__` key then sets the
					// prototype), so for frames with binary only the outcome's validity is checked.
					let received: unknown;
					let binary = false;
					try {
						const encoded = JSON.stringify(payload, (_k, v: unknown) => {
							if (ArrayBuffer.isView(v)) binary = true;
							return v;
						});
						received = encoded === undefined ? undefined : JSON.parse(encoded);
						tab!.emit(event, payload);
					} catch {
						continue; // socket.io cannot encode it (a BigInt, a cycle): a hub could not send it
					}
					tab!.emit('fuzz:sync', i + 1);
					await expect.poll(() => synced, { timeout: 5000, interval: 1 }).toBe(i + 1);
					await new Promise((resolve) => setImmediate(resolve));
					const problems: string[] = [];
					const schema =
						event === EVENTS.workshopUpdate
							? workshopInfo
							: event === EVENTS.workshopMove
								? moveOffer
								: stepRef;
					const valid = schema(received, '').ok;
					const json = JSON.stringify;
					if (binary) {
						// checked below: the state is valid and the tab still connected
					} else if (event === EVENTS.workshopUpdate) {
						if (
							valid ? json(client.workshop) !== json(received) : client.workshop !== before.workshop
						)
							problems.push(`workshop is ${json(client.workshop)?.slice(0, 300)}`);
						if (!valid && channel.limits !== before.limits)
							problems.push('the lesson limits changed');
					} else if (client.workshop !== before.workshop) problems.push('the workshop changed');
					if (binary) {
						// as above
					} else if (event === EVENTS.workshopMove) {
						if (valid ? json(client.offer) !== json(received) : client.offer !== before.offer)
							problems.push(`offer is ${json(client.offer)?.slice(0, 300)}`);
					} else if (client.offer !== before.offer) problems.push('the offer changed');
					const wantReset =
						event === EVENTS.workshopResetStep &&
						valid &&
						(received as { step: number }).step === 2 &&
						(received as { lesson: string }).lesson === 'join-the-mesh';
					if (!binary && resets.length !== before.resets + (wantReset ? 1 : 0))
						problems.push(`step resets: ${resets.length - before.resets}`);
					if (client.workshop && !workshopInfo(client.workshop, '').ok)
						problems.push('the workshop is invalid');
					if (client.connection !== 'connected')
						problems.push(`connection is ${client.connection}`);
					if (problems.length > 0)
						failures.push(
							[
								`learner seed=${SEED} #${i} ${event}: ${json(payload)?.slice(0, 400)}`,
								...problems.map((p) => `  - ${p}`)
							].join('\n')
						);
				}
			} finally {
				console.warn = warn;
				client.dispose();
			}
			if (process.env.FUZZ_VERBOSE)
				console.log(
					`learner seed=${SEED}: ${TOTAL} frames, ${warnings} ignored with a warning, ${resets.length} step resets, ${failures.length} failing`
				);
			expect(failures.join('\n\n')).toBe('');
			expect(warnings).toBeGreaterThan(0);
		},
		Math.max(300_000, TOTAL * 40)
	);
});
