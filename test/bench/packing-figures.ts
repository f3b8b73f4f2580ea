/**
 * The worker runtime's two packings side by side in Node (worker_threads): the same warm
 * curl → productpage request through the ambient mesh, a worker per pod against the pods of a
 * node sharing a worker (their pod ↔ ztunnel legs then stay inside one worker: no
 * MessageChannel, no structured clone). Wall times; nothing is asserted.
 */
import { performance } from 'node:perf_hooks';
import type { KubeObject } from '../../src/mesh/api/objects.ts';
import { hostId } from '../../src/mesh/types.ts';
import { createNodeWorkerRuntime } from '../../src/platform/node/node-workers.ts';
import type { Packing } from '../../src/platform/worker-packing.ts';
import { createPlayground } from '../../src/shell/playground.ts';
import { runTranscript } from '../../src/shell/transcript.ts';
import { median } from './node-floor.ts';

const CURL_PRODUCTPAGE = ['curl', '-s', '-o', '/dev/null', 'http://productpage:9080/productpage'];
/** Requests before the timed ones: links made, each worker's JIT warm enough to compare. */
const WARM_UP = 200;

export interface PackingRun {
	/** Median wall ms per warm meshed request. */
	readonly requestMs: number;
	/** Pod workers running (ztunnels and istiod included). */
	readonly workers: number;
	readonly hosts: number;
}

async function run(packing: Packing, requests: number): Promise<PackingRun> {
	const runtime = createNodeWorkerRuntime(1, undefined, undefined, { packing });
	const p = await createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
	try {
		await runTranscript(
			'istioctl install --set profile=ambient --skip-confirmation\nkubectl label namespace default istio.io/dataplane-mode=ambient',
			p.shell
		);
		const pods = p.cluster.api.list(p.cluster.api.resolve('pods')!, {}) as KubeObject[];
		const curlPod = pods.find((x) => x.metadata.labels?.['app'] === 'curl');
		if (!curlPod) throw new Error('no curl pod');
		const curl = hostId(`default/${curlPod.metadata.name}`);
		const request = async (): Promise<number> => {
			const t = performance.now();
			const r = await runtime.exec(curl, 'curl', CURL_PRODUCTPAGE, '');
			if (r.exitCode !== 0) throw new Error(`bench request failed: ${r.stderr}`);
			return performance.now() - t;
		};
		for (let i = 0; i < WARM_UP; i++) await request();
		const times: number[] = [];
		for (let i = 0; i < requests; i++) times.push(await request());
		return { requestMs: median(times), workers: runtime.workerCount(), hosts: pods.length };
	} finally {
		await p.cluster.dispose();
	}
}

export async function packingFigures(
	requests = 50
): Promise<{ perPod: PackingRun; packed: PackingRun }> {
	return { perPod: await run('per-pod', requests), packed: await run('node', requests) };
}
