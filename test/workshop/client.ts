/** Headless socket.io clients for the hub's tests and load test: a learner or an instructor. */
import { io, type Socket } from 'socket.io-client';
import type { Ack, LearnerProgress } from '../../src/workshop/protocol.ts';

export function connect(
	url: string,
	options: { extraHeaders?: Record<string, string> } = {}
): Socket {
	return io(url, {
		transports: ['websocket'],
		forceNew: true,
		reconnectionDelay: 100,
		reconnectionDelayMax: 1000,
		...(options.extraHeaders ? { extraHeaders: options.extraHeaders } : {})
	});
}

/** Emits with an acknowledgement and waits for it (or fails after `ms`). */
export async function ask<T = object>(
	socket: Socket,
	event: string,
	payload?: unknown,
	ms = 5000
): Promise<Ack<T>> {
	const s = socket.timeout(ms);
	return (payload === undefined ? s.emitWithAck(event) : s.emitWithAck(event, payload)) as Promise<
		Ack<T>
	>;
}

/** Resolves with the next `event` the socket receives that satisfies `match`. */
export function next<T>(
	socket: Socket,
	event: string,
	match: (x: T) => boolean = () => true,
	ms = 5000
): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			socket.off(event, on);
			reject(new Error(`no ${event} within ${ms} ms`));
		}, ms);
		const on = (x: T) => {
			if (!match(x)) return;
			clearTimeout(timer);
			socket.off(event, on);
			resolve(x);
		};
		socket.on(event, on);
	});
}

export function progress(over: Partial<LearnerProgress> = {}): LearnerProgress {
	const now = Date.now();
	return {
		seq: 1,
		sentAt: now,
		lesson: 'join-the-mesh',
		lessonTitle: 'Join the mesh with one label',
		step: 1,
		stepTitle: 'Label the namespace',
		stepsTotal: 3,
		stepsDone: 0,
		checksPassed: 0,
		checksTotal: 2,
		stepStartedAt: now,
		lastProgressAt: now,
		hintsUsed: 0,
		solveUsed: false,
		stepPassed: false,
		failing: null,
		recentCommands: [],
		ready: null,
		...over
	};
}
