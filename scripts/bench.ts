/**
 * `npm run bench` prints the benchmark figures as a table; `npm run bench -- --json` prints one
 * JSON object of named figures and ratios. Everything is measured in one run, so ratios compare
 * like with like on a shared, noisy machine; nothing here is asserted.
 */
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { segmentRoundTripUs, workerRoundTripUs } from '../test/bench/node-floor.ts';
import { cryptoFigures } from '../test/bench/crypto-figures.ts';
import {
	ambientFigures,
	inProcessAmbientFigures,
	inProcessRequestFigures,
	workerFigures,
	ztunnelPairFigures
} from '../test/bench/mesh-figures.ts';
import { simLatencyFigures, waypointFigures } from '../test/bench/waypoint-figures.ts';
import { packingFigures } from '../test/bench/packing-figures.ts';
import { COUNT_WARM_UP, hopTimeline } from '../test/bench/hop-timeline.ts';
import { addPodsFigures, scaleFigures } from '../test/bench/scale-figures.ts';
import { soakFigures } from '../test/bench/soak-figures.ts';
import { launchChromium } from '../test/e2e/browser.ts';
import { browserMeshFigures } from '../test/bench/browser/mesh-in-browser.ts';
import { browserAmbientFigures } from '../test/bench/browser/ambient-in-browser.ts';
import {
	pageLoadToTerminalMillis,
	workerRoundTripMicros
} from '../test/bench/browser/browser-bench.ts';
import { initialJsSize } from '../test/bench/browser/initial-js.ts';
import { packedMemoryFigures } from '../test/bench/browser/packed-memory.ts';
import { jsBeforePrompt } from '../test/bench/browser/js-before-prompt.ts';
import { startPreview } from '../test/e2e/preview-server.ts';
import { topologyFrameFigures } from '../test/bench/browser/topology-frames.ts';
import { runLoad } from '../test/workshop/load/run-load.ts';
import { REDIS_SERVER } from '../test/support/redis.ts';
import { embedFigures } from '../test/bench/browser/embed-figures.ts';
import { startDocsSite } from '../test/e2e/docs-site-servers.ts';
import { scale500Figures } from '../test/bench/browser/scale-500.ts';

const { values } = parseArgs({
	options: {
		json: { type: 'boolean' },
		'no-browser': { type: 'boolean' },
		'no-workshop': { type: 'boolean' }
	}
});

interface Figure {
	readonly name: string;
	readonly value: number;
	readonly unit: string;
	readonly target?: string;
}

const figures: Figure[] = [];
const log = (text: string) => {
	if (!values.json) process.stderr.write(`${text}\n`);
};
const add = (name: string, value: number, unit: string, target?: string) => {
	figures.push({ name, value, unit, ...(target ? { target } : {}) });
	log(`  ${name}: ${value.toFixed(unit === 'x' ? 2 : 1)} ${unit}`);
};

log('Node: worker_threads floor');
const nodeFloor = await workerRoundTripUs();
add('node.floor.roundTripUs', nodeFloor, 'µs');

