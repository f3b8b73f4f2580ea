/**
 * The store shared by several hub instances: one Redis string per workshop record and one hash
 * per class roster (field = learner id). Keys expire a week after the last write, so a forgotten
 * workshop does not stay forever.
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
		const json = await this.#redis.hGet(`${PREFIX}${code}:learners`, learnerId);
		return json ? (JSON.parse(json) as LearnerRow) : undefined;
	}

	async putRow(code: string, row: LearnerRow): Promise<void> {
		const key = `${PREFIX}${code}:learners`;
		await this.#redis.hSet(key, row.learnerId, JSON.stringify(row));
		await this.#redis.expire(key, TTL_SECONDS);
	}

	async rows(code: string): Promise<LearnerRow[]> {
		const all = await this.#redis.hGetAll(`${PREFIX}${code}:learners`);
		return Object.values(all).map((json) => JSON.parse(json) as LearnerRow);
	}

	async close(): Promise<void> {}
}
