/**
 * Bench only: the Node pod worker with its messages traced (message-trace.ts). The trace is
 * installed before the entry loads, so comlink's endpoint and the peer links post through it.
 */
import { installMessageTrace } from './message-trace.ts';

installMessageTrace();
await import('../../workers/pod.node-worker.ts');
