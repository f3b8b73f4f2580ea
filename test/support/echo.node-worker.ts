/** A pod worker running the echo test program (runtime tests only). */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { podWorkerApi } from '../../workers/host-api.ts';
import { echoProgram } from './echo-program.ts';

if (!parentPort) throw new Error('must run in a worker thread');
expose(
	podWorkerApi(() => echoProgram),
	nodeEndpoint(parentPort)
);
