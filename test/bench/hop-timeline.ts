/**
 * Where a warm worker request's wall time goes: the same curl → productpage request as
 * `workerFigures`, on pod workers whose messages are traced (message-trace.ts), the main thread
 * too. Every message of every port is counted; the window's wall time is split into time when
 * some thread runs a message or timer callback, time when nothing runs but a message is in
 * flight, and gaps (nothing runs by our count and nothing is in flight: microtasks after a
 * callback, GC, the event loop's own turns). Message latency is taken from messages sent while
 * no other was in flight: post to the next callback's start.
 */
import { performance } from 'node:perf_hooks';
import { createNodeWorkerRuntime } from '../../src/platform/node/node-workers.ts';
import { createPlayground } from '../../src/shell/playground.ts';
import { runTranscript } from '../../src/shell/transcript.ts';
import type { PackingOptions } from '../../src/platform/worker-packing.ts';
import type { KubeObject } from '../../src/mesh/api/objects.ts';
import { hostId } from '../../src/mesh/types.ts';
import { median } from './node-floor.ts';
import { warmUntilSettled, type WarmUpRule } from './warm-up.ts';
import {
	CONTROL,
	HANDLE,
	POST,
	SEGMENTS,
	TICK,
	TIMER,
	type TraceRecord,
	installMessageTrace,
	readTrace,
	traceNowUs,
	traces
} from './message-trace.ts';

const TRACED_WORKER = new URL('./traced-pod.node-worker.ts', import.meta.url);
const AMBIENT =
	'istioctl install --set profile=ambient --skip-confirmation\nkubectl label namespace default istio.io/dataplane-mode=ambient';
const CURL_PRODUCTPAGE = ['curl', '-s', '-o', '/dev/null', 'http://productpage:9080/productpage'];

export interface HopTimeline {
	readonly requests: number;
	/** Requests before the window: until CPU per 1,000 settled (warm-up.ts). */
	readonly warmRequests: number;
	/** Median wall ms per request in the window. */
	readonly requestMs: number;
	/** Messages posted per request, every port of every thread: segment batches, … */
	readonly messagesPerRequest: number;
	readonly segmentMessagesPerRequest: number;
	/** comlink calls and replies (main ↔ worker), heartbeats, link requests. */
	readonly controlMessagesPerRequest: number;
	/** Same-worker wakes (a packed worker's local deliveries). */
	readonly tickMessagesPerRequest: number;
	/** Of them, posted by the main thread. */
	readonly mainThreadMessagesPerRequest: number;
	/** Post → next callback start, for messages sent while no other was in flight (median µs). */
	readonly hopLatencyUs: number;
	/** Callbacks' own spans per request (message listeners and timers, every thread), µs. */
	readonly handlerUsPerRequest: number;
	/** Timer callbacks per request (wall waits: the Lamport clock's timers, the inbox's turns). */
	readonly timersPerRequest: number;
	/** Of them, `setTimeout(fn, 0)`: a turn, clamped to 1 ms by Node. */
	readonly zeroDelayTimersPerRequest: number;
	/** Event-loop active time per request, every thread (callbacks + microtasks + GC …), µs. */
	readonly activeUsPerRequest: number;
	/** The window's wall time per request, split (µs): a callback runs / a message in flight / neither. */
	readonly wallUs: { readonly handler: number; readonly inFlight: number; readonly gap: number };
}

function curlHost(pods: KubeObject[]) {
	const name = pods[0]?.metadata.name;
	if (!name) throw new Error('no curl pod');
	return hostId(`default/${name}`);
}

interface Tagged extends TraceRecord {
	readonly thread: number;
}

