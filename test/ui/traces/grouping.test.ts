import { describe, expect, it } from 'vitest';
import { groupTraces, traceMatches } from '../../../src/ui/traces/grouping.ts';
import { ms } from '../../../src/mesh/types.ts';
import { event } from '../fixtures.ts';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

describe('groupTraces', () => {
	const events = [
		event({
			traceId: A,
			direction: 'inbound',
			proxy: 'istio-system/ztunnel-hjn9v',
			start: ms(1002),
			end: ms(1009)
		}),
		event({
			traceId: B,
			start: ms(2000),
			end: ms(2005),
			decision: { result: 'deny', reason: 'no ALLOW policy matched' }
		}),
		event({ traceId: A, start: ms(1000), end: ms(1010) }),
		event({
			traceId: A,
			reporter: 'waypoint',
			layer: 'L7',
			proxy: 'default/waypoint-x',
			waypoint: 'default/waypoint',
			start: ms(1004),
			end: ms(1008),
			http: { method: 'GET', path: '/productpage', authority: 'productpage:9080', status: 200 }
		})
	];
	const traces = groupTraces(events);

	it('groups by trace id, newest first', () => {
		expect(traces.map((t) => [t.traceId, t.hops.length])).toEqual([
			[B, 1],
			[A, 3]
		]);
	});

	it('orders hops as the request took them, with sim time per hop', () => {
		const a = traces[1]!;
		expect(
			a.hops.map((h) => [h.event.reporter, h.event.direction, h.offsetMs, h.durationMs])
		).toEqual([
			['ztunnel', 'outbound', 0, 10],
			['ztunnel', 'inbound', 2, 7],
			['waypoint', 'outbound', 4, 4]
		]);
	});

	it('summarizes caller, target, request and outcome', () => {
		expect(traces[1]).toMatchObject({
			from: 'default/curl-dbf564c7f-fwxst',
			to: 'productpage.default.svc.cluster.local',
			request: 'GET /productpage 200',
			outcome: 'ok',
			mtls: true,
			viaWaypoint: true,
			start: 1000,
			end: 1010
		});
		expect(traces[0]).toMatchObject({ outcome: 'denied', viaWaypoint: false });
	});

	it.each([
		{ status: 503, error: undefined, outcome: 'error' },
		{ status: 0, error: undefined, outcome: 'error' },
		{ status: 200, error: 'upstream connect error', outcome: 'error' },
		{ status: 404, error: undefined, outcome: 'ok' }
	])('status $status, error $error → $outcome', ({ status, error, outcome }) => {
		const [t] = groupTraces([
			event({
				traceId: A,
				http: { method: 'GET', path: '/', authority: 'x', status },
				...(error ? { error } : {})
			})
		]);
		expect(t?.outcome).toBe(outcome);
	});

	it('keeps the newest `limit` traces', () => {
		const many = Array.from({ length: 5 }, (_, i) =>
			event({ traceId: String(i).repeat(32), start: ms(i), end: ms(i + 1) })
		);
		expect(groupTraces(many, 2).map((t) => t.traceId[0])).toEqual(['4', '3']);
	});

	it('searches the list line', () => {
		expect(traces.filter((t) => traceMatches(t, 'productpage 404')).length).toBe(0);
		expect(traces.filter((t) => traceMatches(t, 'GET /productpage')).map((t) => t.traceId)).toEqual(
			[A]
		);
		expect(traces.filter((t) => traceMatches(t, 'denied')).map((t) => t.traceId)).toEqual([B]);
	});
});
