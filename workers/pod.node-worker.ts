/** Node entry (worker_threads): the same pod host, for tests and `npm run sim --runtime workers`. */
import { KIND_CNI_CHAIN } from '../src/mesh/cni/kind-node.ts';
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { programFor } from '../src/mesh/apps/registry.ts';
import { nodeCrypto } from '../src/platform/node/node-crypto.ts';
import { podWorkerApi } from './host-api.ts';

if (!parentPort) throw new Error('pod.node-worker must run in a worker thread');
expose(podWorkerApi(programFor, KIND_CNI_CHAIN, nodeCrypto()), nodeEndpoint(parentPort));
