/** Builds playgrounds for tests on either runtime. */
import { KIND_CNI_CHAIN } from '../../src/mesh/cni/kind-node.ts';
import type { CaptureEntry } from '../../src/mesh/net/capture.ts';
import { programFor } from '../../src/mesh/apps/registry.ts';
import {
	createInProcessRuntime,
	type InProcessRuntime
} from '../../src/mesh/runtime/in-process.ts';
import type { Runtime } from '../../src/mesh/runtime/runtime.ts';
import { createNodeWorkerRuntime } from '../../src/platform/node/node-workers.ts';
import { createPlayground, type Playground, type Scenario } from '../../src/shell/playground.ts';
import { runTranscript } from '../../src/shell/transcript.ts';
import { nodeDrain, nodeYield, resetDrainCount } from './node-yield.ts';

/**
 * `workers`: the worker runtime as the page runs it (`agent` packing: a node's workload pods
 * with its ztunnel); `per-pod`: a worker per pod; `packed`: every pod of a node sharing workers
 * (`packing: 'node'`).
 */
export type RuntimeName = 'inprocess' | 'workers' | 'per-pod' | 'packed';

/** `joins`: a second cluster's runtime shares the first's event loop (kind's docker network). */
export function inProcessRuntime(joins?: InProcessRuntime) {
	return createInProcessRuntime({
		crypto: globalThis.crypto,
		programFor,
		cniChain: KIND_CNI_CHAIN,
		yieldToHost: nodeYield,
		betweenEvents: nodeDrain,
		...(joins ? { joins } : {})
	});
}

function newRuntime(runtime: RuntimeName, joins?: Runtime) {
	return runtime === 'workers'
		? createNodeWorkerRuntime()
		: runtime === 'packed' || runtime === 'per-pod'
			? createNodeWorkerRuntime(1, undefined, undefined, {
					packing: runtime === 'packed' ? 'node' : 'per-pod'
				})
			: inProcessRuntime(joins?.kind === 'inprocess' ? (joins as InProcessRuntime) : undefined);
}

/** `clusters` 2: kind's cluster1 and cluster2 (multicluster.ts), each on a runtime of its own. */
export async function playground(
	runtime: RuntimeName = 'inprocess',
	scenario: Scenario = 'bookinfo',
	seed = 1,
	workers?: number,
	clusters = 1
): Promise<Playground> {
	const first = newRuntime(runtime);
	return createPlayground({
		runtime: first,
		...(clusters === 2 ? { secondRuntime: newRuntime(runtime, first) } : {}),
		seed,
		scenario,
		...(workers !== undefined ? { workers } : {})
	});
}

/** The transcript of `script` on a fresh playground, which is disposed afterwards. */
export async function transcript(
	script: string,
	runtime: RuntimeName = 'inprocess',
	scenario: Scenario = 'bookinfo',
	workers?: number,
	clusters = 1
): Promise<string> {
	// As when this script runs alone (`npm run sim`): the same boundaries, whatever ran before.
	// Only the in-process runtime paces itself by that count: a worker run started beside an
	// in-process one (the two-cluster parity cases run them at once) must not move its boundaries.
	if (runtime === 'inprocess') resetDrainCount();
	const p = await playground(runtime, scenario, 1, workers, clusters);
	try {
		return await runTranscript(script, p.shell);
	} finally {
		await p.cluster.dispose();
	}
}

/** The address of the first pod labelled `app=APP` in `ns` ('' if there is none). */
export function podIp(p: Playground, ns: string, app: string): string {
	const pods = p.cluster.api.list(p.cluster.api.resolve('pods')!, {
		namespace: ns,
		labelSelector: `app=${app}`
	}) as { status?: { podIP?: string } }[];
	return pods[0]?.status?.podIP ?? '';
}

/** What `script` printed, and the data segments the capture recorded while it ran. */
export async function capturedDuring(
	p: Playground,
	script: string
): Promise<{ out: string; data: CaptureEntry[] }> {
	const rt = p.cluster.runtime;
	const mark = (await rt.capture(0)).next;
	const out = await runTranscript(script, p.shell);
	const data = (await rt.capture(mark)).entries.filter((e) => e.type === 'data');
	return { out, data };
}
