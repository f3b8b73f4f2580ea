/**
 * Node's edge for the worker runtime: pod hosts in worker_threads (tests and
 * `npm run sim -- --runtime workers [--packing agent|per-pod|node]`). A worker entry is TypeScript; it is bundled once per
 * process with esbuild into a plain module, so each worker starts as fast as the browser's
 * pre-built worker does, instead of transpiling every module again.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { hashString } from '../../mesh/random.ts';
import { createWorkerRuntime, type SpawnedWorker, type WorkerRuntime } from '../worker-runtime.ts';
import type { HeartbeatOptions } from '../worker-liveness.ts';
import type { PackingOptions } from '../worker-packing.ts';

const POD_WORKER = new URL('../../../workers/pod.node-worker.ts', import.meta.url);
const bundles = new Map<string, URL>();

function bundled(entry: URL): URL {
	const cached = bundles.get(entry.href);
	if (cached) return cached;
	const dir = join(tmpdir(), 'mesh-playground-workers');
	mkdirSync(dir, { recursive: true });
	const outfile = join(dir, `${hashString(entry.href).toString(16)}-${process.pid}.mjs`);
	buildSync({
		entryPoints: [fileURLToPath(entry)],
		outfile,
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		logLevel: 'error',
		// CommonJS dependencies bundled into ESM still call `require` (e.g. `require("process")`
		// in istiod's certificate code): give the bundle Node's own.
		banner: {
			js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
		}
	});
	process.once('exit', () => rmSync(outfile, { force: true }));
	const url = pathToFileURL(outfile);
	bundles.set(entry.href, url);
	return url;
}

export function spawnNodePodWorker(entry: URL = POD_WORKER): SpawnedWorker {
	const worker = new Worker(bundled(entry));
	worker.unref();
	return {
		endpoint: nodeEndpoint(worker),
		terminate: () => worker.terminate(),
		onExit(listener) {
			worker.once('exit', (code) => listener(`worker exited with code ${code}`));
		}
	};
}

/** Timers run on wall time, as in the browser: a timer that raced a reply must not fire early. */
export function createNodeWorkerRuntime(
	timeScale = 1,
	entry = POD_WORKER,
	heartbeat?: HeartbeatOptions,
	packing?: PackingOptions
): WorkerRuntime {
	return createWorkerRuntime({
		spawn: () => spawnNodePodWorker(entry),
		timeScale,
		wait: (wall) => new Promise((resolve) => setTimeout(resolve, wall)),
		// Heartbeats must not keep a test process alive after its last test.
		backgroundWait: (wall) => new Promise((resolve) => setTimeout(resolve, wall).unref()),
		...(heartbeat ? { heartbeat } : {}),
		...(packing ? { packing } : {})
	});
}
