/**
 * The instructor's socket. `instructor:join` proves the secret once to enter the instructors'
 * room; every action after that checks it again against the stored hash (a socket that joined as
 * a learner, or never joined, is refused), then changes the record and tells the class.
 */
import { randomUUID } from 'node:crypto';
import {
	EVENTS,
	LIMITS,
	type Ack,
	type MoveOffer,
	type StepRef
} from '../../src/workshop/protocol.ts';
import { classCsv } from '../../src/workshop/csv.ts';
import {
	announceRequest,
	holdRequest,
	instructorJoin,
	moveRequest,
	nothing,
	readyCheckRequest,
	resetStepRequest,
	type Schema
} from '../../src/workshop/validate.ts';
import { secretMatches } from './codes.ts';
import { rooms, workshopInfo, type Hub, type HubSocket } from './hub.ts';
import type { WorkshopRecord } from './store.ts';

/** The secret each instructor socket proved; kept off `socket.data`, which other instances see. */
const secrets = new WeakMap<HubSocket, string>();

type Authorized = { record: WorkshopRecord; error?: undefined } | { error: string };

async function authorize(hub: Hub, socket: HubSocket): Promise<Authorized> {
	const { role, code } = socket.data;
	const secret = secrets.get(socket);
	if (role !== 'instructor' || !code || !secret)
		return { error: 'forbidden: instructor actions need instructor:join with the workshop secret' };
	const record = await hub.store.get(code);
	if (!record) return { error: `unknown workshop code "${code}"` };
	if (!secretMatches(secret, record.secretHash))
		return { error: 'forbidden: wrong instructor secret' };
	return { record };
}

/** A step the workshop offers: one of its lessons (or any bundled one when it names none), in range. */
function checkStep(hub: Hub, record: WorkshopRecord, ref: StepRef): string | undefined {
	if (record.lessons.length > 0 && !record.lessons.includes(ref.lesson))
		return `lesson "${ref.lesson}" is not in this workshop (${record.lessons.join(', ')})`;
	const lesson = hub.catalog.find((l) => l.id === ref.lesson);
	if (hub.catalog.length > 0 && !lesson) return `unknown lesson "${ref.lesson}"`;
	if (lesson && ref.step > lesson.steps)
		return `lesson "${ref.lesson}" has ${lesson.steps} steps; there is no step ${ref.step}`;
	return undefined;
}

export function registerInstructor(hub: Hub, socket: HubSocket): void {
	/** Authorize, then run the action with the workshop's record. */
	const action = <T>(
		event: string,
		schema: Schema<T>,
		run: (value: T, record: WorkshopRecord) => Promise<Ack<object>>
	) =>
		hub.on(socket, event, schema, async (value) => {
			const auth = await authorize(hub, socket);
			if (auth.error !== undefined) return { ok: false, error: auth.error };
			return run(value, auth.record);
		});

	hub.on(socket, EVENTS.instructorJoin, instructorJoin, async ({ code, secret }) => {
		if (socket.data.role === 'learner')
			return { ok: false, error: 'this connection joined as a learner' };
		const record = await hub.store.get(code);
		if (!record) return { ok: false, error: `unknown workshop code "${code}"` };
		if (!secretMatches(secret, record.secretHash))
			return { ok: false, error: 'forbidden: wrong instructor secret' };
		const previous = socket.data.code;
		if (previous && previous !== code) await socket.leave(rooms.instructors(previous));
		socket.data = { role: 'instructor', code };
		secrets.set(socket, secret);
		await socket.join(rooms.instructors(code));
		return { ok: true, workshop: workshopInfo(record), learners: await hub.rows(code) };
	});

	action(EVENTS.instructorAnnounce, announceRequest, async ({ text }, record) => {
		const announcement = { id: randomUUID(), text, at: hub.now() };
		const next: WorkshopRecord = {
			...record,
			announcements: [...record.announcements, announcement].slice(-LIMITS.announcementsKept)
		};
		await hub.store.put(next);
		hub.broadcastInfo(next);
		return { ok: true };
	});

	action(EVENTS.instructorMove, moveRequest, async (move, record) => {
		const problem = checkStep(hub, record, move);
		if (problem) return { ok: false, error: problem };
		const offer: MoveOffer = { id: randomUUID(), lesson: move.lesson, step: move.step };
		if (move.learnerId !== undefined) {
			if (!(await hub.store.getRow(record.code, move.learnerId)))
				return { ok: false, error: `no learner "${move.learnerId}" in this workshop` };
			hub.io.to(rooms.learner(record.code, move.learnerId)).emit(EVENTS.workshopMove, offer);
		} else {
			hub.io.to(rooms.learners(record.code)).emit(EVENTS.workshopMove, offer);
		}
		return { ok: true };
	});

	action(EVENTS.instructorHold, holdRequest, async (hold, record) => {
		const problem = hold && checkStep(hub, record, hold);
		if (problem) return { ok: false, error: problem };
		const next: WorkshopRecord = { ...record, hold };
		await hub.store.put(next);
		hub.broadcastInfo(next);
		return { ok: true };
	});

	action(EVENTS.instructorResetStep, resetStepRequest, async ({ learnerId }, record) => {
		const row = await hub.store.getRow(record.code, learnerId);
		if (!row) return { ok: false, error: `no learner "${learnerId}" in this workshop` };
		const p = row.progress;
		if (!p || p.lesson === null || p.step === null)
			return { ok: false, error: `${row.name} is not in a lesson` };
		const ref: StepRef = { lesson: p.lesson, step: p.step };
		hub.io.to(rooms.learner(record.code, learnerId)).emit(EVENTS.workshopResetStep, ref);
		return { ok: true };
	});

	action(EVENTS.instructorReadyCheck, readyCheckRequest, async ({ open }, record) => {
		const next: WorkshopRecord = {
			...record,
			readyCheck: open ? { id: randomUUID(), openedAt: hub.now() } : null
		};
		await hub.store.put(next);
		hub.broadcastInfo(next);
		return { ok: true, readyCheck: next.readyCheck };
	});

	action(EVENTS.instructorExport, nothing, async (_, record) => {
		const rows = await hub.rows(record.code);
		return { ok: true, csv: classCsv(rows, hub.now(), record.stuckMinutes) };
	});
}
