/**
 * Node's edge for the worker runtime: pod hosts in worker_threads (tests and
 * `npm run sim -- --runtime workers`). TypeScript workers load through tsx.
 */
import { Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createWorkerRuntime, type SpawnedWorker, type WorkerRuntime } from '../worker-runtime.ts';

const BOOTSTRAP = new URL('./ts-worker.mjs', import.meta.url);
const POD_WORKER = new URL('../../../workers/pod.node-worker.ts', import.meta.url);

export function spawnNodePodWorker(url: URL = POD_WORKER): SpawnedWorker {
	const worker = new Worker(BOOTSTRAP, { workerData: { entry: url.href } });
	worker.unref();
	return { endpoint: nodeEndpoint(worker), terminate: () => worker.terminate() };
}

/** Timers run on wall time, as in the browser: a timer that raced a reply must not fire early. */
export function createNodeWorkerRuntime(timeScale = 1, workerUrl = POD_WORKER): WorkerRuntime {
	return createWorkerRuntime({
		spawn: () => spawnNodePodWorker(workerUrl),
		timeScale,
		wait: (wall) => new Promise((resolve) => setTimeout(resolve, wall))
	});
}
