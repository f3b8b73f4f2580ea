/**
 * The event recorder as client-go's record package behaves: a repeat folds into `count`, the tenth
 * different message of one reason about one object becomes a combined event, an events.k8s.io
 * recorder (the scheduler) writes `eventTime`/`series`, and the store keeps a bounded, TTL'd log.
 */
import { describe, expect, it } from 'vitest';
import { bootstrapApi } from '../../../src/mesh/api/bootstrap.ts';
import { EVENTS } from '../../../src/mesh/api/builtin-resources.ts';
import type { KubeObject } from '../../../src/mesh/api/objects.ts';
import { createApiServer } from '../../../src/mesh/api/store.ts';
import { createEventBroadcaster } from '../../../src/mesh/cluster/events.ts';
import { EVENT_TTL_MS, MAX_EVENTS } from '../../../src/mesh/cluster/events-sink.ts';
import { createRng } from '../../../src/mesh/random.ts';
import { ms } from '../../../src/mesh/types.ts';

function setup() {
	let now = 0;
	const api = createApiServer({ rng: createRng(1), now: () => ms(now) });
	bootstrapApi(api);
	const broadcaster = createEventBroadcaster(api, () => ms(now));
	const list = () => api.list(EVENTS) as (KubeObject & Record<string, unknown>)[];
	return { api, broadcaster, list, tick: (n: number) => (now += n) };
}

const rs: KubeObject = {
	apiVersion: 'apps/v1',
	kind: 'ReplicaSet',
	metadata: {
		name: 'web-1',
		namespace: 'default',
		uid: 'u-1',
		resourceVersion: '7',
		creationTimestamp: ''
	}
};

describe('events', () => {
	it('names an event after its object and folds a repeat into count and lastTimestamp', () => {
		const { broadcaster, list, tick } = setup();
		const rec = broadcaster.recorder({ component: 'replicaset-controller' });
		rec.event(rs, 'Normal', 'SuccessfulCreate', 'Created pod: web-1-abcde');
		tick(5000);
		rec.event(rs, 'Normal', 'SuccessfulCreate', 'Created pod: web-1-abcde');
		const [e, ...rest] = list();
		expect(rest).toEqual([]);
		expect(e?.metadata.name).toMatch(/^web-1\.[0-9a-f]{16}$/);
		expect(e).toMatchObject({
			involvedObject: { kind: 'ReplicaSet', name: 'web-1', uid: 'u-1' },
			source: { component: 'replicaset-controller' },
			count: 2,
			firstTimestamp: '2026-01-01T00:00:00Z',
			lastTimestamp: '2026-01-01T00:00:05Z'
		});
	});

	it('combines the tenth different message of one reason about one object', () => {
		const { broadcaster, list } = setup();
		const rec = broadcaster.recorder({ component: 'replicaset-controller' });
		for (let i = 0; i < 12; i++)
			rec.event(rs, 'Warning', 'FailedCreate', `Error creating: pod web-1-${i} is invalid`);
		const messages = list().map((e) => e['message'] as string);
		expect(messages).toHaveLength(10);
		const combined = list().filter((e) =>
			String(e['message']).startsWith('(combined from similar events): ')
		);
		expect(combined).toHaveLength(1);
		expect(combined[0]).toMatchObject({
			count: 3,
			message: '(combined from similar events): Error creating: pod web-1-11 is invalid'
		});
	});

	it('writes events.k8s.io fields for the scheduler, and a series on repeats', () => {
		const { broadcaster, list, tick } = setup();
		const rec = broadcaster.recorder({
			component: 'default-scheduler',
			reportingInstance: 'default-scheduler-cp'
		});
		const pod = { ...rs, apiVersion: 'v1', kind: 'Pod', metadata: { ...rs.metadata, name: 'p' } };
		rec.event(pod, 'Warning', 'FailedScheduling', '0/3 nodes are available', {
			action: 'Scheduling'
		});
		tick(1500);
		rec.event(pod, 'Warning', 'FailedScheduling', '0/3 nodes are available', {
			action: 'Scheduling'
		});
		expect(list()).toEqual([
			expect.objectContaining({
				action: 'Scheduling',
				eventTime: '2026-01-01T00:00:00.000000Z',
				firstTimestamp: null,
				reportingComponent: 'default-scheduler',
				reportingInstance: 'default-scheduler-cp',
				series: { count: 2, lastObservedTime: '2026-01-01T00:00:01.500000Z' },
				source: {}
			})
		]);
	});

	it('forgets events after the TTL and keeps at most MAX_EVENTS', () => {
		const { broadcaster, list, tick } = setup();
		const rec = broadcaster.recorder({ component: 'kubelet', host: 'n1' });
		const pod = (i: number): KubeObject => ({
			...rs,
			kind: 'Pod',
			metadata: { ...rs.metadata, name: `p-${i}`, uid: `u-${i}` }
		});
		rec.event(pod(0), 'Normal', 'Started', 'Started container c');
		tick(EVENT_TTL_MS + 1);
		rec.event(pod(1), 'Normal', 'Started', 'Started container c');
		expect(list().map((e) => e.metadata.name.split('.')[0])).toEqual(['p-1']);
		for (let i = 2; i < MAX_EVENTS + 10; i++)
			rec.event(pod(i), 'Normal', 'Started', 'Started container c');
		const names = list().map((e) => e.metadata.name.split('.')[0]);
		expect(names).toHaveLength(MAX_EVENTS);
		expect(names).not.toContain('p-9');
		expect(names).toContain(`p-${MAX_EVENTS + 9}`);
	});
});