log(
	'Node: Bookinfo on the worker runtime (default packing: a node’s workload pods share a worker)'
);
const w = await workerFigures();
add('node.workers.bookinfoBootMs', w.bootMs, 'ms', '< 500');
add('node.workers.pods', w.pods, 'pods');
add('node.workers.productpageRequestMs', w.requestMs, 'ms');
add('node.workers.hopsPerRequest', w.hopsPerRequest, 'segments');
const perHopUs = (w.requestMs * 1000) / w.hopsPerRequest;
add('node.workers.perHopUs', perHopUs, 'µs');
add('node.workers.hopVsFloorOneWay', perHopUs / (nodeFloor / 2), 'x', '< 2');
// Cold (first request after boot) and warm (after hundreds, each worker's JIT warm) apart; the
// warm hop is compared with a one-way trip of a segment-shaped message of the mean segment size.
add('node.workers.coldRequestMs', w.coldRequestMs, 'ms');
add('node.workers.warmRequestMs', w.warmRequestMs, 'ms');
add('node.workers.warmCpuUsPerRequest', w.warmCpuUsPerRequest, 'µs');
add('node.workers.warmAfterRequests', w.warmRequests, 'requests');
// Where the CPU of a warm request goes, by thread; and the figures after 800 requests, where the
// warm window once was (the JIT's tail: test/bench/warm-up.ts).
add('node.workers.warmPodWorkersCpuUsPerRequest', w.warmCpuSplitUsPerRequest.workers, 'µs');
add('node.workers.warmPlatformCpuUsPerRequest', w.warmCpuSplitUsPerRequest.platform, 'µs');
add('node.workers.warmMainThreadCpuUsPerRequest', w.warmCpuSplitUsPerRequest.main, 'µs');
add('node.workers.at800RequestMs', w.at800RequestMs, 'ms');
add('node.workers.at800CpuUsPerRequest', w.at800CpuUsPerRequest, 'µs');
add('node.workers.coldVsWarm', w.coldRequestMs / w.warmRequestMs, 'x');
add('node.workers.warmHopsPerRequest', w.warmHopsPerRequest, 'segments');
add('node.workers.meanSegmentBytes', w.meanSegmentBytes, 'bytes');
const nodeSegmentFloor = await segmentRoundTripUs(w.meanSegmentBytes);
add('node.floor.segmentRoundTripUs', nodeSegmentFloor, 'µs');
const warmHopUs = (w.warmRequestMs * 1000) / w.warmHopsPerRequest;
add('node.workers.warmPerHopUs', warmHopUs, 'µs');
add('node.warmHopVsSegmentFloor', warmHopUs / (nodeSegmentFloor / 2), 'x', '≤ 3');
add('node.workers.memoryPerPodMB', w.memoryPerPodMB, 'MB', '< 5');

log('Node: in-process runtime');
const inproc = await inProcessRequestFigures();
add('node.inprocess.requestsPerSec', inproc.requestsPerSec, 'req/s', '> 20000');
// CPU time (all threads) per request: steadier than wall time on a shared machine.
add('node.inprocess.cpuUsPerRequest', inproc.cpuUsPerRequest, 'µs', '< 50');
add('node.inprocess.warmUpRequests', inproc.warmUpRequests, 'requests');

log(
	'Node: soak, 10,000 requests through a waypoint and an L7 policy (in-process, after 5,000 warm)'
);
const soak = await soakFigures();
add('soak.requests', soak.requests, 'requests');
add('soak.heapStartMB', soak.heapStartMB, 'MB');
add('soak.heapEndMB', soak.heapEndMB, 'MB');
// The slope of heap over requests: the bounded rings swing by about ±1 MB as they trim.
add('soak.heapGrowthMBPer10kRequests', soak.heapGrowthMBPer10kRequests, 'MB', '≈ 0 (|x| < 2)');

