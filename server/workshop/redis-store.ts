/**
 * The store shared by several hub instances: one Redis string per workshop record, and per class
 * two hashes keyed by learner id: the rows, and their `connected`/`lastSeen` status on its own (so
 * a disconnect on one instance is one HSET that cannot undo a rejoin's progress on another). Keys
 * expire a week after the last write, so a forgotten workshop does not stay forever.
 */
import type { RedisClientType } from 'redis';
import type { LearnerRow } from '../../src/workshop/protocol.ts';
import type { WorkshopRecord, WorkshopStore } from './store.ts';

const PREFIX = 'mesh-playground:workshop:';
const TTL_SECONDS = 7 * 24 * 3600;

export class RedisStore implements WorkshopStore {
	readonly #redis: RedisClientType;

	constructor(redis: RedisClientType) {
		this.#redis = redis;
	}

	async get(code: string): Promise<WorkshopRecord | undefined> {
		const json = await this.#redis.get(`${PREFIX}${code}`);
		return json ? (JSON.parse(json) as WorkshopRecord) : undefined;
	}

	async put(record: WorkshopRecord): Promise<void> {
		await this.#redis.set(`${PREFIX}${record.code}`, JSON.stringify(record), { EX: TTL_SECONDS });
	}

	async getRow(code: string, learnerId: string): Promise<LearnerRow | undefined> {
		const [json, status] = await Promise.all([
			this.#redis.hGet(`${PREFIX}${code}:learners`, learnerId),
			this.#redis.hGet(`${PREFIX}${code}:status`, learnerId)
		]);
		return json ? withStatus(JSON.parse(json) as LearnerRow, status) : undefined;
	}

	async putRow(code: string, row: LearnerRow): Promise<void> {
		const rows = `${PREFIX}${code}:learners`;
		const status = `${PREFIX}${code}:status`;
		await this.#redis
			.multi()
			.hSet(rows, row.learnerId, JSON.stringify(row))
			.hSet(status, row.learnerId, `${row.connected ? 1 : 0}:${row.lastSeen}`)
			.expire(rows, TTL_SECONDS)
			.expire(status, TTL_SECONDS)
			.exec();
	}

	async rows(code: string): Promise<LearnerRow[]> {
		const [rows, status] = await Promise.all([
			this.#redis.hGetAll(`${PREFIX}${code}:learners`),
			this.#redis.hGetAll(`${PREFIX}${code}:status`)
		]);
		return Object.entries(rows).map(([id, json]) =>
			withStatus(JSON.parse(json) as LearnerRow, status[id])
		);
	}

	async setConnected(
		code: string,
		learnerId: string,
		connected: boolean,
		lastSeen: number
	): Promise<LearnerRow | undefined> {
		if (!(await this.#redis.hExists(`${PREFIX}${code}:learners`, learnerId))) return undefined;
		await this.#redis.hSet(
			`${PREFIX}${code}:status`,
			learnerId,
			`${connected ? 1 : 0}:${lastSeen}`
		);
		return this.getRow(code, learnerId);
	}

	async close(): Promise<void> {}
}

function withStatus(row: LearnerRow, status: string | null | undefined): LearnerRow {
	const m = status ? /^([01]):(\d+)$/.exec(status) : null;
	return m ? { ...row, connected: m[1] === '1', lastSeen: Number(m[2]) } : row;
}
