/**
 * Wall-time figures of the mesh in Node: Bookinfo boot on worker_threads, a curl → productpage →
 * reviews → ratings request through the worker runtime (with the number of segments it put on
 * the wire, i.e. worker-to-worker hops), in-process throughput, and the ambient mesh's cost: per
 * Bookinfo request on workers, and per connection through a pair of ztunnels (cold vs pooled).
 */
import { performance } from 'node:perf_hooks';
import { createNodeWorkerRuntime } from '../../src/platform/node/node-workers.ts';
import type { PackingOptions } from '../../src/platform/worker-packing.ts';
import { createPlayground } from '../../src/shell/playground.ts';
import type { Playground } from '../../src/shell/playground.ts';
import { runTranscript } from '../../src/shell/transcript.ts';
import type { KubeObject } from '../../src/mesh/api/objects.ts';
import { hostId, type HostId } from '../../src/mesh/types.ts';
import { median } from './node-floor.ts';
import { splitCpu, threadCpu, type CpuSplit } from './thread-cpu.ts';
import { JIT_WARM_UP, warmUntilSettled } from './warm-up.ts';
import { inProcessRuntime } from '../support/playground.ts';
import { createInProcessRuntime } from '../../src/mesh/runtime/in-process.ts';
import { programFor } from '../../src/mesh/apps/registry.ts';
import { KIND_CNI_CHAIN } from '../../src/mesh/cni/kind-node.ts';
import { nodeDrain, nodeYield } from '../../src/platform/node/node-yield.ts';
import { nodeCrypto } from '../../src/platform/node/node-crypto.ts';
import { POOL_UNUSED_RELEASE_TIMEOUT } from '../../src/mesh/proxy/l4/pool.ts';
import { VIP, createMesh, curl, legacy } from '../mesh/ztunnel/two-ztunnels.ts';

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
	/** Median wall ms per productpage request, after one request of warm-up. */
	requestMs: number;
	/** Segments put on the wire per productpage request, averaged over the timed requests. */
	hopsPerRequest: number;
	/** The first request after boot: links made, every worker's JIT cold. */
	coldRequestMs: number;
	/** Median over WARM_WINDOW requests after `warmRequests`: JIT warm (warm-up.ts). */
	warmRequestMs: number;
	/** Requests before the warm window: until CPU per 1,000 settled (JIT_WARM_UP). */
	warmRequests: number;
	/**
	 * Process CPU µs per request once warm (every thread, over CPU_WINDOW requests): steadier
	 * than wall time on a shared machine.
	 */
	warmCpuUsPerRequest: number;
	/** The same CPU split by thread: the pod workers, V8's platform threads, the main thread. */
	warmCpuSplitUsPerRequest: CpuSplit;
	/** Median wall ms and CPU µs per request after 800 requests, as the warm figure once was. */
	at800RequestMs: number;
	at800CpuUsPerRequest: number;
	/** Segments per request in the warm window (averaged). */
	warmHopsPerRequest: number;
	/** Mean payload bytes of those segments (0 for connect, close …): the floor message's size. */
	meanSegmentBytes: number;
	/** Resident memory added per pod worker (whole process RSS delta / pods). */
	memoryPerPodMB: number;
}

/** Where the warm figure was once taken (the JIT's tail: see warm-up.ts). */
const AT_800 = 800;
const WARM_WINDOW = 50;
/** Requests over which warm CPU is read: /proc's per-thread counts tick in 10 ms. */
const CPU_WINDOW = 500;

