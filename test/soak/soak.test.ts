/**
 * Soak: 2,000 requests through ztunnel, a waypoint and an L7 policy (a quarter of them denied)
 * leave the runtime as they found it. Hosts, listeners, open and pending connections and queued
 * events are the same after 2,000 requests as after the first 200 (pooled HBONE connections
 * included); the capture, traffic and log buffers stay within their documented limits
 * (docs/limits.md). Counts, not timing: heap growth is `npm run bench`'s
 * soak.heapGrowthMBPer10kRequests.
 */
import { describe, expect, it } from 'vitest';
import { soakScene } from './mesh-soak.ts';

const WARM = 200;
const TOTAL = Number(process.env.SOAK_REQUESTS ?? 2000);

describe('soak', () => {
	it(`${TOTAL} requests through a waypoint and a policy leave hosts, listeners, connections and buffers flat`, async () => {
		const scene = await soakScene();
		try {
			for (let i = 0; i < WARM; i++) await scene.request(i);
			await scene.runtime.idle();
			const warm = scene.runtime.resources();
			const midway: ReturnType<typeof scene.runtime.resources>[] = [];
			for (let i = WARM; i < TOTAL; i++) {
				await scene.request(i);
				if ((i + 1) % 600 === 0) {
					await scene.runtime.idle();
					midway.push(scene.runtime.resources());
				}
			}
			await scene.runtime.idle();
			const end = scene.runtime.resources();
			for (const at of [...midway, end]) {
				expect({
					hosts: at.hosts,
					listeners: at.listeners,
					openConnections: at.openConnections,
					pendingConnects: at.pendingConnects,
					queuedEvents: at.queuedEvents
				}).toEqual({
					hosts: warm.hosts,
					listeners: warm.listeners,
					openConnections: warm.openConnections,
					pendingConnects: 0,
					queuedEvents: warm.queuedEvents
				});
			}
			// Bounded rings (capture 20,000 entries, traffic 10,000 events, 5,000 log lines), which
			// may run 25% over before they trim.
			expect(end.captureEntries).toBeLessThanOrEqual(25_000);
			expect(end.trafficEvents).toBeLessThanOrEqual(12_500);
			expect(end.maxLogLines).toBeLessThanOrEqual(6_250);
			// The loop did reach the capture limit, so its trimming was exercised.
			const total = (await scene.runtime.capture(0)).next;
			expect(total).toBeGreaterThan(end.captureEntries);
		} finally {
			await scene.dispose();
		}
	}, 300_000);
});
