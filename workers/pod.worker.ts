/// <reference lib="webworker" />
/** Browser entry: one pod host per dedicated worker. */
import { KIND_CNI_CHAIN } from '../src/mesh/cni/kind-node.ts';
import { expose } from 'comlink';
import { programFor } from '../src/mesh/apps/registry.ts';
import { podWorkerApi } from './host-api.ts';

expose(podWorkerApi(programFor, KIND_CNI_CHAIN));

export type { PodWorkerApi } from './host-api.ts';
