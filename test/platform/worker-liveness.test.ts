/** The heartbeat that finds dead pod workers: never fooled by one late answer, never misses a silent worker. */
import { describe, expect, it } from 'vitest';
import { watchWorker } from '../../src/platform/worker-liveness.ts';

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const options = { intervalMs: 5, timeoutMs: 20 };

describe('worker liveness', () => {
	it('declares a worker that never answers dead, with the reason', async () => {
		const l = watchWorker(() => new Promise(() => {}), wait, options);
		expect(await l.died).toBe('no answer to two heartbeats of 20 ms');
		expect(l.dead).toBe(true);
	});

	it('keeps a worker that answered one ping late', async () => {
		let pings = 0;
		const l = watchWorker(() => (++pings === 2 ? wait(30) : Promise.resolve()), wait, options);
		await wait(200);
		expect(pings).toBeGreaterThan(4);
		expect(l.dead).toBe(false);
		l.stop();
	});

	it('keeps a worker whose every answer comes after the timeout, before the next ping times out', async () => {
		// As a healthy worker on a loaded machine: 30 ms answers to pings timed out at 20 ms.
		let pings = 0;
		const l = watchWorker(() => (++pings, wait(30)), wait, options);
		await wait(300);
		expect(pings).toBeGreaterThan(4);
		expect(l.dead).toBe(false);
		l.stop();
	});

	it('a kill (the worker exit event) is at once; a stopped watch never declares death', async () => {
		const killed = watchWorker(() => Promise.resolve(), wait, options);
		killed.kill('worker exited with code 1');
		expect(await killed.died).toBe('worker exited with code 1');
		const stopped = watchWorker(() => new Promise(() => {}), wait, options);
		stopped.stop();
		await wait(100);
		expect(stopped.dead).toBe(false);
	});
});
