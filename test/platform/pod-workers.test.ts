/**
 * A call in flight to a pod worker that is retired (its last host stopped, as kubelet restarting
 * a crash-looping pod does) never returns: `gone` tells the caller so it can stop waiting. Before
 * it, `kubectl logs` racing such a restart hung (worker-faults.test.ts, a clean-clone CI).
 */
import { describe, expect, it } from 'vitest';
import type { Endpoint } from 'comlink';
import type { HostSpec } from '../../src/mesh/runtime/host.ts';
import type { HostId } from '../../src/mesh/types.ts';
import { PodWorkers } from '../../src/platform/pod-workers.ts';

/** A worker that never answers anything (its thread gone or not yet listening). */
function silentWorker() {
	const { port1, port2 } = new MessageChannel();
	port1.start();
	return {
		endpoint: port1 as unknown as Endpoint,
		terminate: () => {
			port1.close();
			port2.close();
		}
	};
}

describe('pod workers', () => {
	it('a worker retired with a call in flight is gone, and the call can stop waiting', async () => {
		const workers = new PodWorkers({
			spawn: silentWorker,
			// Heartbeats far off: the worker is not found dead, only retired.
			wait: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50_000)).unref()),
			heartbeat: { intervalMs: 60_000, timeoutMs: 60_000 },
			prepare: () => {},
			onDied: () => {}
		});
		const id = 'default/web-1' as HostId;
		const worker = workers.place({ id } as HostSpec, 0);
		const logs = Promise.race([
			worker.api.logs(id, 'web').then(() => 'answered'),
			worker.gone.then(() => 'gone')
		]);
		await workers.release(worker, id);
		expect(await logs).toBe('gone');
		expect(worker.liveness.dead).toBe(false);
	});
});
