/**
 * An instance that stops marks its learners offline on the other instances' dashboards, also when
 * Redis still counts it among the subscribers as it goes (its UNSUBSCRIBE not yet processed, as
 * on a loaded machine). Each offline mark first asks every instance whether the learner is back
 * (fetchSockets); asked after the adapter had stopped listening, that question waited out its
 * 5 s timeout and the mark was dropped (a clean-clone CI run, test/workshop/instances.test.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RedisAdapter } from '@socket.io/redis-adapter';
import type { Socket } from 'socket.io-client';
import type { WorkshopServer } from '../../server/workshop/server.ts';
import { EVENTS, type LearnerRow } from '../../src/workshop/protocol.ts';
import { ask, next, progress } from './client.ts';
import { startTwoHubs, type TwoHubs } from './two-hubs.ts';

let hubs: TwoHubs;
let a: WorkshopServer;
let b: WorkshopServer;
const open = (url: string): Socket => hubs.open(url);

beforeAll(async () => {
	hubs = await startTwoHubs();
	({ a, b } = hubs);
}, 30_000);
afterEach(() => void vi.restoreAllMocks());
afterAll(() => hubs.close());

describe('stopping one of two hub instances', () => {
	it('marks its learners offline on the other, though Redis still counts it as subscribed', async () => {
		const teacher = open(b.url);
		await ask(teacher, EVENTS.instructorJoin, { code: a.code, secret: a.secret });
		for (const id of ['p', 'q'])
			await ask(open(a.url), EVENTS.learnerJoin, {
				code: a.code,
				name: id.toUpperCase(),
				learnerId: id,
				progress: progress()
			});
		const offline = ['p', 'q'].map((id) =>
			next<LearnerRow>(teacher, EVENTS.dashboardLearner, (r) => r.learnerId === id && !r.connected)
		);
		// Redis answers NUMSUB as if A's UNSUBSCRIBE had not reached it yet: both instances count.
		const count = RedisAdapter.prototype.serverCount;
		vi.spyOn(RedisAdapter.prototype, 'serverCount').mockImplementation(async function (
			this: RedisAdapter
		) {
			return Math.max(Number(await count.call(this)), 2);
		});
		const errors = vi.spyOn(console, 'error');
		await a.close();
		expect((await Promise.all(offline)).map((r) => [r.learnerId, r.connected])).toEqual([
			['p', false],
			['q', false]
		]);
		expect(errors).not.toHaveBeenCalled();
	});
});
