/**
 * The bench's split of a window's wall time (hop-timeline.ts): callbacks running, a message in
 * flight while nothing runs, gaps; and latency only for messages sent while no other was in flight.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from './hop-timeline.ts';
import { CONTROL, HANDLE, POST, SEGMENTS, TIMER, type TraceRecord } from './message-trace.ts';

const post = (t: number, tag = SEGMENTS): TraceRecord => ({
	kind: POST,
	start: t,
	end: t,
	tag,
	activeMs: 0
});
const handle = (start: number, end: number, activeMs = 0, tag = SEGMENTS): TraceRecord => ({
	kind: HANDLE,
	start,
	end,
	tag,
	activeMs
});

describe('hop timeline analysis', () => {
	it('splits a ping-pong into callbacks, flights and gaps', () => {
		// Thread 1 posts at 0; thread 2 handles 10–20 and posts at 15; thread 1 handles 50–60.
		const a = analyse(
			[
				{ thread: 1, records: [post(0), handle(50, 60)] },
				{ thread: 2, records: [handle(10, 20), post(15)] }
			],
			0,
			100
		);
		expect(a.posts).toBe(2);
		expect(a.wall).toEqual({ handler: 20, inFlight: 40, gap: 40 });
		// 0 → 10 alone; 15 → 50 left while thread 2's callback still ran (nothing else in flight).
		expect(a.latencyUs).toBe((10 + 35) / 2);
	});

	it('takes no latency from a message sent while another is in flight', () => {
		const a = analyse(
			[
				{ thread: 1, records: [post(0), post(5, CONTROL)] },
				{ thread: 2, records: [handle(10, 12)] },
				{ thread: 3, records: [handle(30, 31)] }
			],
			0,
			40
		);
		expect(a.latencyUs).toBeNaN();
		expect(a.segmentPosts).toBe(1);
		expect(a.controlPosts).toBe(1);
	});

	it('counts timers as running, and each thread’s event-loop active time in the window', () => {
		const a = analyse(
			[
				{
					thread: 0,
					records: [
						handle(0, 1, 5),
						{ kind: TIMER, start: 20, end: 30, tag: 0, activeMs: 6 },
						handle(90, 95, 8)
					]
				}
			],
			10,
			80
		);
		expect(a.timers).toBe(1);
		expect(a.wall.handler).toBe(10);
		expect(a.activeUs).toBe(1000);
	});
});
