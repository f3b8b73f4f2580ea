/**
 * `npm run sim -- SCRIPT [--runtime inprocess|workers] [--seed N] [--scenario bookinfo|empty] [--workers N] [--clusters 1|2] [--packing agent|per-pod|node]`
 * `npm run sim -- --lesson lessons/NN-slug`: replays a lesson, with its checks before and after.
 * Runs a command script headlessly on the same core the page uses and prints the transcript:
 * each command as `$ COMMAND`, then its output (stderr included). SCRIPT `-` reads stdin.
 * Lesson authors and docs CI build on this output: keep it stable.
 */
import { KIND_CNI_CHAIN } from '../src/mesh/cni/kind-node.ts';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createInProcessRuntime, type InProcessRuntime } from '../src/mesh/runtime/in-process.ts';
import { programFor } from '../src/mesh/apps/registry.ts';
import { createNodeWorkerRuntime } from '../src/platform/node/node-workers.ts';
import { nodeDrain, nodeYield } from '../src/platform/node/node-yield.ts';
import { parseWorkerCount, WORKER_COUNT } from '../src/mesh/cluster/nodes.ts';
import {
	DEFAULT_PACKING,
	isPacking,
	PACKINGS,
	type Packing
} from '../src/platform/worker-packing.ts';
import { createPlayground, SCENARIOS, type Scenario } from '../src/shell/playground.ts';
import { runTranscript } from '../src/shell/transcript.ts';
import { parseClusterCount } from '../src/shell/multicluster.ts';

const USAGE = `usage: npm run sim -- SCRIPT [--runtime inprocess|workers] [--seed N] [--scenario ${SCENARIOS.join('|')}] [--workers N] [--clusters 1|2] [--packing ${PACKINGS.join('|')}]
  SCRIPT   a file of commands, or - for standard input
  --workers  worker nodes, ${WORKER_COUNT.min} to ${WORKER_COUNT.max} (default ${WORKER_COUNT.default})
  --clusters 2: kind clusters cluster1 and cluster2 (contexts kind-cluster1, kind-cluster2; scenario empty)
  --packing  with --runtime workers: a node's workload pods sharing a worker with its ztunnel (agent, the default), a worker per pod (per-pod) or every pod of a node sharing workers (node)
       npm run sim -- --lesson lessons/NN-slug   replay a lesson with its check results`;

function fail(message: string): never {
	process.stderr.write(`sim: ${message}\n${USAGE}\n`);
	process.exit(2);
}

const { values, positionals } = (() => {
	try {
		return parseArgs({
			allowPositionals: true,
			options: {
				runtime: { type: 'string', default: 'inprocess' },
				seed: { type: 'string', default: '1' },
				scenario: { type: 'string', default: 'bookinfo' },
				workers: { type: 'string' },
				clusters: { type: 'string' },
				packing: { type: 'string' },
				help: { type: 'boolean', short: 'h' },
				lesson: { type: 'string' }
			}
		});
	} catch (e) {
		return fail((e as Error).message);
	}
})();

if (values.help) {
	process.stdout.write(`${USAGE}\n`);
	process.exit(0);
}
if (values.lesson !== undefined) {
	const { replayLesson } = await import('./sim-lesson.ts');
	process.exit(await replayLesson(values.lesson));
}
const [scriptPath] = positionals;
if (!scriptPath || positionals.length > 1) fail('expected exactly one SCRIPT');
if (values.runtime !== 'inprocess' && values.runtime !== 'workers')
	fail(`unknown runtime "${values.runtime}"`);
if (!SCENARIOS.includes(values.scenario as Scenario)) fail(`unknown scenario "${values.scenario}"`);
const packingArg = values.packing ?? DEFAULT_PACKING;
if (!isPacking(packingArg)) fail(`unknown packing "${packingArg}"`);
const packing: Packing = packingArg;
if (values.packing !== undefined && values.runtime !== 'workers')
	fail('--packing applies to --runtime workers only');
const seed = Number(values.seed);
if (!Number.isInteger(seed)) fail(`--seed must be an integer, got "${values.seed}"`);
const workers = values.workers === undefined ? undefined : parseWorkerCount(values.workers);
if (typeof workers === 'object') fail(`--workers: ${workers.error}`);
const clusters = values.clusters === undefined ? 1 : parseClusterCount(values.clusters);
if (typeof clusters === 'object') fail(`--clusters: ${clusters.error}`);
if (clusters === 2 && values.scenario !== 'empty') fail('--clusters 2 needs --scenario empty');

let script: string;
try {
	script = readFileSync(scriptPath === '-' ? 0 : scriptPath, 'utf8');
} catch (e) {
	fail(`cannot read ${scriptPath}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
}

// A second in-process cluster shares the first's event loop (kind's docker network joins them).
const newRuntime = (joins?: InProcessRuntime) =>
	values.runtime === 'workers'
		? createNodeWorkerRuntime(1, undefined, undefined, { packing })
		: createInProcessRuntime({
				crypto: globalThis.crypto,
				programFor,
				cniChain: KIND_CNI_CHAIN,
				yieldToHost: nodeYield,
				betweenEvents: nodeDrain,
				...(joins ? { joins } : {})
			});
const runtime = newRuntime();
const playground = await createPlayground({
	runtime,
	...(clusters === 2
		? { secondRuntime: newRuntime(runtime.kind === 'inprocess' ? runtime : undefined) }
		: {}),
	seed,
	scenario: values.scenario as Scenario,
	...(workers !== undefined ? { workers } : {})
});
process.stdout.write(await runTranscript(script, playground.shell));
await playground.cluster.dispose();
process.exit(0);
