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
import { linkFaultRule, type LinkFault } from '../net/link-faults.ts';
import { ms, type HostId, type NodeName, type SimMillis } from '../types.ts';
import { EventQueue } from './event-queue.ts';
import type { ExecAbort, ExecResult, ExitListener, HostSpec, HostStartResult } from './host.ts';
import { createHostRunner, type HostRunner, type ProgramLookup } from './host-runner.ts';
import type { Runtime } from './runtime.ts';
import { byArrival, type InFlightSegment, type Stepping, type StepResult } from './stepping.ts';

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
/** A step over timers stops after this many even if none sent anything (a busy retry loop). */
const MAX_TIMERS_PER_STEP = 1000;

export interface InProcessRuntime extends Runtime, Stepping {
	readonly kind: 'inprocess';
	readonly journal: CaptureJournal;
	/** Fault rules applied on every link (partition, delay, drop). */
	readonly faults: FaultRule[];
	/** Runs until no event is due within the horizon (or, with demand, at all). */
	idle(): Promise<void>;
	/** Live hosts, for tests and the UI. */
	hosts(): readonly HostSpec[];
	/** What the runtime holds now, summed over hosts: the soak test checks these stay flat. */
	resources(): RuntimeResources;
	/**
	 * TEST ONLY: fault injection at the runtime seam (nothing in the shell or UI reaches it).
	 * `killHost` kills a host's main process as the OOM killer would; kubelet hears of it as of
	 * any exit. `link` drops or delays segments on every link until the returned function
	 * removes it.
	 */
	readonly testOnlyFaults: {
		killHost(id: HostId, message?: string): boolean;
		link(fault: LinkFault): () => void;
	};
}

export interface RuntimeResources {
	readonly hosts: number;
	readonly listeners: number;
	readonly openConnections: number;
	readonly pendingConnects: number;
	/** Timers and segments in flight on the event queue. */
	readonly queuedEvents: number;
	readonly captureEntries: number;
	readonly trafficEvents: number;
	/** The longest log any container holds (before trimming to its limit). */
	readonly maxLogLines: number;
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

	// Step mode (stepping.ts). While paused the loop runs nothing, except what a `step()` grants:
	// one segment delivery (and the timers due before it), or, when the wire is empty, the timers
	// until one sends a segment (a host's modelled processing time is a timer).
	let paused = false;
	let grant: 'none' | 'segment' | 'send' = 'none';
	let timersRun = 0;
	let stepStart = 0;
	let sent = 0;
	const inFlight = new Map<number, InFlightSegment>();
	let delivered: InFlightSegment | undefined;
	let stepping: Promise<unknown> = Promise.resolve();
	const stopWaiters: (() => void)[] = [];

	// Time moves on by demand. Events due within HORIZON of now always run (traffic in flight
	// settles); a later event runs only while someone waits for time to pass (a command in a
	// pod, a pod starting, `sleep`). So an idle cluster's clock stands still, and a retry timer
	// in some host cannot spin the clock forward between commands.
	let demand = 0;
	const withDemand = <T>(work: Promise<T>, abort?: ExecAbort): Promise<T> => {
		demand++;
		queue.onSchedule();
		let waiting = true;
		const release = (): void => {
			if (waiting) demand--;
			waiting = false;
			abort?.removeEventListener('abort', release);
		};
		// Ctrl-C: a command that never ends (a reply lost for good) must not keep the clock running.
		abort?.addEventListener('abort', release, { once: true });
		if (abort?.aborted) release();
		return work.finally(release);
	};

	/**
	 * While a step waits for a send: the next timer still belongs to it if someone waits for time
	 * (a command in a pod) or it is due soon. An idle cluster's periodic timers end the step.
	 */
	function sendMayFollow(next: number): boolean {
		return timersRun < MAX_TIMERS_PER_STEP && (demand > 0 || next <= stepStart + HORIZON);
	}

	/** Lets real asynchronous work (WebCrypto) and the reactions to it finish. */
	async function quiesce(): Promise<void> {
		while (pendingAsync > 0) {
			await new Promise<void>((resolve) => asyncDone.push(resolve));
			await options.yieldToHost();
		}
	}

	/** Idle as `idle()` means it: nothing due within the horizon and nobody waiting for time. */
	function quiet(): boolean {
		const next = queue.peek();
		return pendingAsync === 0 && (next === undefined || next > queue.now + HORIZON);
	}

	async function loop(): Promise<void> {
		running = true;
		try {
			for (;;) {
				await options.yieldToHost();
				if (paused && grant === 'none') {
					await quiesce();
					break;
				}
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
				if (!paused && demand === 0 && next > queue.now + HORIZON) break;
				if (grant === 'send' && timersRun > 0 && !sendMayFollow(next)) grant = 'none';
				else {
					if (grant === 'send') timersRun++;
					queue.runNext();
				}
			}
		} finally {
			running = false;
			for (const w of stopWaiters.splice(0)) w();
			// While paused, `idle()` (and so `settle()`) waits until stepping has emptied the wire.
			if (!paused || quiet()) for (const w of idleWaiters.splice(0)) w();
		}
	}
	queue.onSchedule = () => {
		if (!running) void loop();
	};

	function deliver(segment: Segment): void {
		byIp.get(segment.hop ?? segment.dst.ip)?.runner.deliver(segment);
	}

	const hostName = (h: Hosted | undefined): string | undefined =>
		h && `${h.runner.spec.namespace}/${h.runner.spec.name}`;

