/**
 * Bench only: a timeline of the messages every thread of the worker runtime posts and handles.
 * `installMessageTrace` patches this thread's MessagePort `postMessage` and `message` listeners
 * (a Worker object posts and listens through one), and `setTimeout` callbacks, to write records into a
 * SharedArrayBuffer ring: nothing of it loads outside the bench (its worker entry is
 * `traced-pod.node-worker.ts`), so the runtime pays nothing for it otherwise. Times are
 * `process.hrtime` µs (one monotonic clock for every thread); each record also carries the
 * thread's event-loop active time so far (`eventLoopUtilization`), which counts the microtasks
 * and GC a listener's own span leaves out.
 */
import { performance } from 'node:perf_hooks';
import { MessagePort, getEnvironmentData, setEnvironmentData, threadId } from 'node:worker_threads';

/** The environment-data key of the rings every thread of this process writes to. */
const TRACE_KEY = 'mesh-playground-message-trace';

/** Record kinds. */
export const POST = 1;
export const HANDLE = 2;
export const TIMER = 3;
/** Message tags: a batch of segments (ArrayBuffer), a same-worker wake (null), anything else. */
export const SEGMENTS = 0;
export const TICK = 1;
export const CONTROL = 2;

/** kind, start µs, end µs, tag, event-loop active ms at the end. */
const FIELDS = 5;
const CAPACITY = 1 << 14;
/** Rings, by threadId modulo SLOTS: a runtime's ~20 workers have consecutive ids. */
const SLOTS = 128;
const RING = 1 + FIELDS * CAPACITY;

export interface TraceRecord {
	readonly kind: number;
	readonly start: number;
	readonly end: number;
	readonly tag: number;
	readonly activeMs: number;
}

export interface ThreadTrace {
	readonly threadId: number;
	readonly ring: Float64Array;
}

const nowUs = (): number => {
	const [s, ns] = process.hrtime();
	return s * 1e6 + ns / 1e3;
};

function tagOf(data: unknown): number {
	if (data instanceof ArrayBuffer) return SEGMENTS;
	return data === null ? TICK : CONTROL;
}

/**
 * Patches this thread; returns its ring (slot 0: records written so far). The main thread calls
 * it first: it makes the shared rings, which workers spawned after it find in their environment.
 */
export function installMessageTrace(): ThreadTrace {
	// Once per thread: a second patch would count every message twice.
	if (installed) return installed;
	let buffer = getEnvironmentData(TRACE_KEY) as SharedArrayBuffer | undefined;
	if (!buffer) {
		buffer = new SharedArrayBuffer(8 * RING * SLOTS);
		setEnvironmentData(TRACE_KEY, buffer);
	}
	const ring = ringOf(buffer, threadId);
	ring.fill(0);
	const write = (kind: number, start: number, end: number, tag: number) => {
		const n = ring[0] ?? 0;
		const at = 1 + (n % CAPACITY) * FIELDS;
		ring[at] = kind;
		ring[at + 1] = start;
		ring[at + 2] = end;
		ring[at + 3] = tag;
		ring[at + 4] = performance.eventLoopUtilization().active;
		ring[0] = n + 1;
	};
	const setImmediate_ = globalThis.setImmediate;
	const wrapped = new WeakMap<object, (...args: unknown[]) => unknown>();
	const wrap = (listener: (...args: unknown[]) => unknown) => {
		let w = wrapped.get(listener);
		if (!w) {
			w = function (this: unknown, ...args: unknown[]) {
				const first = args[0];
				const data = first instanceof MessageEvent ? (first.data as unknown) : first;
				const start = nowUs();
				try {
					return listener.apply(this, args);
				} finally {
					// The end is when this turn of the loop is done: the microtasks the listener
					// started (most of a handler's work is promise continuations) have run.
					setImmediate_(() => write(HANDLE, start, nowUs(), tagOf(data)));
				}
			};
			wrapped.set(listener, w);
		}
		return w;
	};
	const patchPost = (proto: { postMessage: (...args: unknown[]) => void }) => {
		const post = proto.postMessage;
		proto.postMessage = function (this: unknown, ...args: unknown[]) {
			const t = nowUs();
			write(POST, t, t, tagOf(args[0]));
			post.apply(this, args);
		};
	};
	patchPost(MessagePort.prototype as unknown as { postMessage: (...args: unknown[]) => void });
	const port = MessagePort.prototype as unknown as {
		addEventListener: (type: string, l: unknown, o?: unknown) => void;
		removeEventListener: (type: string, l: unknown, o?: unknown) => void;
	};
	const add = port.addEventListener;
	const remove = port.removeEventListener;
	port.addEventListener = function (type, l, o) {
		add.call(this, type, type === 'message' && typeof l === 'function' ? wrap(l as never) : l, o);
	};
	port.removeEventListener = function (type, l, o) {
		const w = typeof l === 'function' ? wrapped.get(l) : undefined;
		remove.call(this, type, w ?? l, o);
	};
	// A Worker object (the main thread's side) posts and listens through its own MessagePort,
	// patched above: patching Worker too would count each message twice.
	// Timers: wall waits (the Lamport clock's timers, the inbox's turn for due timers).
	const setTimeout_ = globalThis.setTimeout;
	globalThis.setTimeout = function (
		fn: (...a: unknown[]) => void,
		delay?: number,
		...rest: unknown[]
	) {
		return setTimeout_(
			(...a: unknown[]) => {
				const start = nowUs();
				try {
					fn(...a);
				} finally {
					write(TIMER, start, nowUs(), delay ?? 0);
				}
			},
			delay,
			...rest
		);
	} as typeof setTimeout;
	installed = { threadId, ring };
	return installed;
}

let installed: ThreadTrace | undefined;

function ringOf(buffer: SharedArrayBuffer, thread: number): Float64Array {
	return new Float64Array(buffer, 8 * RING * (thread % SLOTS), RING);
}

/** Every ring written to in this process (the main thread's, and each traced worker's). */
export function traces(): ThreadTrace[] {
	const buffer = getEnvironmentData(TRACE_KEY) as SharedArrayBuffer | undefined;
	if (!buffer) return [];
	const out: ThreadTrace[] = [];
	for (let slot = 0; slot < SLOTS; slot++) {
		const ring = ringOf(buffer, slot);
		if ((ring[0] ?? 0) > 0) out.push({ threadId: slot, ring });
	}
	return out;
}

/** The records of one ring still held, oldest first. */
export function readTrace(trace: ThreadTrace): TraceRecord[] {
	const ring = trace.ring;
	const n = ring[0] ?? 0;
	const out: TraceRecord[] = [];
	for (let i = Math.max(0, n - CAPACITY); i < n; i++) {
		const at = 1 + (i % CAPACITY) * FIELDS;
		out.push({
			kind: ring[at] ?? 0,
			start: ring[at + 1] ?? 0,
			end: ring[at + 2] ?? 0,
			tag: ring[at + 3] ?? 0,
			activeMs: ring[at + 4] ?? 0
		});
	}
	return out;
}

export { nowUs as traceNowUs };
