/**
 * A learner's socket: join with a display name and the tab's whole progress, then a progress
 * message on every change. The hub keeps the latest row per learner and forwards it to the
 * instructors' room only; a learner never receives another learner's row.
 */
import { EVENTS, type LearnerRow } from '../../src/workshop/protocol.ts';
import {
	learnerJoin,
	learnerProgress as progressSchema,
	nothing
} from '../../src/workshop/validate.ts';
import { rooms, withoutDetails, workshopInfo, type Hub, type HubSocket } from './hub.ts';

/** The last seq taken from each learner socket; a resent older one is ignored. */
const lastSeq = new WeakMap<HubSocket, number>();

export function registerLearner(hub: Hub, socket: HubSocket): void {
	hub.on(socket, EVENTS.learnerJoin, learnerJoin, async (join) => {
		if (socket.data.role === 'instructor')
			return { ok: false, error: 'this connection joined as the instructor' };
		const record = await hub.store.get(join.code);
		if (!record) return { ok: false, error: `unknown workshop code "${join.code}"` };
		// A learner already on the roster always gets back in; a new one only while there is room.
		if (
			!(await hub.store.getRow(join.code, join.learnerId)) &&
			(await hub.store.rows(join.code)).length >= hub.maxLearners
		)
			return {
				ok: false,
				error: `this workshop is full: it has ${hub.maxLearners} learners; ask your instructor`
			};
		if (socket.data.role === 'learner' && socket.data.code && socket.data.learnerId)
			await leaveRooms(socket, socket.data.code, socket.data.learnerId);
		socket.data = { role: 'learner', code: join.code, learnerId: join.learnerId, name: join.name };
		lastSeq.set(socket, join.progress?.seq ?? -1);
		const row: LearnerRow = {
			learnerId: join.learnerId,
			name: join.name,
			connected: true,
			lastSeen: hub.now(),
			progress: join.progress
		};
		await hub.store.putRow(join.code, row);
		await socket.join([rooms.learners(join.code), rooms.learner(join.code, join.learnerId)]);
		hub.sendRow(join.code, row);
		return { ok: true, workshop: workshopInfo(record) };
	});

	hub.on(socket, EVENTS.learnerProgress, progressSchema, async (progress) => {
		const { role, code, learnerId, name } = socket.data;
		if (role !== 'learner' || !code || !learnerId || !name)
			return { ok: false, error: 'join the workshop first (learner:join)' };
		if (progress.seq <= (lastSeq.get(socket) ?? -1)) return { ok: true };
		lastSeq.set(socket, progress.seq);
		const row: LearnerRow = { learnerId, name, connected: true, lastSeen: hub.now(), progress };
		await hub.store.putRow(code, row);
		hub.sendRow(code, row);
		return { ok: true };
	});

	hub.on(socket, EVENTS.learnerLeave, nothing, async () => {
		const { role, code, learnerId } = socket.data;
		if (role !== 'learner' || !code || !learnerId) return { ok: false, error: 'not in a workshop' };
		socket.data = {};
		await leaveRooms(socket, code, learnerId);
		const row = await hub.store.getRow(code, learnerId);
		if (row) {
			const left: LearnerRow = {
				...row,
				connected: false,
				lastSeen: hub.now(),
				progress: withoutDetails(row.progress)
			};
			await hub.store.putRow(code, left);
			hub.sendRow(code, left);
		}
		return { ok: true };
	});

	socket.on('disconnect', () => {
		const { role, code, learnerId } = socket.data;
		if (role !== 'learner' || !code || !learnerId) return;
		hub.track(markDisconnected(hub, code, learnerId), 'disconnect bookkeeping');
	});
}

async function leaveRooms(socket: HubSocket, code: string, learnerId: string): Promise<void> {
	await socket.leave(rooms.learners(code));
	await socket.leave(rooms.learner(code, learnerId));
}

/** Disconnect is not leaving: the row stays, marked offline, unless the learner is back already. */
async function markDisconnected(hub: Hub, code: string, learnerId: string): Promise<void> {
	const present = async () =>
		(await hub.io.in(rooms.learner(code, learnerId)).fetchSockets()).length > 0;
	if (await present()) return;
	const offline = await hub.store.setConnected(code, learnerId, false, hub.now());
	if (!offline) return;
	// The learner may have rejoined (on any instance) while this was written: keep them online.
	if (await present()) {
		const online = await hub.store.setConnected(code, learnerId, true, hub.now());
		if (online) hub.sendRow(code, online);
		return;
	}
	hub.sendRow(code, offline);
}
