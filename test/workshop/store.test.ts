/**
 * Both stores keep the same promises: records survive reopening (file) or live in Redis, and a
 * late disconnect flips only `connected`/`lastSeen`, never a newer row's progress.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type RedisClientType } from 'redis';
import { RedisStore } from '../../server/workshop/redis-store.ts';
import { FileStore, type WorkshopRecord, type WorkshopStore } from '../../server/workshop/store.ts';
import type { LearnerRow } from '../../src/workshop/protocol.ts';
import { startRedis, type RedisProcess } from '../support/redis.ts';
import { progress } from './client.ts';

let redis: RedisProcess;
let client: RedisClientType;
beforeAll(async () => {
	redis = await startRedis();
	client = createClient({ url: redis.url }) as RedisClientType;
	await client.connect();
}, 30_000);
afterAll(async () => {
	await client.quit();
	await redis.stop();
});

const record: WorkshopRecord = {
	code: 'abcd-efgh-ijkl',
	title: 'T',
	lessons: ['waypoints'],
	secretHash: 'h',
	hold: { lesson: 'waypoints', step: 2 },
	announcements: [{ id: '1', text: 'hi', at: 1 }],
	readyCheck: null,
	stuckMinutes: 5,
	createdAt: 1
};
const row = (seq: number, connected: boolean): LearnerRow => ({
	learnerId: 'ada',
	name: 'Ada',
	connected,
	lastSeen: seq,
	progress: progress({ seq, sentAt: seq, stepStartedAt: seq, lastProgressAt: seq })
});

const stores: [string, () => Promise<WorkshopStore>][] = [
	['file', () => FileStore.open(mkdtempSync(join(tmpdir(), 'workshop-store-')))],
	['redis', async () => new RedisStore(client)]
];

describe.each(stores)('%s store', (_, open) => {
	it('keeps a record and the class roster', async () => {
		const store = await open();
		await store.put(record);
		expect(await store.get(record.code)).toEqual(record);
		expect(await store.get('zzzz-zzzz-zzzz')).toBeUndefined();
		const ada = row(1, true);
		await store.putRow(record.code, ada);
		expect(await store.rows(record.code)).toEqual([ada]);
	});

	it('lets a late disconnect flip only the status of a newer row', async () => {
		const store = await open();
		await store.putRow(record.code, row(1, true));
		await store.putRow(record.code, row(2, true)); // the learner rejoined elsewhere with newer progress
		const offline = await store.setConnected(record.code, 'ada', false, 99); // the old socket's disconnect
		expect(offline).toMatchObject({ connected: false, lastSeen: 99, progress: { seq: 2 } });
		expect(await store.getRow(record.code, 'ada')).toEqual(offline);
		expect(await store.setConnected(record.code, 'nobody', false, 1)).toBeUndefined();
	});
});

it('the file store reads its workshops back after a restart and skips a damaged file', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'workshop-store-'));
	const first = await FileStore.open(dir);
	await first.put(record);
	await first.close();
	const { writeFileSync } = await import('node:fs');
	writeFileSync(join(dir, 'zzzz-zzzz-zzzz.json'), '{ not json');
	const again = await FileStore.open(dir);
	expect(await again.get(record.code)).toEqual(record);
	expect(await again.get('zzzz-zzzz-zzzz')).toBeUndefined();
});