export async function workerFigures(requests = 30): Promise<WorkerFigures> {
	const rssBefore = process.memoryUsage().rss;
	const threadsAtStart = threadCpu();
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
	const timed = async (n: number): Promise<number[]> => {
		const times: number[] = [];
		for (let i = 0; i < n; i++) {
			const t = performance.now();
			await request();
			times.push(performance.now() - t);
		}
		return times;
	};
	const [coldRequestMs = NaN] = await timed(1);
	const { next: before } = await runtime.capture(0);
	const times = await timed(requests);
	const { next: after } = await runtime.capture(before);
	const rssAfter = process.memoryUsage().rss;
	await timed(AT_800 - WARM_WINDOW - 1 - requests);
	const cpu800 = process.cpuUsage();
	const times800 = await timed(WARM_WINDOW);
	const cpuAt800 = process.cpuUsage(cpu800);
	const warmRequests = await warmUntilSettled(request, JIT_WARM_UP, AT_800);
	const { next: warmBefore } = await runtime.capture(0);
	const warmTimes = await timed(WARM_WINDOW);
	const warm = await runtime.capture(warmBefore);
	const threads0 = threadCpu();
	const cpu0 = process.cpuUsage();
	await timed(CPU_WINDOW);
	const cpu = process.cpuUsage(cpu0);
	const split = splitCpu(threadsAtStart, threads0, threadCpu());
	await p.cluster.dispose();
	const bytes = warm.entries.reduce((sum, e) => sum + e.length, 0);
	const perRequest = (us: number) => us / CPU_WINDOW;
	return {
		bootMs,
		pods: pods.length,
		requestMs: median(times),
		hopsPerRequest: (after - before) / requests,
		coldRequestMs,
		warmRequestMs: median(warmTimes),
		warmRequests,
		warmCpuUsPerRequest: perRequest(cpu.user + cpu.system),
		warmCpuSplitUsPerRequest: {
			workers: perRequest(split.workers),
			platform: perRequest(split.platform),
			main: perRequest(split.main)
		},
		at800RequestMs: median(times800),
		at800CpuUsPerRequest: (cpuAt800.user + cpuAt800.system) / WARM_WINDOW,
		warmHopsPerRequest: (warm.next - warmBefore) / WARM_WINDOW,
		meanSegmentBytes: warm.entries.length ? bytes / warm.entries.length : 0,
		memoryPerPodMB: (rssAfter - rssBefore) / pods.length / 1e6
	};
}

export interface InProcessRequestFigures {
	/** Sequential curl → details requests per wall second. */
	requestsPerSec: number;
	/** Process CPU time (user + system) per request: steadier than wall time on a shared machine. */
	cpuUsPerRequest: number;
	/** Requests run before timing: until the JIT settled (warm-up.ts). */
	warmUpRequests: number;
}

/** Sequential curl → details requests (run inside the curl pod) per wall second, in-process. */
export async function inProcessRequestFigures(seconds = 2): Promise<InProcessRequestFigures> {
	const runtime = inProcessRuntime();
	const p = await createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
	const curl = curlHost(p);
	const request = () => runtime.exec(curl, 'curl', CURL_DETAILS, '');
	// CPU per request falls from ~500 µs to its floor over the first 5,000-6,000 (warm-up.ts).
	const warmUpRequests = await warmUntilSettled(request);
	let n = 0;
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	while (performance.now() - t0 < seconds * 1000) {
		for (let i = 0; i < 100; i++) await request();
		n += 100;
	}
	const wallMs = performance.now() - t0;
	const cpu = process.cpuUsage(cpu0);
	await p.cluster.dispose();
	return {
		requestsPerSec: n / (wallMs / 1000),
		cpuUsPerRequest: (cpu.user + cpu.system) / n,
		warmUpRequests
	};
}

export interface InProcessAmbientFigures {
	/** Process CPU µs per curl → productpage request, warm, without the mesh. */
	plainCpuUsPerRequest: number;
	/** The same through the ambient L4 mesh (every hop a stream on a pooled HBONE connection). */
	meshCpuUsPerRequest: number;
}

/**
 * The mesh's own cost with no thread on the path: the productpage request `ambientFigures`
 * times, in-process, on a plain and on a meshed playground, CPU per request once the JIT
 * settled, their batches alternated so both see the same machine load (median of `rounds`).
 * The worker runtime adds a fixed cost per segment to both (a message between threads), so
 * its meshed/plain ratio lies between 1 and this one: the ceiling that ratio falls from.
 */
