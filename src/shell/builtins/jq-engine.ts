/**
 * jq itself, not a look-alike: jq-web's WebAssembly build of jq, loaded on the first `jq` (the
 * module and its 2.8 MB jq.wasm stay out of the page until then). In the page it runs in a worker
 * (jq.worker.ts) that Ctrl-C terminates; in Node (sim, tests) in the calling thread.
 */
import type { createRequire as CreateRequire } from 'node:module';
import type { JqInstance } from 'jq-web';
import { runOn, type JqRequest, type JqRun } from './jq-run.ts';

export type { JqRun } from './jq-run.ts';

const inNode = globalThis.process?.versions?.node !== undefined;

let loading: Promise<JqInstance> | undefined;

async function loadInThread(): Promise<JqInstance> {
	// require() hands over module.exports, the promise itself: an ES import goes through
	// vitest's CJS interop, whose namespace proxy lends it the promise's `then`.
	const specifier = 'node:module';
	const { createRequire } = (await import(/* @vite-ignore */ specifier)) as {
		createRequire: typeof CreateRequire;
	};
	return (await createRequire(import.meta.url)('jq-web')) as JqInstance;
}

let worker: Worker | undefined;
let nextId = 0;

function runInWorker(request: JqRequest, signal: AbortSignal): Promise<JqRun> {
	const w = (worker ??= new Worker(new URL('./jq.worker.ts', import.meta.url), { type: 'module' }));
	const id = nextId++;
	return new Promise((resolve) => {
		const done = (run: JqRun) => {
			w.removeEventListener('message', onMessage);
			w.removeEventListener('error', onError);
			signal.removeEventListener('abort', onAbort);
			resolve(run);
		};
		const onMessage = (e: MessageEvent<JqRun & { id: number }>) => {
			if (e.data.id === id)
				done({ stdout: e.data.stdout, stderr: e.data.stderr, code: e.data.code });
		};
		const onError = (e: ErrorEvent) => {
			worker = undefined;
			w.terminate();
			done({ stdout: '', stderr: `jq: ${e.message || 'failed to start'}\n`, code: 2 });
		};
		// Ctrl-C: SIGINT ends jq (status 130); the next `jq` starts a fresh worker.
		const onAbort = () => {
			worker = undefined;
			w.terminate();
			done({ stdout: '', stderr: '', code: 130 });
		};
		w.addEventListener('message', onMessage);
		w.addEventListener('error', onError);
		signal.addEventListener('abort', onAbort, { once: true });
		w.postMessage({ id, ...request });
	});
}

export async function runJq(
	input: string,
	filter: string,
	flags: readonly string[],
	signal: AbortSignal
): Promise<JqRun> {
	if (signal.aborted) return { stdout: '', stderr: '', code: 130 };
	if (!inNode) return runInWorker({ input, filter, flags }, signal);
	return runOn(await (loading ??= loadInThread()), { input, filter, flags });
}
