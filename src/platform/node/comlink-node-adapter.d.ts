// comlink ships these types as .d.ts beside the .mjs, which `moduleResolution: bundler` misses.
declare module 'comlink/dist/esm/node-adapter.mjs' {
	import type { Endpoint } from 'comlink';
	import type { MessagePort, Worker } from 'node:worker_threads';
	export default function nodeEndpoint(nep: Worker | MessagePort): Endpoint;
}