export async function inProcessAmbientFigures(
	batch = 300,
	rounds = 5
): Promise<InProcessAmbientFigures> {
	const subject = async (mesh: boolean) => {
		// The Node edge's AES-GCM, as the worker runtime's workers have it (node-crypto.ts).
		const runtime = createInProcessRuntime({
			crypto: nodeCrypto(),
			programFor,
			cniChain: KIND_CNI_CHAIN,
			yieldToHost: nodeYield,
			betweenEvents: nodeDrain
		});
		const p = await createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
		if (mesh)
			await runTranscript(
				'istioctl install --set profile=ambient --skip-confirmation\nkubectl label namespace default istio.io/dataplane-mode=ambient',
				p.shell
			);
		const curl = curlHost(p);
		const request = async () => {
			const r = await runtime.exec(curl, 'curl', CURL_PRODUCTPAGE, '');
			if (r.exitCode !== 0) throw new Error(`bench request failed: ${r.stderr}`);
		};
		await warmUntilSettled(request);
		return { p, request, cpuUs: [] as number[] };
	};
	const subjects = [await subject(false), await subject(true)];
	for (let round = 0; round < rounds; round++)
		for (const s of subjects) {
			const cpu0 = process.cpuUsage();
			for (let i = 0; i < batch; i++) await s.request();
			const cpu = process.cpuUsage(cpu0);
			s.cpuUs.push((cpu.user + cpu.system) / batch);
		}
	for (const s of subjects) await s.p.cluster.dispose();
	const [plain, mesh] = subjects as [(typeof subjects)[0], (typeof subjects)[0]];
	return { plainCpuUsPerRequest: median(plain.cpuUs), meshCpuUsPerRequest: median(mesh.cpuUs) };
}

export interface AmbientFigures {
	/** curl → productpage (→ details, reviews → ratings) without the mesh, median wall ms. */
	plainRequestMs: number;
	/** The first request once default is enrolled: certificates (CSR to istiod) and handshakes. */
	firstMeshRequestMs: number;
	/** Once warm: every hop through two ztunnels as a stream on a pooled HBONE connection. */
	meshRequestMs: number;
	/** Segments one plain request puts on the wire. */
	plainSegmentsPerRequest: number;
	/** Segments one warm meshed request puts on the wire. */
	meshSegmentsPerRequest: number;
	/**
	 * CPU µs per request of the whole process (main thread and every worker thread), plain and
	 * warm meshed: the work a request costs, steadier than wall time on a shared machine.
	 */
	plainCpuUsPerRequest: number;
	meshCpuUsPerRequest: number;
}

/**
 * Requests before each timed phase: until CPU per 1,000 settles (warm-up.ts), so both phases are
 * timed with a warm JIT (3 requests timed a cold one: 24 vs 11 ms meshed, 27 vs 14 ms CPU; a
 * fixed 400 left both in the JIT's tail, the meshed one, with more code to warm, the more).
 */

/**
 * The L4 mesh's cost on the worker runtime: the same request before and after
 * `kubectl label namespace default istio.io/dataplane-mode=ambient`. HBONE connections are
 * pooled, so once warm a meshed connection pays no handshake.
 */
export async function ambientFigures(
	requests = 20,
	packing?: PackingOptions
): Promise<AmbientFigures> {
	const runtime = createNodeWorkerRuntime(1, undefined, undefined, packing);
	const p = await createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
	const curl = curlHost(p);
	const request = async () => {
		const r = await runtime.exec(curl, 'curl', CURL_PRODUCTPAGE, '');
		if (r.exitCode !== 0) throw new Error(`bench request failed: ${r.stderr}`);
	};
	const timed = async () => {
		const t = performance.now();
		await request();
		return performance.now() - t;
	};
	const segments = async () => {
		const { next: before } = await runtime.capture(0);
		await request();
		return (await runtime.capture(before)).next - before;
	};
	let cpuUsPerRequest = NaN;
	const median_ = async () => {
		await warmUntilSettled(request);
		const times: number[] = [];
		const cpu0 = process.cpuUsage();
		for (let i = 0; i < requests; i++) times.push(await timed());
		const cpu = process.cpuUsage(cpu0);
		cpuUsPerRequest = (cpu.user + cpu.system) / requests;
		return median(times);
	};
	const plainRequestMs = await median_();
	const plainCpuUsPerRequest = cpuUsPerRequest;
	const plainSegmentsPerRequest = await segments();
	await runTranscript(
		'istioctl install --set profile=ambient --skip-confirmation\nkubectl label namespace default istio.io/dataplane-mode=ambient',
		p.shell
	);
	const firstMeshRequestMs = await timed();
	const meshRequestMs = await median_();
	const meshCpuUsPerRequest = cpuUsPerRequest;
	const meshSegmentsPerRequest = await segments();
	await p.cluster.dispose();
	return {
		plainRequestMs,
		firstMeshRequestMs,
		meshRequestMs,
		plainSegmentsPerRequest,
		meshSegmentsPerRequest,
		plainCpuUsPerRequest,
		meshCpuUsPerRequest
	};
}