log('Node: the same request through the ambient L4 mesh (worker runtime, default packing)');
const amb = await ambientFigures();
add('node.ambient.plainRequestMs', amb.plainRequestMs, 'ms');
add('node.ambient.firstMeshRequestMs', amb.firstMeshRequestMs, 'ms');
add('node.ambient.meshRequestMs', amb.meshRequestMs, 'ms');
add('node.ambient.meshVsPlain', amb.meshRequestMs / amb.plainRequestMs, 'x', '< 2 (warm)');
// CPU time of the whole process (main thread and every worker) per request, plain and meshed.
add('node.ambient.plainCpuUsPerRequest', amb.plainCpuUsPerRequest, 'µs');
add('node.ambient.meshCpuUsPerRequest', amb.meshCpuUsPerRequest, 'µs');
add('node.ambient.meshVsPlainCpu', amb.meshCpuUsPerRequest / amb.plainCpuUsPerRequest, 'x');
add('node.ambient.firstVsPlain', amb.firstMeshRequestMs / amb.plainRequestMs, 'x');
add('node.ambient.plainSegmentsPerRequest', amb.plainSegmentsPerRequest, 'segments');
add('node.ambient.segmentsPerRequest', amb.meshSegmentsPerRequest, 'segments');
// Each segment is a worker-to-worker hop: if this ratio is close to meshVsPlain, hops dominate.
add('node.ambient.segmentsVsPlain', amb.meshSegmentsPerRequest / amb.plainSegmentsPerRequest, 'x');
// The same request in-process: the mesh's own CPU with no message between threads. The worker
// runtime's fixed cost per segment dilutes this ratio; it is what meshVsPlain falls from.
log('Node: the same request in-process (CPU per request, warm)');
const ambIn = await inProcessAmbientFigures();
add('node.inprocess.ambient.plainCpuUsPerRequest', ambIn.plainCpuUsPerRequest, 'µs');
add('node.inprocess.ambient.meshCpuUsPerRequest', ambIn.meshCpuUsPerRequest, 'µs');
add(
	'node.inprocess.ambient.meshVsPlainCpu',
	ambIn.meshCpuUsPerRequest / ambIn.plainCpuUsPerRequest,
	'x'
);
// The same pair with a worker per pod (the default before 12-07's agent packing): every segment
// between two pods, or a pod and its ztunnel, is a message between threads.
log('Node: the same, a worker per pod');
const ambPerPod = await ambientFigures(20, { packing: 'per-pod' });
add('node.ambient.perPod.plainRequestMs', ambPerPod.plainRequestMs, 'ms');
add('node.ambient.perPod.meshRequestMs', ambPerPod.meshRequestMs, 'ms');
add('node.ambient.perPod.meshVsPlain', ambPerPod.meshRequestMs / ambPerPod.plainRequestMs, 'x');
add('node.ambient.perPod.plainCpuUsPerRequest', ambPerPod.plainCpuUsPerRequest, 'µs');
add('node.ambient.perPod.meshCpuUsPerRequest', ambPerPod.meshCpuUsPerRequest, 'µs');
add(
	'node.ambient.perPod.meshVsPlainCpu',
	ambPerPod.meshCpuUsPerRequest / ambPerPod.plainCpuUsPerRequest,
	'x'
);

log('Node: the same meshed request, a worker per pod vs the pods of a node sharing workers');
const pk = await packingFigures();
add('node.packing.perPodRequestMs', pk.perPod.requestMs, 'ms');
add('node.packing.packedRequestMs', pk.packed.requestMs, 'ms');
// Packed, the pod ↔ ztunnel legs stay inside a worker: below 1 is what packing buys in time.
add('node.packing.packedVsPerPod', pk.packed.requestMs / pk.perPod.requestMs, 'x');
add('node.packing.perPodWorkers', pk.perPod.workers, 'workers');
add('node.packing.packedWorkers', pk.packed.workers, 'workers');
add('node.packing.hosts', pk.packed.hosts, 'pods');

log('Node: L7 through a waypoint vs L4 vs no mesh (worker runtime, one playground, warm)');
const wp = await waypointFigures();
add('node.waypoint.plainHopMs', wp.plain.hopMs, 'ms');
add('node.waypoint.l4HopMs', wp.l4.hopMs, 'ms');
add('node.waypoint.l7HopMs', wp.l7.hopMs, 'ms');
add('node.waypoint.l4VsPlainHop', wp.l4.hopMs / wp.plain.hopMs, 'x');
add('node.waypoint.l7VsPlainHop', wp.l7.hopMs / wp.plain.hopMs, 'x');
add('node.waypoint.l7VsL4Hop', wp.l7.hopMs / wp.l4.hopMs, 'x');
add('node.waypoint.plainPageMs', wp.plain.pageMs, 'ms');
add('node.waypoint.l4PageMs', wp.l4.pageMs, 'ms');
add('node.waypoint.l7PageMs', wp.l7.pageMs, 'ms');
add('node.waypoint.l7VsL4Page', wp.l7.pageMs / wp.l4.pageMs, 'x');

