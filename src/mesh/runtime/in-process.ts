/**
 * The in-process runtime: every host in one thread on one virtual clock. Deterministic — the same
 * script gives the same transcript — and fast, so tests, the headless CLI and step mode use it.
 */
import { CaptureJournal } from '../net/capture.ts';
import { TrafficJournal } from '../telemetry/traffic.ts';
import type { LatencyModel } from '../net/latency.ts';
import type { Segment } from '../net/protocol.ts';
import { EMPTY_TABLES, type NetworkTables } from '../net/tables.ts';
import { createWire, type FaultRule, type Wire } from '../net/wire.ts';
import { type HostId, type NodeName, type SimMillis } from '../types.ts';
import { EventQueue } from './event-queue.ts';
import type { ExecResult, HostSpec, HostStartResult } from './host.ts';
import { createHostRunner, type HostRunner, type ProgramLookup } from './host-runner.ts';
import type { Runtime } from './runtime.ts';

export interface InProcessOptions {
	readonly programFor: ProgramLookup;
	/**
	 * Lets pending promise reactions run before the next event (a macrotask boundary). Injected by
	 * the edge because mesh has no timers: `setImmediate` in Node, a MessageChannel in browsers.
	 */
	readonly yieldToHost: () => Promise<void>;
	readonly latency?: LatencyModel;
	readonly captureLimit?: number;
	/** WebCrypto; defaults to `globalThis.crypto`. */
	readonly crypto?: Crypto;
}

/** `base` with every `subtle` operation reported to `track`. */
function trackedCrypto(base: Crypto, track: <T>(work: Promise<T>) => Promise<T>): Crypto {
	const subtle = new Proxy(base.subtle, {
		get(target, prop) {
			const value: unknown = Reflect.get(target, prop, target);
			if (typeof value !== 'function') return value;
			return (...args: unknown[]) => track(Promise.resolve(value.apply(target, args)));
		}
	});
	return {
		subtle,
		getRandomValues: base.getRandomValues.bind(base),
		randomUUID: () => base.randomUUID()
	} as Crypto;
}

/** Events this close to now run without anyone waiting: segments in flight, zero-delay work. */
const HORIZON = 250;

export interface InProcessRuntime extends Runtime {
	readonly kind: 'inprocess';
	readonly journal: CaptureJournal;
	/** Fault rules applied on every link (partition, delay, drop). */
	readonly faults: FaultRule[];
	/** Runs until no event is due within the horizon (or, with demand, at all). */
	idle(): Promise<void>;
	/** Live hosts, for tests and the UI. */
	hosts(): readonly HostSpec[];
}

interface Hosted {
	readonly runner: HostRunner;
	readonly wire: Wire;
}