export interface ZtunnelPairFigures {
	/** client → app directly, on the same in-memory network: the floor. */
	plainMs: number;
	/** client → ztunnel → (new HBONE connection: TCP + mTLS handshake) → ztunnel → app. */
	coldMs: number;
	/** The same over the pooled connection: one HTTP/2 stream, no handshake. */
	warmMs: number;
	/** Wall time with WebCrypto work in flight, per request. */
	coldCryptoMs: number;
	warmCryptoMs: number;
	/** Process CPU µs per request (WebCrypto's thread pool included): plain and warm. */
	plainCpuUs: number;
	warmCpuUs: number;
}

/** Wraps WebCrypto so the wall time during which any operation is pending can be read. */
function timedCrypto(base: Crypto): { crypto: Crypto; busyMs: () => number } {
	let inFlight = 0;
	let since = 0;
	let busy = 0;
	const subtle = base.subtle;
	const track = <T>(p: Promise<T>): Promise<T> => {
		if (inFlight++ === 0) since = performance.now();
		return p.finally(() => {
			if (--inFlight === 0) busy += performance.now() - since;
		});
	};
	const wrapped = new Proxy(subtle, {
		get(target, prop) {
			const v = Reflect.get(target, prop, target) as unknown;
			if (typeof v !== 'function') return v;
			return (...args: unknown[]) =>
				track((v as (...a: unknown[]) => Promise<unknown>).apply(target, args));
		}
	});
	const crypto = {
		// The edge's extras (aesGcmNow: AES-GCM in the call, never pending) pass through.
		...base,
		subtle: wrapped,
		getRandomValues: base.getRandomValues.bind(base),
		randomUUID: base.randomUUID.bind(base)
	} as Crypto;
	return { crypto, busyMs: () => busy };
}

/**
 * Connections before the plain and warm pairs are timed: with 3, the JIT was cold (12-07: warm
 * pair 744 µs CPU after 3, ~300 µs after 2,000 on the same code).
 */
const PAIR_WARM_UP = 2000;

/**
 * Two ztunnels on an in-memory network (the unit tests' harness): no runtime and no link
 * latency, so this is the proxies' own cost. Cold requests release the pool first (sim time
 * past POOL_UNUSED_RELEASE_TIMEOUT); certificates stay cached, so cold = TCP + handshake.
 * `base` is the WebCrypto the proxies get: the Node edges' (node-crypto.ts) unless given.
 */
export async function ztunnelPairFigures(
	requests = 40,
	base: Crypto = nodeCrypto()
): Promise<ZtunnelPairFigures> {
	const { crypto, busyMs } = timedCrypto(base);
	// Nothing kept: the harness would otherwise keep every byte of the pooled connection.
	const mesh = await createMesh([], { crypto, keep: false });
	const app = { ip: legacy.address, port: 8080 };
	const run = async (
		to: { ip: string; port: number },
		from: string,
		warmUp: number,
		before?: () => void
	) => {
		for (let i = 0; i < warmUp; i++) {
			before?.();
			await mesh.request(from, to);
		}
		const times: number[] = [];
		const crypto0 = busyMs();
		const cpu0 = process.cpuUsage();
		for (let i = 0; i < requests; i++) {
			before?.();
			const t = performance.now();
			const r = await mesh.request(from, to);
			times.push(performance.now() - t);
			if (!r.text.includes('you sent ping')) throw new Error(`bench request failed: ${r.text}`);
		}
		const cpu = process.cpuUsage(cpu0);
		return {
			ms: median(times),
			cryptoMs: (busyMs() - crypto0) / requests,
			cpuUs: (cpu.user + cpu.system) / requests
		};
	};
	// An unenrolled client straight to an unenrolled app: no ztunnel on the path.
	const plain = await run(app, '10.244.3.3', PAIR_WARM_UP);
	const warm = await run(VIP, curl.address, PAIR_WARM_UP);
	const cold = await run(VIP, curl.address, 3, () =>
		mesh.net.clock.advance(POOL_UNUSED_RELEASE_TIMEOUT)
	);
	return {
		plainMs: plain.ms,
		coldMs: cold.ms,
		warmMs: warm.ms,
		coldCryptoMs: cold.cryptoMs,
		warmCryptoMs: warm.cryptoMs,
		plainCpuUs: plain.cpuUs,
		warmCpuUs: warm.cpuUs
	};
}