log('Sim time: curl -w "%{time_total}" curl → details, warm (modelled latency, reference §8)');
const lat = await simLatencyFigures();
// Sim time is modelled in fractions of a millisecond: shown in µs so the table keeps them.
const us = (msValue: number) => msValue * 1000;
add('sim.latency.noMeshUs', us(lat.noMesh), 'µs');
add('sim.latency.ambientL4Us', us(lat.ambientL4), 'µs');
add('sim.latency.ambientL7Us', us(lat.ambientL7), 'µs');
add('sim.latency.sidecarL7Us', us(lat.sidecar), 'µs');
add('sim.added.ambientL4Us', us(lat.ambientL4 - lat.noMesh), 'µs', 'published 500');
add('sim.added.ambientL7Us', us(lat.ambientL7 - lat.noMesh), 'µs', 'published 2000');
// details' port is named http: both sidecars run Envoy's HTTP filters (sidecar L7).
add('sim.added.sidecarL7Us', us(lat.sidecar - lat.noMesh), 'µs', 'published 4000 (L4 1000)');

log('Node: kubectl scale deploy/productpage-v1 --replicas=10000 (in-process runtime, one thread)');
const sc = await scaleFigures();
add('scale.commandMs10k', sc.commandMs, 'ms');
add('scale.longestBlockMs10k', sc.longestBlockMs, 'ms', '< 1000');
add('scale.podsPerSecond', sc.podsPerSecond, 'pods/s');

log('Node: Bookinfo on 6 worker nodes, +400 pods until Ready (in-process runtime, one thread)');
const added = await addPodsFigures(400, 6);
add('node.scale.add400PodsMs', added.addMs, 'ms', '≤ 3000');
add('node.scale.add400PodsCpuMs', added.cpuMs, 'ms');

log('Node: the same with Istio ambient installed and default enrolled (istiod pushes to ztunnels)');
const addedAmbient = await addPodsFigures(400, 6, true);
add('node.scale.add400PodsAmbientMs', addedAmbient.addMs, 'ms', '≤ 3000');
add('node.scale.add400PodsAmbientCpuMs', addedAmbient.cpuMs, 'ms');

log('Node: one connection through a pair of ztunnels (in memory, no runtime: proxy + crypto cost)');
const zt = await ztunnelPairFigures();
add('node.ztunnel.plainUs', zt.plainMs * 1000, 'µs');
add('node.ztunnel.coldUs', zt.coldMs * 1000, 'µs');
add('node.ztunnel.warmUs', zt.warmMs * 1000, 'µs');
add('node.ztunnel.coldVsWarm', zt.coldMs / zt.warmMs, 'x');
add('node.ztunnel.coldCryptoUs', zt.coldCryptoMs * 1000, 'µs');
add('node.ztunnel.warmCryptoUs', zt.warmCryptoMs * 1000, 'µs');
add('node.ztunnel.plainCpuUs', zt.plainCpuUs, 'µs');
add('node.ztunnel.warmCpuUs', zt.warmCpuUs, 'µs');
// The same warm connection on Node's WebCrypto (what browsers run: a WebCrypto call per record).
const ztWeb = await ztunnelPairFigures(40, globalThis.crypto);
add('node.ztunnel.warmWebCryptoUs', ztWeb.warmMs * 1000, 'µs');
add('node.ztunnel.warmWebCryptoCpuUs', ztWeb.warmCpuUs, 'µs');

log('Node: real crypto (WebCrypto P-256, X.509) for the coming mTLS data path');
const c = await cryptoFigures();
add('node.crypto.handshakeMs', c.handshakeMs, 'ms');
add('node.crypto.sign100CertsMs', c.sign100Ms, 'ms', '< 1000');
add('node.crypto.issue100CertsWithKeysMs', c.issue100Ms, 'ms');