export function createInProcessRuntime(options: InProcessOptions): InProcessRuntime {
	const queue = new EventQueue();
	const clock = queue.clock();
	const journal = new CaptureJournal(options.captureLimit);
	const traffic = new TrafficJournal();
	const faults: FaultRule[] = [];
	const hosts = new Map<HostId, Hosted>();
	const byIp = new Map<string, Hosted>();
	let tables: NetworkTables = EMPTY_TABLES;
	let running = false;
	const idleWaiters: (() => void)[] = [];
	// Real asynchronous work (WebCrypto) runs outside the virtual clock: time must not move on
	// while some is pending, or a handshake timer would fire during a signature.
	let pendingAsync = 0;
	const asyncDone: (() => void)[] = [];
	const track = <T>(work: Promise<T>): Promise<T> => {
		pendingAsync++;
		return work.finally(() => {
			if (--pendingAsync === 0) for (const f of asyncDone.splice(0)) f();
		});
	};
	const crypto = trackedCrypto(options.crypto ?? globalThis.crypto, track);

	// Time moves on by demand. Events due within HORIZON of now always run (traffic in flight
	// settles); a later event runs only while someone waits for time to pass (a command in a
	// pod, a pod starting, `sleep`). So an idle cluster's clock stands still, and a retry timer
	// in some host cannot spin the clock forward between commands.
	let demand = 0;
	const withDemand = <T>(work: Promise<T>): Promise<T> => {
		demand++;
		queue.onSchedule();
		return work.finally(() => {
			demand--;
		});
	};

	async function loop(): Promise<void> {
		running = true;
		try {
			for (;;) {
				await options.yieldToHost();
				const next = queue.peek();
				if (next === undefined) {
					// One more boundary: reactions to the last event may schedule more work.
					await options.yieldToHost();
					if (queue.size === 0 && pendingAsync === 0) break;
					if (queue.size === 0) await new Promise<void>((resolve) => asyncDone.push(resolve));
					continue;
				}
				if (pendingAsync > 0 && next > queue.now) {
					await new Promise<void>((resolve) => asyncDone.push(resolve));
					continue;
				}
				if (demand === 0 && next > queue.now + HORIZON) break;
				queue.runNext();
			}
		} finally {
			running = false;
			for (const w of idleWaiters.splice(0)) w();
		}
	}
	queue.onSchedule = () => {
		if (!running) void loop();
	};

	function deliver(segment: Segment): void {
		byIp.get(segment.hop ?? segment.dst.ip)?.runner.deliver(segment);
	}

	const nodeOf = (ip: string): NodeName | undefined => byIp.get(ip)?.runner.spec.node;

	function host(id: HostId): Hosted | undefined {
		return hosts.get(id);
	}

	const runtime: InProcessRuntime = {
		kind: 'inprocess',
		journal,
		faults,
		now: () => queue.now,
		async advance(delay: SimMillis) {
			await withDemand(clock.sleep(delay));
		},
		async startHost(spec: HostSpec): Promise<HostStartResult> {
			if (hosts.has(spec.id) || byIp.has(spec.ip)) {
				return {
					type: 'crash',
					container: spec.containers[0]?.name ?? '',
					message: 'address in use'
				};
			}
			// Holder so `send` can reach the wire that is created with the runner.
			const hosted: { wire?: Wire } = {};
			const runner = createHostRunner(spec, {
				clock,
				tables: () => tables,
				programFor: options.programFor,
				crypto,
				work: track,
				report: (event) => traffic.record(event),
				send(segment) {
					const arriving = hosted.wire?.transmit(segment, queue.now);
					if (arriving) queue.schedule(arriving.at, () => deliver(arriving));
				}
			});
			const wire = createWire({
				srcNode: spec.node,
				self: spec.ip,
				tables: () => tables,
				nodeOf,
				record: (e) => journal.record(e),
				...(options.latency ? { model: options.latency } : {}),
				faults: () => faults
			});
			hosted.wire = wire;
			const entry: Hosted = { runner, wire };
			hosts.set(spec.id, entry);
			byIp.set(spec.ip, entry);
			return withDemand(runner.start());
		},
		async stopHost(id: HostId) {
			const entry = hosts.get(id);
			if (!entry) return;
			entry.runner.stop();
			hosts.delete(id);
			// Resets sent while stopping still travel; the address disappears after them.
			await runtime.idle();
			if (byIp.get(entry.runner.spec.ip) === entry) byIp.delete(entry.runner.spec.ip);
		},
		setNetwork(next: NetworkTables) {
			if (next.version >= tables.version) tables = next;
		},
		async exec(id, container, argv, stdin): Promise<ExecResult> {
			const entry = host(id);
			if (!entry) {
				return {
					stdout: '',
					stderr: `host ${id} is not running\n`,
					exitCode: 1,
					finishedAt: queue.now
				};
			}
			return withDemand(entry.runner.exec(container, argv, stdin));
		},
		async portForward(id, port, request) {
			const entry = host(id);
			if (!entry) return { type: 'refused' };
			return withDemand(entry.runner.portForward(port, request));
		},
		async logs(id, container) {
			return host(id)?.runner.logs(container) ?? [];
		},
		async control(id, container, message) {
			const entry = host(id);
			if (!entry) return undefined;
			return withDemand(entry.runner.control(container, message));
		},
		async capture(since: number) {
			return journal.since(since);
		},
		async traffic(since: number) {
			return traffic.since(since);
		},
		idle() {
			return new Promise<void>((resolve) => {
				idleWaiters.push(resolve);
				if (!running) void loop();
			});
		},
		settle() {
			return runtime.idle();
		},
		hosts: () => [...hosts.values()].map((h) => h.runner.spec),
		async dispose() {
			for (const h of hosts.values()) h.runner.stop();
			hosts.clear();
			byIp.clear();
		}
	};
	return runtime;
}
