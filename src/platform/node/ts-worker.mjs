// Loads a TypeScript worker entry under Node: registers tsx in this thread, then imports it.
// (Node 20 ignores `--import` in a worker's execArgv.)
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
