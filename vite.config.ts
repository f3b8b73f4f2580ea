import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { embedPlugin } from './scripts/embed-plugin.ts';
import { jqWasmPlugin } from './scripts/jq-wasm-plugin.ts';
import { LongFirstSequencer } from './test/support/long-first-sequencer.ts';

const E2E_WORKERS = Number(process.env.E2E_WORKERS) || 2;
/** Node-project files at once; NODE_WORKERS overrides it, to measure. */
const NODE_WORKERS = Number(process.env.NODE_WORKERS) || 2;
/**
 * E2E files that keep the machine to themselves: the 10,000-replica scale-up fills the page
 * thread for a minute or more, and beside another file it missed its 120 s (README "Test it").
 */
const E2E_ALONE = ['test/e2e/scale-burst.e2e.test.ts'];

// monaco-yaml's worker imports `monaco-editor/esm/vs/…`, which monaco ≥ 0.55's exports map no
// longer serves (reference/stack-notes.md trap 3a): point those paths at the files themselves.
const MONACO_ESM = fileURLToPath(new URL('./node_modules/monaco-editor/esm/vs/', import.meta.url));

export default defineConfig({
	plugins: [svelte(), embedPlugin(), jqWasmPlugin()],
	resolve: { alias: [{ find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: `${MONACO_ESM}$1` }] },
	worker: { format: 'es' },
	build: {
		target: 'es2022',
		chunkSizeWarningLimit: 1500,
		// embed.html: the playground in a docs page's iframe (docs/embedding.md).
		rollupOptions: {
			input: {
				main: fileURLToPath(new URL('./index.html', import.meta.url)),
				embed: fileURLToPath(new URL('./embed.html', import.meta.url))
			}
		}
	},
	test: {
		sequence: { sequencer: LongFirstSequencer },
		projects: [
			{
				extends: true,
				test: {
					name: 'node',
					environment: 'node',
					setupFiles: ['test/support/settle-background-imports.ts'],
					include: ['test/**/*.test.ts'],
					exclude: ['test/e2e/**'],
					// Two files at a time sharing modules: 3× faster than vitest's default on two cores
					// (one worker, each file isolated). A limit of 30 s, not 5: a test that installs
					// Istio runs seconds of simulation, which a loaded machine stretches past 5 s.
					maxWorkers: NODE_WORKERS,
					isolate: false,
					testTimeout: 30_000,
					hookTimeout: 30_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					environment: 'node',
					include: ['test/e2e/**/*.e2e.test.ts'],
					exclude: E2E_ALONE,
					globalSetup: ['test/e2e/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 60_000,
					// Files at once against the one Chromium and preview server, each file in its own
					// contexts (README "Test it"); E2E_WORKERS overrides it, to measure. A group of its
					// own, after the node files: vitest runs a group's files in one pool of one size.
					maxWorkers: E2E_WORKERS,
					sequence: { groupOrder: 1 }
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e-alone',
					environment: 'node',
					include: E2E_ALONE,
					globalSetup: ['test/e2e/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 60_000,
					// Alone, last: vitest runs files without file parallelism after every group.
					fileParallelism: false
				}
			}
		]
	}
});
