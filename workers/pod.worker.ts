/// <reference lib="webworker" />
/** Browser entry: one pod host per dedicated worker. */
import { expose } from 'comlink';
import { programFor } from '../src/mesh/apps/registry.ts';
import { podWorkerApi } from './host-api.ts';

expose(podWorkerApi(programFor));

export type { PodWorkerApi } from './host-api.ts';
