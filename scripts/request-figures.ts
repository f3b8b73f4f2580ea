/**
 * The request-path figures alone, for `node --cpu-prof` and for alternating before/after runs on
 * a shared machine: in-process curl → details throughput (wall req/s and CPU µs per request), and
 * curl → productpage with and without the ambient mesh on the worker runtime (`--ambient`), and
 * one connection through a pair of ztunnels (warm, pooled; `--webcrypto`: on Node's WebCrypto
 * instead of the Node edges' AES-GCM), and a warm worker hop against the segment-shaped floor
 * (`--hop`: `node.warmHopVsSegmentFloor`), and where a warm worker request's wall time goes, every
 * message traced (`--timeline`: `node.workers.hop*Us`, `node.workers.*MessagesPerRequest`; it
 * patches the process's MessagePort, so it runs last). `--inprocess`, `--ambient`, `--ztunnel`,
 * `--hop` or `--timeline` runs one.
 *
 *   npx tsx scripts/request-figures.ts [--inprocess] [--ambient] [--ztunnel [--webcrypto]] [--hop]
 *     [--timeline]
 *     [--seconds 2] [--requests 40]
 *   node --cpu-prof --import tsx scripts/request-figures.ts --inprocess
 */
import { parseArgs } from 'node:util';
import { segmentRoundTripUs } from '../test/bench/node-floor.ts';
import { hopTimeline } from '../test/bench/hop-timeline.ts';
import {
	ambientFigures,
	workerFigures,
	inProcessRequestFigures,
	ztunnelPairFigures
} from '../test/bench/mesh-figures.ts';

const { values } = parseArgs({
	options: {
		inprocess: { type: 'boolean' },
		ambient: { type: 'boolean' },
		ztunnel: { type: 'boolean' },
		seconds: { type: 'string', default: '2' },
		requests: { type: 'string', default: '40' },
		webcrypto: { type: 'boolean' },
		hop: { type: 'boolean' },
		timeline: { type: 'boolean' }
	}
});
const all =
	!values.inprocess && !values.ztunnel && !values.ambient && !values.hop && !values.timeline;
if (all || values.inprocess) {
	const f = await inProcessRequestFigures(Number(values.seconds));
	console.log(
		`inprocess: ${f.requestsPerSec.toFixed(0)} req/s, ${f.cpuUsPerRequest.toFixed(1)} µs CPU/request (after ${f.warmUpRequests} warm-up requests)`
	);
}
if (all || values.ztunnel) {
	const z = await ztunnelPairFigures(
		Number(values.requests),
		values.webcrypto ? globalThis.crypto : undefined
	);
	console.log(
		`ztunnel pair: plain ${(z.plainMs * 1000).toFixed(0)} µs, warm ${(z.warmMs * 1000).toFixed(0)} µs (${z.warmCpuUs.toFixed(0)} µs CPU), cold ${(z.coldMs * 1000).toFixed(0)} µs`
	);
}
if (all || values.ambient) {
	const a = await ambientFigures(Number(values.requests));
	console.log(
		`ambient (workers): plain ${a.plainRequestMs.toFixed(2)} ms (${a.plainCpuUsPerRequest.toFixed(0)} µs CPU), mesh ${a.meshRequestMs.toFixed(2)} ms (${a.meshCpuUsPerRequest.toFixed(0)} µs CPU): ${(a.meshRequestMs / a.plainRequestMs).toFixed(2)}× wall, ${(a.meshCpuUsPerRequest / a.plainCpuUsPerRequest).toFixed(2)}× CPU`
	);
}
if (all || values.hop) {
	const w = await workerFigures();
	const floorUs = await segmentRoundTripUs(w.meanSegmentBytes);
	const hopUs = (w.warmRequestMs * 1000) / w.warmHopsPerRequest;
	console.log(
		`worker hop: warm request (after ${w.warmRequests}) ${w.warmRequestMs.toFixed(2)} ms (${w.warmCpuUsPerRequest.toFixed(0)} µs CPU: pod workers ${w.warmCpuSplitUsPerRequest.workers.toFixed(0)}, V8 platform threads ${w.warmCpuSplitUsPerRequest.platform.toFixed(0)}, main ${w.warmCpuSplitUsPerRequest.main.toFixed(0)}), ${w.warmHopsPerRequest.toFixed(1)} segments, ${hopUs.toFixed(0)} µs per hop, segment floor ${floorUs.toFixed(0)} µs round trip: ${(hopUs / (floorUs / 2)).toFixed(2)}×; after 800: ${w.at800RequestMs.toFixed(2)} ms (${w.at800CpuUsPerRequest.toFixed(0)} µs CPU): ${((w.at800RequestMs * 1000) / w.warmHopsPerRequest / (floorUs / 2)).toFixed(2)}×`
	);
}
if (all || values.timeline) {
	const t = await hopTimeline();
	const perHop = (us: number) => (us / t.segmentMessagesPerRequest).toFixed(0);
	console.log(
		`timeline (after ${t.warmRequests}): warm request ${t.requestMs.toFixed(2)} ms; ${t.messagesPerRequest.toFixed(1)} messages (${t.segmentMessagesPerRequest.toFixed(1)} segment batches, ${t.controlMessagesPerRequest.toFixed(1)} control, ${t.mainThreadMessagesPerRequest.toFixed(1)} from the main thread); per hop: a callback runs ${perHop(t.wallUs.handler)} µs, in flight ${perHop(t.wallUs.inFlight)} µs, gap ${perHop(t.wallUs.gap)} µs; latency alone ${t.hopLatencyUs.toFixed(0)} µs; every thread active ${t.activeUsPerRequest.toFixed(0)} µs per request; ${t.timersPerRequest.toFixed(2)} timers (${t.zeroDelayTimersPerRequest.toFixed(2)} of 0 ms)`
	);
}
process.exit(0);
