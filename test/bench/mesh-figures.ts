/**
 * Wall-time figures of the mesh in Node: Bookinfo boot on worker_threads, a curl → productpage →
 * reviews → ratings request through the worker runtime (with the number of segments it put on
 * the wire, i.e. worker-to-worker hops), and in-process throughput.
 */
import { performance } from 'node:perf_hooks';
import { createNodeWorkerRuntime } from '../../src/platform/node/node-workers.ts';
import { createPlayground } from '../../src/shell/playground.ts';
import type { Playground } from '../../src/shell/playground.ts';
import { runTranscript } from '../../src/shell/transcript.ts';
import type { KubeObject } from '../../src/mesh/api/objects.ts';
import { hostId, type HostId } from '../../src/mesh/types.ts';
import { median } from './node-floor.ts';
import { inProcessRuntime } from '../support/playground.ts';

const CURL_PRODUCTPAGE = ['curl', '-s', '-o', '/dev/null', 'http://productpage:9080/productpage'];
const CURL_DETAILS = ['curl', '-s', '-o', '/dev/null', 'http://details:9080/details/0'];

/** The curl pod's host: requests are timed from inside it, as `kubectl exec` would run them. */
function curlHost(p: Playground): HostId {
	const pods = p.cluster.api.list(p.cluster.api.resolve('pods')!, {
		namespace: 'default',
		labelSelector: 'app=curl'
	}) as KubeObject[];
	const name = pods[0]?.metadata.name;
	if (!name) throw new Error('no curl pod');
	return hostId(`default/${name}`);
}

export interface WorkerFigures {
	bootMs: number;
	pods: number;
	requestMs: number;
	/** Segments delivered between workers during one productpage request. */
	hopsPerRequest: number;
	/** Resident memory added per pod worker (whole process RSS delta / pods). */
	memoryPerPodMB: number;
}

export async function workerFigures(requests = 30): Promise<WorkerFigures> {
	const rssBefore = process.memoryUsage().rss;
	const t0 = performance.now();
	const runtime = createNodeWorkerRuntime();
	const p = await createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
	const bootMs = performance.now() - t0;
	const pods = (await p.cluster.api.list(p.cluster.api.resolve('pods')!, {
		namespace: 'default'
	})) as unknown[];
	const curl = curlHost(p);
	const request = async () => {
		const r = await runtime.exec(curl, 'curl', CURL_PRODUCTPAGE, '');
		if (r.exitCode !== 0) throw new Error(`bench request failed: ${r.stderr}`);
	};
	await request(); // warm: links and JIT
	const { next: before } = await runtime.capture(0);
	await request();
	const { next: after } = await runtime.capture(before);
	const times: number[] = [];
	for (let i = 0; i < requests; i++) {
		const t = performance.now();
		await request();
		times.push(performance.now() - t);
	}
	const rssAfter = process.memoryUsage().rss;
	await p.cluster.dispose();
	return {
		bootMs,
		pods: pods.length,
		requestMs: median(times),
		hopsPerRequest: after - before,
		memoryPerPodMB: (rssAfter - rssBefore) / pods.length / 1e6
	};
}

/** Sequential curl → details requests (run inside the curl pod) per wall second, in-process. */
export async function inProcessRequestsPerSecond(seconds = 2): Promise<number> {
	const runtime = inProcessRuntime();
	const p = await createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
	const curl = curlHost(p);
	const request = () => runtime.exec(curl, 'curl', CURL_DETAILS, '');
	for (let i = 0; i < 200; i++) await request();
	let n = 0;
	const t0 = performance.now();
	while (performance.now() - t0 < seconds * 1000) {
		for (let i = 0; i < 100; i++) await request();
		n += 100;
	}
	const rate = n / ((performance.now() - t0) / 1000);
	await p.cluster.dispose();
	return rate;
}

export interface AmbientFigures {
	/** curl → productpage (→ details, reviews → ratings) without the mesh, median wall ms. */
	plainRequestMs: number;
	/** The same once default is enrolled: every hop through two ztunnels over HBONE mTLS. */
	meshRequestMs: number;
	/** Segments one meshed request puts on the wire (plaintext request: `hopsPerRequest`). */
	meshSegmentsPerRequest: number;
}

/**
 * The L4 mesh's cost on the worker runtime: the same request before and after
 * `kubectl label namespace default istio.io/dataplane-mode=ambient`. There is no HBONE
 * connection pooling yet, so each meshed connection pays a full mutual handshake.
 */
export async function ambientFigures(requests = 20): Promise<AmbientFigures> {
	const runtime = createNodeWorkerRuntime();
	const p = await createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
	const curl = curlHost(p);
	const request = async () => {
		const r = await runtime.exec(curl, 'curl', CURL_PRODUCTPAGE, '');
		if (r.exitCode !== 0) throw new Error(`bench request failed: ${r.stderr}`);
	};
	const median_ = async () => {
		for (let i = 0; i < 3; i++) await request();
		const times: number[] = [];
		for (let i = 0; i < requests; i++) {
			const t = performance.now();
			await request();
			times.push(performance.now() - t);
		}
		return median(times);
	};
	const plainRequestMs = await median_();
	await runTranscript(
		'istioctl install --set profile=ambient --skip-confirmation\nkubectl label namespace default istio.io/dataplane-mode=ambient',
		p.shell
	);
	const meshRequestMs = await median_();
	const { next: before } = await runtime.capture(0);
	await request();
	const { next: after } = await runtime.capture(before);
	await p.cluster.dispose();
	return { plainRequestMs, meshRequestMs, meshSegmentsPerRequest: after - before };
}