	/** Puts a segment on the queue, remembered in `inFlight` until it arrives. */
	function scheduleArrival(sender: HostSpec, segment: Segment): void {
		const id = sent++;
		const to = hostName(byIp.get(segment.hop ?? segment.dst.ip));
		const info: InFlightSegment = {
			id,
			type: segment.type,
			conn: segment.conn,
			src: segment.src,
			dst: segment.dst,
			...(segment.hop ? { hop: segment.hop } : {}),
			sentAt: queue.now,
			at: ms(Math.max(segment.at, queue.now)),
			from: `${sender.namespace}/${sender.name}`,
			...(to ? { to } : {}),
			bytes: segment.type === 'data' ? segment.bytes.length : 0,
			...(segment.type === 'reset' ? { reason: segment.reason } : {})
		};
		inFlight.set(id, info);
		if (grant === 'send') grant = 'none';
		queue.schedule(segment.at, () => {
			inFlight.delete(id);
			delivered = info;
			if (grant === 'segment') grant = 'none';
			deliver(segment);
		});
	}

	async function stepOnce(): Promise<StepResult> {
		if (!paused) return { type: 'running', now: queue.now };
		while (running) await new Promise<void>((resolve) => stopWaiters.push(resolve));
		await quiesce();
		if (queue.size === 0 && pendingAsync === 0) return { type: 'idle', now: queue.now };
		delivered = undefined;
		timersRun = 0;
		stepStart = queue.now;
		grant = inFlight.size > 0 ? 'segment' : 'send';
		await loop();
		grant = 'none';
		const segment = delivered as InFlightSegment | undefined;
		return segment
			? { type: 'segment', segment, now: queue.now }
			: { type: 'timers', count: timersRun, sent: inFlight.size > 0, now: queue.now };
	}

	const nodeOf = (ip: string): NodeName | undefined => byIp.get(ip)?.runner.spec.node;

	function host(id: HostId): Hosted | undefined {
		return hosts.get(id);
	}

	const runtime: InProcessRuntime = {
		kind: 'inprocess',
		yieldToHost: () => options.yieldToHost(),
		journal,
		faults,
		now: () => queue.now,
		async advance(delay: SimMillis) {
			await withDemand(clock.sleep(delay));
		},
		async startHost(spec: HostSpec, onExit?: ExitListener): Promise<HostStartResult> {
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
				...(onExit ? { onExit } : {}),
				send(segment) {
					const arriving = hosted.wire?.transmit(segment, queue.now);
					if (arriving) scheduleArrival(spec, arriving);
				}
			});
			const wire = createWire({
				srcNode: spec.node,
				self: spec.ip,
				tables: () => tables,
				nodeOf,
				record: (e) => journal.record(e),
				...(options.latency ? { model: options.latency } : {}),
				faults: () => faults,
				onLost: (segment, at) =>
					void clock.after(ms(Math.max(0, at - queue.now)), () => runner.stack.timedOut(segment))
			});
			hosted.wire = wire;
			const entry: Hosted = { runner, wire };
			hosts.set(spec.id, entry);
			byIp.set(spec.ip, entry);
			return withDemand(runner.start());
		},
		async restartHost(spec: HostSpec, onExit?: ExitListener): Promise<HostStartResult> {
			// The dead process already reset its connections: no need to wait for them.
			const old = hosts.get(spec.id);
			if (old) {
				old.runner.stop();
				hosts.delete(spec.id);
				if (byIp.get(old.runner.spec.ip) === old) byIp.delete(old.runner.spec.ip);
			}
			return runtime.startHost(spec, onExit);
		},
		after: (delay, fn) => clock.after(delay, fn),
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
		async exec(id, container, argv, stdin, abort): Promise<ExecResult> {
			const entry = host(id);
			if (!entry) {
				return {
					stdout: '',
					stderr: `host ${id} is not running\n`,
					exitCode: 1,
					finishedAt: queue.now
				};
			}
			return withDemand(entry.runner.exec(container, argv, stdin), abort);
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
				if (!running && !paused) void loop();
				else if (!running && quiet()) for (const w of idleWaiters.splice(0)) w();
			});
		},
		get paused() {
			return paused;
		},
		pause() {
			paused = true;
		},
		resume() {
			if (!paused) return;
			paused = false;
			if (!running) void loop();
		},
		step() {
			const result = stepping.then(stepOnce);
			stepping = result.catch(() => undefined);
			return result;
		},
		pending: () => [...inFlight.values()].sort(byArrival),
		settle() {
			return runtime.idle();
		},
		hosts: () => [...hosts.values()].map((h) => h.runner.spec),
		resources: () => {
			let listeners = 0;
			let openConnections = 0;
			let pendingConnects = 0;
			let maxLogLines = 0;
			for (const { runner } of hosts.values()) {
				listeners += runner.stack.listeners;
				openConnections += runner.stack.openConnections;
				pendingConnects += runner.stack.pendingConnects;
				maxLogLines = Math.max(maxLogLines, runner.heldLogLines);
			}
			return {
				hosts: hosts.size,
				listeners,
				openConnections,
				pendingConnects,
				queuedEvents: queue.size,
				captureEntries: journal.held,
				trafficEvents: traffic.held,
				maxLogLines
			};
		},
		testOnlyFaults: {
			killHost(id, message = 'Killed') {
				const entry = hosts.get(id);
				if (!entry || entry.runner.exited) return false;
				entry.runner.kill(message);
				return true;
			},
			link(fault) {
				const rule = linkFaultRule(fault);
				faults.push(rule);
				return () => {
					const i = faults.indexOf(rule);
					if (i !== -1) faults.splice(i, 1);
				};
			}
		},
		async dispose() {
			for (const h of hosts.values()) h.runner.stop();
			hosts.clear();
			byIp.clear();
		}
	};
	return runtime;
}
