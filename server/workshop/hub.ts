/**
 * The hub's shared context: the socket.io server, the store, the lesson catalog, the rooms, and the
 * rules every handler follows (size and schema first, rate limit, an ack always, never a throw).
 * `learner.ts` and `instructor.ts` register the handlers for each role.
 */
import type { DefaultEventsMap, Server, Socket } from 'socket.io';
import {
	EVENTS,
	LIMITS,
	type Ack,
	type LearnerProgress,
	type LearnerRow,
	type WorkshopInfo
} from '../../src/workshop/protocol.ts';
import { parseMessage, type Schema } from '../../src/workshop/validate.ts';
import type { CatalogLesson } from './lesson-catalog.ts';
import { TokenBucket } from './rate-limit.ts';
import type { WorkshopRecord, WorkshopStore } from './store.ts';

/** What a socket is, kept on `socket.data` (plain JSON: fetchSockets carries it across instances). */
export interface SocketData {
	role?: 'learner' | 'instructor';
	code?: string;
	learnerId?: string;
	name?: string;
}

export type HubSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
export type HubServer = Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
type Reply = (ack: Ack<object>) => void;

export interface HubOptions {
	readonly io: HubServer;
	readonly store: WorkshopStore;
	readonly catalog: readonly CatalogLesson[];
	/** Wall time, injectable for tests. */
	readonly now?: () => number;
	/** Per connection: messages at once, and refill per second. */
	readonly rate?: { readonly burst: number; readonly perSecond: number };
	/** A disconnected learner's commands and evidence are dropped after this long. */
	readonly detailsTtlMs?: number;
	/** Learners one workshop takes (default LIMITS.learners); a new one past it is refused. */
	readonly maxLearners?: number;
}

export const rooms = {
	learners: (code: string) => `w:${code}:learners`,
	instructors: (code: string) => `w:${code}:instructors`,
	learner: (code: string, learnerId: string) => `w:${code}:learner:${learnerId}`
};

export function workshopInfo(record: WorkshopRecord): WorkshopInfo {
	const { code, title, lessons, hold, announcements, readyCheck, stuckMinutes } = record;
	return { code, title, lessons, hold, announcements, readyCheck, stuckMinutes };
}

/** The learner's progress without what is shared only while they are in the workshop. */
export function withoutDetails(progress: LearnerProgress | null): LearnerProgress | null {
	if (!progress) return null;
	return {
		...progress,
		recentCommands: [],
		failing: progress.failing ? { ...progress.failing, evidence: [] } : null
	};
}

const MAX_REFUSED_IN_A_ROW = 500;

export class Hub {
	readonly io: HubServer;
	readonly store: WorkshopStore;
	readonly catalog: readonly CatalogLesson[];
	readonly now: () => number;
	readonly detailsTtlMs: number;
	readonly maxLearners: number;
	readonly #rate: { readonly burst: number; readonly perSecond: number };
	readonly #buckets = new WeakMap<HubSocket, { bucket: TokenBucket; refused: number }>();
	readonly #pending = new Set<Promise<void>>();

	constructor(options: HubOptions) {
		this.io = options.io;
		this.store = options.store;
		this.catalog = options.catalog;
		this.now = options.now ?? Date.now;
		this.detailsTtlMs = options.detailsTtlMs ?? 10 * 60_000;
		this.maxLearners = options.maxLearners ?? LIMITS.learners;
		this.#rate = options.rate ?? { burst: 20, perSecond: 10 };
	}