/** Splits [t0, t1] by what runs; latencies of messages sent alone. */
export function analyse(
	threads: readonly { readonly thread: number; readonly records: readonly TraceRecord[] }[],
	t0: number,
	t1: number
) {
	const all: Tagged[] = [];
	for (const { thread, records } of threads) {
		for (const r of records) if (r.start >= t0 && r.start <= t1) all.push({ ...r, thread });
	}
	// Spans: a callback runs from its start to the end of its loop turn; a message is in flight
	// from its post to the next callback start on another thread (on its own for a wake).
	const handles = all.filter((r) => r.kind !== POST).sort((a, b) => a.start - b.start);
	const posts = all.filter((r) => r.kind === POST).sort((a, b) => a.start - b.start);
	const busy: [number, number][] = handles.map((r) => [r.start, r.end]);
	const flights: [number, number][] = [];
	const latencies: number[] = [];
	let h = 0;
	for (let i = 0; i < posts.length; i++) {
		const p = posts[i]!;
		while (h < handles.length && handles[h]!.start < p.start) h++;
		let k = h;
		while (
			k < handles.length &&
			(handles[k]!.kind !== HANDLE || (handles[k]!.thread === p.thread) !== (p.tag === TICK))
		)
			k++;
		const to = handles[k];
		if (!to) continue;
		flights.push([p.start, to.start]);
		// Alone on the wire: no other post before it arrives, none in flight when it left.
		const next = posts[i + 1];
		const prev = flights[flights.length - 2];
		if ((!next || next.start > to.start) && (!prev || prev[1] <= p.start))
			latencies.push(to.start - p.start);
	}
	const covered = (spans: [number, number][]): [number, number][] => {
		const sorted = spans
			.map(([a, b]): [number, number] => [Math.max(a, t0), Math.min(b, t1)])
			.filter(([a, b]) => b > a)
			.sort((x, y) => x[0] - y[0]);
		const out: [number, number][] = [];
		for (const [a, b] of sorted) {
			const last = out[out.length - 1];
			if (last && a <= last[1]) last[1] = Math.max(last[1], b);
			else out.push([a, b]);
		}
		return out;
	};
	const length = (spans: [number, number][]) => spans.reduce((s, [a, b]) => s + b - a, 0);
	const busyUnion = covered(busy);
	const handler = length(busyUnion);
	// In flight while nothing runs: the flights' union minus its overlap with the busy union.
	const flightUnion = covered(flights);
	let overlap = 0;
	let j = 0;
	for (const [a, b] of flightUnion) {
		while (j < busyUnion.length && busyUnion[j]![1] <= a) j++;
		for (let k = j; k < busyUnion.length && busyUnion[k]![0] < b; k++) {
			overlap += Math.min(b, busyUnion[k]![1]) - Math.max(a, busyUnion[k]![0]);
		}
	}
	const inFlight = length(flightUnion) - overlap;
	const wall = { handler, inFlight, gap: t1 - t0 - handler - inFlight };
	const active = threads.reduce((sum, { records }) => {
		let before = 0;
		let after = 0;
		for (const r of records) {
			if (r.end <= t0) before = r.activeMs;
			if (r.end <= t1) after = r.activeMs;
		}
		return sum + (after - before) * 1000;
	}, 0);
	const callbacks = handles;
	return {
		posts: posts.length,
		segmentPosts: posts.filter((r) => r.tag === SEGMENTS).length,
		controlPosts: posts.filter((r) => r.tag === CONTROL).length,
		tickPosts: posts.filter((r) => r.tag === TICK).length,
		mainPosts: posts.filter((r) => r.thread === 0).length,
		handlerUs: callbacks.reduce((s, r) => s + r.end - r.start, 0),
		timers: callbacks.filter((r) => r.kind === TIMER).length,
		zeroTimers: callbacks.filter((r) => r.kind === TIMER && r.tag === 0).length,
		activeUs: active,
		latencyUs: latencies.length ? median(latencies) : NaN,
		wall
	};
}

/** What the traced request runs on: the runtime's packing, and Bookinfo plain or meshed. */
export interface TimelineOptions {
	readonly packing?: PackingOptions;
	/** Istio ambient installed and `default` enrolled before the warm-up. */
	readonly ambient?: boolean;
	/** Until CPU per 1,000 settles by default; a short one is enough to count messages. */
	readonly warmUp?: WarmUpRule;
}

/** Enough to count messages (links made, every path taken); not to time them. */
export const COUNT_WARM_UP: WarmUpRule = { batch: 200, min: 400, max: 400, settled: 1 };

export async function hopTimeline(
	requests = 50,
	options: TimelineOptions = {}
): Promise<HopTimeline> {
	installMessageTrace();
	const runtime = createNodeWorkerRuntime(1, TRACED_WORKER, undefined, options.packing);
	const p = await createPlayground({ runtime, seed: 1, scenario: 'bookinfo' });
	if (options.ambient) await runTranscript(AMBIENT, p.shell);
	const pods = p.cluster.api.list(p.cluster.api.resolve('pods')!, {
		namespace: 'default',
		labelSelector: 'app=curl'
	}) as KubeObject[];
	const curl = curlHost(pods);
	const request = async () => {
		const r = await runtime.exec(curl, 'curl', CURL_PRODUCTPAGE, '');
		if (r.exitCode !== 0) throw new Error(`bench request failed: ${r.stderr}`);
	};
	// Warm as `workerFigures` is: until CPU per 1,000 requests settles (warm-up.ts).
	const warmRequests = await warmUntilSettled(request, options.warmUp);
	const times: number[] = [];
	const t0 = traceNowUs();
	for (let i = 0; i < requests; i++) {
		const t = performance.now();
		await request();
		times.push(performance.now() - t);
	}
	const t1 = traceNowUs();
	const threads = traces().map((t) => ({ thread: t.threadId, records: readTrace(t) }));
	await p.cluster.dispose();
	const a = analyse(threads, t0, t1);
	const per = (n: number) => n / requests;
	return {
		requests,
		warmRequests,
		requestMs: median(times),
		messagesPerRequest: per(a.posts),
		segmentMessagesPerRequest: per(a.segmentPosts),
		controlMessagesPerRequest: per(a.controlPosts),
		tickMessagesPerRequest: per(a.tickPosts),
		mainThreadMessagesPerRequest: per(a.mainPosts),
		hopLatencyUs: a.latencyUs,
		handlerUsPerRequest: per(a.handlerUs),
		timersPerRequest: per(a.timers),
		zeroDelayTimersPerRequest: per(a.zeroTimers),
		activeUsPerRequest: per(a.activeUs),
		wallUs: { handler: per(a.wall.handler), inFlight: per(a.wall.inFlight), gap: per(a.wall.gap) }
	};
}
