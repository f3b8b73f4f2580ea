/**
 * jq-web's jq.wasm, next to the jq worker: jq-web fetches `jq.wasm` relative to the script that
 * runs it, the worker (src/shell/builtins/jq.worker.ts). Built: `assets/jq.wasm`, beside the
 * worker's chunk; dev: served at any `…/jq.wasm`, as the worker runs from its source path.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

const WASM = createRequire(import.meta.url).resolve('jq-web/jq.wasm');

export function jqWasmPlugin(): Plugin {
	return {
		name: 'mesh-playground:jq-wasm',
		configureServer(server) {
			server.middlewares.use((req, res, next) => {
				if (!req.url?.split('?')[0]?.endsWith('/jq.wasm')) return next();
				res.setHeader('Content-Type', 'application/wasm');
				res.end(readFileSync(WASM));
			});
		},
		generateBundle() {
			this.emitFile({ type: 'asset', fileName: 'assets/jq.wasm', source: readFileSync(WASM) });
		}
	};
}
