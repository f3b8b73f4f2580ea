/** A pod worker running the runtime tests' programs instead of the apps. */
import { IN_POD_REDIRECTION } from '../../src/mesh/cni/inpod-redirection.ts';
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { podWorkerApi } from '../../workers/host-api.ts';
import { testPrograms } from './test-programs.ts';

if (!parentPort) throw new Error('must run in a worker thread');
expose(podWorkerApi(testPrograms, [IN_POD_REDIRECTION]), nodeEndpoint(parentPort));