// Last of the worker figures: the trace patches this process's MessagePort for good.
log('Node: where a warm worker request goes, every message of every thread traced');
const tl = await hopTimeline();
add('node.workers.messagesPerRequest', tl.messagesPerRequest, 'messages');
add('node.workers.segmentMessagesPerRequest', tl.segmentMessagesPerRequest, 'messages');
add('node.workers.controlMessagesPerRequest', tl.controlMessagesPerRequest, 'messages');
add('node.workers.mainThreadMessagesPerRequest', tl.mainThreadMessagesPerRequest, 'messages');
add('node.workers.hopLatencyUs', tl.hopLatencyUs, 'µs');
add('node.workers.hopLatencyVsFloor', tl.hopLatencyUs / (nodeSegmentFloor / 2), 'x');
const hopShare = (us: number) => us / tl.segmentMessagesPerRequest;
add('node.workers.hopHandlerUs', hopShare(tl.wallUs.handler), 'µs');
add('node.workers.hopInFlightUs', hopShare(tl.wallUs.inFlight), 'µs');
add('node.workers.hopGapUs', hopShare(tl.wallUs.gap), 'µs');
add('node.workers.tracedActiveUsPerRequest', tl.activeUsPerRequest, 'µs');
add('node.workers.tracedRequestMs', tl.requestMs, 'ms');
// Messages per request between threads, plain and meshed, on the default packing (a node's
// workload pods with its ztunnel) and a worker per pod: segment batches (a post that wakes
// another worker) and same-worker wakes (a worker's post to itself).
log('Node: messages per plain and meshed request, default packing and a worker per pod');
for (const [prefix, packing] of [
	['node.ambient', undefined],
	['node.ambient.perPod', 'per-pod']
] as const) {
	for (const ambient of [false, true]) {
		const m = await hopTimeline(50, {
			ambient,
			warmUp: COUNT_WARM_UP,
			...(packing ? { packing: { packing } } : {})
		});
		const name = `${prefix}.${ambient ? 'mesh' : 'plain'}`;
		add(`${name}SegmentMessagesPerRequest`, m.segmentMessagesPerRequest, 'messages');
		add(`${name}TickMessagesPerRequest`, m.tickMessagesPerRequest, 'messages');
	}
}

if (!values['no-workshop']) {
	log(
		'Node: workshop hub, 500 headless learners → the instructor’s dashboard (hub as its own process)'
	);
	const ws = await runLoad({
		learners: 500,
		instances: 1,
		durationMs: 10_000,
		meanIntervalMs: 3000
	});
	add('workshop.events', ws.events, 'events');
	add('workshop.p50Ms', ws.p50Ms, 'ms');
	add('workshop.p99Ms', ws.p99Ms, 'ms');
	add('workshop.lost', ws.lost, 'events', '0');
	add('workshop.hubMemoryMB', ws.hubMemoryMB, 'MB');
	if (existsSync(REDIS_SERVER)) {
		log('Node: the same on two hubs sharing Redis, one killed mid-run (SIGKILL)');
		const two = await runLoad({
			learners: 500,
			instances: 2,
			durationMs: 10_000,
			meanIntervalMs: 3000
		});
		add('workshop.failover.p99Ms', two.p99Ms, 'ms');
		add('workshop.failover.maxMs', two.maxMs, 'ms');
		add('workshop.failover.lost', two.lost, 'events', '0');
		add('workshop.failover.reconnected', two.reconnected, 'learners');
		add('workshop.failover.hubMemoryMB', two.hubMemoryMB, 'MB');
	} else log(`workshop failover: skipped (${REDIS_SERVER} missing)`);
} else log('Workshop: skipped (--no-workshop)');

