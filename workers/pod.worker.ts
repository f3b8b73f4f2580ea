/// <reference lib="webworker" />
/** Browser entry: one pod host per dedicated worker. */
import { IN_POD_REDIRECTION } from '../src/mesh/cni/inpod-redirection.ts';
import { expose } from 'comlink';
import { programFor } from '../src/mesh/apps/registry.ts';
import { podWorkerApi } from './host-api.ts';

expose(podWorkerApi(programFor, [IN_POD_REDIRECTION]));

export type { PodWorkerApi } from './host-api.ts';