	/** Runs bookkeeping no client waits for (a disconnect); errors are logged, `drain` awaits it. */
	track(work: Promise<void>, what: string): void {
		const done = work
			.catch((err: unknown) => console.error(`workshop hub: ${what} failed:`, err))
			.finally(() => this.#pending.delete(done));
		this.#pending.add(done);
	}

	/** Waits for tracked bookkeeping, so a clean stop still records who went offline. */
	async drain(): Promise<void> {
		while (this.#pending.size > 0) await Promise.all(this.#pending);
	}

	/** Refuses events no handler takes, with an ack when the sender asked for one. */
	guardUnknownEvents(socket: HubSocket): void {
		socket.onAny((event: string, ...args: unknown[]) => {
			if (socket.listenerCount(event) > 0) return;
			if (!this.#admit(socket)) return;
			const reply = args.at(-1);
			if (typeof reply === 'function')
				(reply as Reply)({ ok: false, error: `unknown event "${String(event).slice(0, 40)}"` });
		});
	}

	/**
	 * Registers `event` on `socket`: the rate limit, then the size and schema rule, then `run`;
	 * the sender always gets one ack, and a throw inside `run` becomes an error ack, not a crash.
	 */
	on<T>(
		socket: HubSocket,
		event: string,
		schema: Schema<T>,
		run: (value: T) => Promise<Ack<object>>
	): void {
		socket.on(event, (...args: unknown[]) => {
			const last = args.at(-1);
			const reply: Reply = typeof last === 'function' ? (last as Reply) : () => {};
			const payload = typeof last === 'function' ? args.slice(0, -1)[0] : args[0];
			if (!this.#admit(socket)) {
				reply({ ok: false, error: 'rate limit exceeded: slow down and retry' });
				return;
			}
			const parsed = parseMessage(schema, payload);
			if (!parsed.ok) {
				reply({ ok: false, error: `invalid ${event}: ${parsed.error}` });
				return;
			}
			run(parsed.value).then(reply, (err: unknown) => {
				console.error(`workshop hub: ${event} failed:`, err);
				reply({ ok: false, error: 'the hub could not handle this message; try again' });
			});
		});
	}

	/**
	 * Takes a token for one message. A client that goes on sending after this many refusals in a
	 * row is not slowing down: it is disconnected.
	 */
	#admit(socket: HubSocket): boolean {
		let limit = this.#buckets.get(socket);
		if (!limit) {
			limit = { bucket: new TokenBucket(this.#rate.burst, this.#rate.perSecond), refused: 0 };
			this.#buckets.set(socket, limit);
		}
		if (limit.bucket.take()) {
			limit.refused = 0;
			return true;
		}
		if (++limit.refused >= MAX_REFUSED_IN_A_ROW) socket.disconnect(true);
		return false;
	}

	/** Learner ids with a live socket on any instance. */
	async connectedLearners(code: string): Promise<Set<string>> {
		const sockets = await this.io.in(rooms.learners(code)).fetchSockets();
		return new Set(sockets.map((s) => s.data.learnerId).filter((id): id is string => !!id));
	}

	/** The class as the dashboard shows it; `connected` from live sockets, not the stored flag. */
	async rows(code: string): Promise<LearnerRow[]> {
		const [rows, live] = await Promise.all([this.store.rows(code), this.connectedLearners(code)]);
		return rows.map((row) => ({ ...row, connected: live.has(row.learnerId) }));
	}

	/** Tells the class and its instructors the workshop's new settings. */
	broadcastInfo(record: WorkshopRecord): void {
		const info = workshopInfo(record);
		this.io
			.to([rooms.learners(record.code), rooms.instructors(record.code)])
			.emit(EVENTS.workshopUpdate, info);
	}

	sendRow(code: string, row: LearnerRow): void {
		this.io.to(rooms.instructors(code)).emit(EVENTS.dashboardLearner, row);
	}

	/** Drops commands and evidence of learners gone longer than the TTL (on every instance; idempotent). */
	async sweep(codes: Iterable<string>): Promise<void> {
		const cutoff = this.now() - this.detailsTtlMs;
		for (const code of codes) {
			const live = await this.connectedLearners(code);
			for (const row of await this.store.rows(code)) {
				const p = row.progress;
				const hasDetails =
					!!p && (p.recentCommands.length > 0 || (p.failing?.evidence.length ?? 0) > 0);
				if (live.has(row.learnerId) || row.lastSeen > cutoff || !hasDetails) continue;
				const next: LearnerRow = { ...row, connected: false, progress: withoutDetails(p) };
				await this.store.putRow(code, next);
				this.sendRow(code, next);
			}
		}
	}
}
