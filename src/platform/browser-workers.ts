/**
 * The browser's edge for the worker runtime: dedicated module Workers for pod hosts (one per
 * pod, or several pods of a node per worker when packed). Vite bundles the entry from the
 * `new URL(…, import.meta.url)` pattern.
 */
import { createWorkerRuntime, type SpawnedWorker, type WorkerRuntime } from './worker-runtime.ts';
import type { PackingOptions } from './worker-packing.ts';

export function spawnBrowserPodWorker(): SpawnedWorker {
	const worker = new Worker(new URL('../../workers/pod.worker.ts', import.meta.url), {
		type: 'module',
		name: 'pod'
	});
	return {
		endpoint: worker,
		terminate: () => worker.terminate(),
		onExit(listener) {
			// An uncaught error at the worker's top level: its module failed, nothing will answer.
			worker.addEventListener('error', (e) => listener(`worker error: ${e.message}`));
		}
	};
}

/** Sim time runs at wall speed for timers and `sleep` in the browser, as a real cluster would. */
export function createBrowserWorkerRuntime(packing?: PackingOptions): WorkerRuntime {
	return createWorkerRuntime({
		spawn: spawnBrowserPodWorker,
		timeScale: 1,
		wait: (wall) => new Promise((resolve) => setTimeout(resolve, wall)),
		...(packing ? { packing } : {})
	});
}

let yieldChannel: MessageChannel | undefined;
const yielders: (() => void)[] = [];

/** A macrotask boundary for the in-process runtime in a browser (setImmediate's stand-in). */
export function browserYield(): Promise<void> {
	if (!yieldChannel) {
		yieldChannel = new MessageChannel();
		yieldChannel.port1.onmessage = () => yielders.shift()?.();
	}
	const channel = yieldChannel;
	return new Promise((resolve) => {
		yielders.push(resolve);
		channel.port2.postMessage(null);
	});
}