log('Build: JavaScript the page loads before the terminal takes input (dist/index.html)');
if (!existsSync('dist/index.html')) execSync('npx vite build', { stdio: 'ignore' });
const initialJs = initialJsSize('dist');
add('build.initialJsGzipKB', initialJs.gzipBytes / 1024, 'KB');
add('build.initialJsRawKB', initialJs.rawBytes / 1024, 'KB');

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', process.env.CHROMIUM_PATH].some(
	(p) => p && existsSync(p)
);
if (!values['no-browser'] && chromium) {
	log('Chromium: dedicated workers floor and page load');
	if (!existsSync('dist/index.html')) execSync('npx vite build', { stdio: 'ignore' });
	const browser = await launchChromium();
	try {
		const floor = await workerRoundTripMicros({ browser });
		add('chromium.floor.roundTripUs', floor, 'µs');
		add('chromium.pageToTerminalMs', await pageLoadToTerminalMillis({ browser }), 'ms', '< 1000');
		const preview = await startPreview();
		try {
			const js = await jsBeforePrompt(browser, preview.url, 'dist');
			add('chromium.jsBeforePromptGzipKB', js.gzipBytes / 1024, 'KB');
			add('chromium.jsFilesBeforePrompt', js.files.length, 'files');
			// Next to the entry chunk alone (build.initialJsGzipKB), which hides the rest.
			add('chromium.jsBeforePromptVsEntry', js.gzipBytes / (initialJs.gzipBytes || 1), 'x');
		} finally {
			await preview.close();
		}
		const m = await browserMeshFigures(browser);
		add('chromium.bookinfoBootMs', m.bookinfoReadyMs - m.promptMs, 'ms', '< 500');
		add('chromium.pageToBookinfoReadyMs', m.bookinfoReadyMs, 'ms');
		add('chromium.memoryPerPodMB', m.memoryPerPodMB, 'MB', '< 5');
		log('Chromium: memory per pod with the pods of a node sharing workers (?packing=node)');
		const packed = await packedMemoryFigures(browser);
		add('chromium.packedMemoryPerPodMB', packed.memoryPerPodMB, 'MB', '≤ 1');
		add('chromium.packedVsPerPodMemory', packed.memoryPerPodMB / m.memoryPerPodMB, 'x');
		add('chromium.productpageRequestMs', m.requestMs, 'ms');
		const hopUs = (m.requestMs * 1000) / w.hopsPerRequest;
		add('chromium.perHopUs', hopUs, 'µs');
		add('chromium.hopVsFloorOneWay', hopUs / (floor / 2), 'x', '< 2');
		// Timed from Enter: the first loop after boot (cold), and after m.warmRequests (warm).
		add('chromium.coldRequestMs', m.coldRequestMs, 'ms');
		add('chromium.warmRequestMs', m.warmRequestMs, 'ms');
		add('chromium.warmAfterRequests', m.warmRequests, 'requests');
		add('chromium.at800RequestMs', m.at800RequestMs, 'ms');
		add('chromium.coldVsWarm', m.coldRequestMs / m.warmRequestMs, 'x');
		const segmentFloor = await workerRoundTripMicros({ browser, segmentBytes: w.meanSegmentBytes });
		add('chromium.floor.segmentRoundTripUs', segmentFloor, 'µs');
		// Segments per request are counted on the worker runtime in Node: the same code and request.
		const warmHop = (m.warmRequestMs * 1000) / w.warmHopsPerRequest;
		add('chromium.warmPerHopUs', warmHop, 'µs');
		add('chromium.warmHopVsSegmentFloor', warmHop / (segmentFloor / 2), 'x', '≤ 3');
		log('Chromium: the same request through the ambient L4 mesh vs without (warm, from Enter)');
		const amb = await browserAmbientFigures(browser);
		add('chromium.ambient.plainRequestMs', amb.plainRequestMs, 'ms');
		add('chromium.ambient.firstMeshRequestMs', amb.firstMeshRequestMs, 'ms');
		add('chromium.ambient.meshRequestMs', amb.meshRequestMs, 'ms');
		add('chromium.ambient.meshVsPlain', amb.meshRequestMs / amb.plainRequestMs, 'x', '≤ 2 (warm)');
		log('Chromium: the same with a worker per pod (?packing=per-pod)');
		const ambPerPod = await browserAmbientFigures(browser, undefined, '?packing=per-pod');
		add('chromium.ambient.perPod.plainRequestMs', ambPerPod.plainRequestMs, 'ms');
		add('chromium.ambient.perPod.meshRequestMs', ambPerPod.meshRequestMs, 'ms');
		add(
			'chromium.ambient.perPod.meshVsPlain',
			ambPerPod.meshRequestMs / ambPerPod.plainRequestMs,
			'x'
		);
		log('Chromium: Topology tab frame times, 50 pods at 200 requests/s');
		const t = await topologyFrameFigures(browser);
		add('chromium.topology.frameMeanMs', t.meanMs, 'ms');
		add('chromium.topology.frameP95Ms', t.p95Ms, 'ms');
		add('chromium.topology.longFramesOver50Ms', t.longFrames, 'frames');
		add('chromium.topology.mainThreadBusy', t.mainThreadBusy * 100, '%');
		log('Chromium: embeds in the example docs site (docs and playground on two origins)');
		const site = await startDocsSite();
		try {
			const e = await embedFigures(browser, site);
			add('embed.startToPromptMs', e.startToPromptMs, 'ms', '< 1000');
			add('embed.startToLessonReadyMs', e.startToLessonReadyMs, 'ms');
			add('embed.memoryThreeEmbedsMB', e.memoryThreeEmbedsMB, 'MB');
			add('embed.memoryPosterOnlyMB', e.memoryPosterOnlyMB, 'MB');
		} finally {
			await site.close();
		}
		log('Chromium: Bookinfo scaled to 500 pods on 6 worker nodes, pods packed per node');
		const big = await scale500Figures(browser, undefined, log);
		add('scale.boot500PodsMs', big.bootMs, 'ms', '≤ 10000');
		add('scale.renderer500PodsMB', big.rendererMB, 'MB', '≤ 1000');
		// % of one core, the page's renderer processes (its workers included), nothing happening.
		add('scale.idleCpu500Pods', big.idleCpuNoView, '%', '≤ 10');
		add('scale.afterScaleCpu500Pods', big.afterScaleCpu, '%');
		add('scale.settle500PodsMs', big.settleMs, 'ms');
		add('scale.idleCpu500PodsTopology', big.idleCpuTopology, '%', '≤ 10');
		add('scale.idleMainThread500Pods', big.idleMainThreadNoView, '%');
		add('scale.idleMainThread500PodsTopology', big.idleMainThreadTopology, '%');
		add('scale.getPods500Ms', big.getPodsMs, 'ms', '≤ 200');
	} finally {
		await browser.close();
	}
} else log('Chromium: skipped (not installed or --no-browser)');

if (values.json) {
	process.stdout.write(
		`${JSON.stringify(Object.fromEntries(figures.map((f) => [f.name, Number(f.value.toFixed(3))])), null, 2)}\n`
	);
} else {
	const rows = figures.map((f) => [
		f.name,
		`${f.value.toFixed(f.unit === 'x' ? 2 : 1)} ${f.unit}`,
		f.target ?? ''
	]);
	const widths = [0, 1, 2].map((i) =>
		Math.max(...[['figure', 'value', 'target'], ...rows].map((r) => (r[i] ?? '').length))
	);
	const line = (r: string[]) =>
		r
			.map((c, i) => c.padEnd(widths[i] ?? 0))
			.join('  ')
			.trimEnd();
	process.stdout.write(`\n${line(['figure', 'value', 'target'])}\n${rows.map(line).join('\n')}\n`);
}
process.exit(0);
