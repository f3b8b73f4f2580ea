/**
 * The in-process runtime: every host in one thread on one virtual clock. Deterministic — the same
 * script gives the same transcript — and fast, so tests, the headless CLI and step mode use it.
 */
import { CaptureJournal } from '../net/capture.ts';
import { TrafficJournal } from '../telemetry/traffic.ts';
import type { LatencyModel } from '../net/latency.ts';
import type { NetfilterHook } from '../net/netfilter.ts';
import { EMPTY_TABLES, type NetworkTables } from '../net/tables.ts';
import { createWire, type FaultRule, type Wire } from '../net/wire.ts';
import type { BridgeAttachment, DockerBridge } from '../net/docker-bridge.ts';
import type { OutboundSegment } from '../net/stack.ts';
import { linkFaultRule, type LinkFault } from '../net/link-faults.ts';
import { ms, type HostId, type IpAddr, type NodeName, type SimMillis } from '../types.ts';
import { trackedCrypto } from './async-work.ts';
import { EventLoop } from './event-loop.ts';
import { HostTable, type Hosted } from './host-table.ts';
import { StepMode } from './step-mode.ts';
import type { ExecResult, ExitListener, HostServices, HostSpec } from './host.ts';
import { createHostRunner, type ProgramLookup } from './host-runner.ts';
import type { Runtime } from './runtime.ts';
import type { Stepping } from './stepping.ts';

export interface InProcessOptions {
	readonly programFor: ProgramLookup;
	/**
	 * The node's CNI plugin chain: the netfilter hooks each pod's network gets when its sandbox
	 * is created (istio-cni's in-pod redirection). Empty: pods get plain networking.
	 */
	readonly cniChain?: readonly NetfilterHook[];

	/**
	 * Lets pending promise reactions run before the next event (a macrotask boundary). Injected by
	 * the edge because mesh has no timers: `setImmediate` in Node, a MessageChannel in browsers.
	 */
	readonly yieldToHost: () => Promise<void>;
	/**
	 * The boundary before each event: calls `next` once every pending promise reaction has run,
	 * which need not be a macrotask (Node: a tick after the microtask queue drains). Defaults to
	 * `yieldToHost`.
	 */
	readonly betweenEvents?: (next: () => void) => void;
	readonly latency?: LatencyModel;
	readonly captureLimit?: number;
	/** WebCrypto, from the edge: the mesh never reads a global one. */
	readonly crypto: Crypto;
	/**
	 * Another in-process runtime whose event loop (clock, queue, step mode) this one shares: a
	 * second kind cluster, whose segments cross kind's docker network to the first's hosts
	 * (`joinDockerNetwork`) in one deterministic order of events.
	 */
	readonly joins?: InProcessRuntime;
}

/** Each runtime's loop and step mode, for a runtime that joins it. */
const loops = new WeakMap<InProcessRuntime, { loop: EventLoop; steps: StepMode }>();

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

/** The test-only seam: kill a host's main process, or add a link fault until removed. */
function testOnlySeam(table: HostTable, faults: FaultRule[]): InProcessRuntime['testOnlyFaults'] {
	return {
		killHost(id, message = 'Killed') {
			const entry = table.get(id);
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
	};
}

/** Step mode's controls (stepping.ts), `paused` aside (a getter). */
function stepControls(
	steps: StepMode,
	loop: EventLoop
): Pick<InProcessRuntime, 'pause' | 'resume' | 'step' | 'pending'> {
	return {
		pause() {
			steps.paused = true;
		},
		resume() {
			if (!steps.paused) return;
			steps.paused = false;
			loop.wake();
		},
		step: () => steps.step(loop),
		pending: () => steps.pending(loop.queue)
	};
}

/** What runs inside a host: commands, port-forwards and control messages keep the clock moving. */
function hostCalls(
	table: HostTable,
	loop: EventLoop
): Pick<InProcessRuntime, 'exec' | 'runEphemeral' | 'portForward' | 'logs' | 'control'> {
	return {
		async exec(id, container, argv, stdin, abort): Promise<ExecResult> {
			const entry = table.get(id);
			if (!entry) {
				const stderr = `host ${id} is not running\n`;
				return { stdout: '', stderr, exitCode: 1, finishedAt: loop.queue.now };
			}
			return loop.withDemand(entry.runner.exec(container, argv, stdin), abort);
		},
		async runEphemeral(id, container) {
			const entry = table.get(id);
			if (!entry) return { type: 'no-host' };
			// No demand: a container's command may run forever (tcpdump), and the clock must not
			// spin for it; whoever waits for it (kubectl debug attached) moves time on.
			return entry.runner.runEphemeral(container);
		},
		async portForward(id, port, request, node) {
			const entry = table.get(id);
			if (!entry) return { type: 'refused' };
			return loop.withDemand(entry.runner.portForward(port, request, node));
		},
		logs: async (id, container) => table.get(id)?.runner.logs(container) ?? [],
		async control(id, container, message) {
			const entry = table.get(id);
			if (!entry) return undefined;
			return loop.withDemand(entry.runner.control(container, message));
		}
	};
}

interface HostParts {
	readonly loop: EventLoop;
	readonly steps: StepMode;
	readonly table: HostTable;
	readonly crypto: Crypto;
	readonly options: InProcessOptions;
	readonly journal: CaptureJournal;
	readonly traffic: TrafficJournal;
	readonly faults: readonly FaultRule[];
	readonly tables: () => NetworkTables;
	/** kind's docker network to other clusters, once joined. */
	readonly bridge: () => BridgeAttachment | undefined;
}

/** A host's runner and its wire, registered; segments it sends are scheduled to arrive. */
function startRunner(
	parts: HostParts,
	spec: HostSpec,
	onExit?: ExitListener,
	services?: HostServices
): Hosted {
	const { loop, steps, table, options } = parts;
	const { queue, clock } = loop;
	// Holder so `send` can reach the wire that is created with the runner.
	const hosted: { wire?: Wire } = {};
	const send = (segment: OutboundSegment): void => {
		const arriving = hosted.wire?.transmit(segment, queue.now);
		if (!arriving) return;
		const hop = arriving.hop ?? arriving.dst.ip;
		const local = table.at(hop);
		const bridge = local ? undefined : parts.bridge();
		if (bridge && bridge.nodeOf(hop) !== undefined)
			return steps.schedule(queue, spec, arriving, hop, () => bridge.forward(arriving, spec.node));
		steps.schedule(queue, spec, arriving, table.nameAt(hop), () =>
			table.at(hop)?.runner.deliver(arriving)
		);
	};
	const runner = createHostRunner(spec, {
		clock,
		tables: parts.tables,
		programFor: options.programFor,
		...(options.cniChain ? { cniChain: options.cniChain } : {}),
		crypto: parts.crypto,
		work: (w) => loop.work.track(w),
		report: (event) => parts.traffic.record(event),
		capture: async (since, wait) => (wait ? parts.journal.next(since) : parts.journal.since(since)),
		...(onExit ? { onExit } : {}),
		...(services?.localForward ? { localForward: services.localForward } : {}),
		send
	});
	const wire = createWire({
		srcNode: spec.node,
		self: spec.ip,
		sharesNamespace: (peer) => runner.stack.sharesNamespace(peer),
		filtered: (segment) => runner.stack.filtered(segment),
		retransmitLater: (segment, delay) =>
			void clock.after(delay, () => {
				if (runner.stack.awaiting(segment)) send(segment);
			}),
		nodeOf: (ip) => table.nodeOf(ip) ?? parts.bridge()?.nodeOf(ip),
		record: (e) => parts.journal.record(e),
		...(options.latency ? { model: options.latency } : {}),
		faults: () => parts.faults,
		onLost: (segment, at) =>
			void clock.after(ms(Math.max(0, at - queue.now)), () => runner.stack.timedOut(segment))
	});
	hosted.wire = wire;
	const entry: Hosted = { runner, wire };
	table.add(entry);
	return entry;
}

export function createInProcessRuntime(options: InProcessOptions): InProcessRuntime {
	const joined = options.joins ? loops.get(options.joins) : undefined;
	const steps = joined?.steps ?? new StepMode();
	const loop =
		joined?.loop ??
		new EventLoop(
			() => options.yieldToHost(),
			steps,
			options.betweenEvents ?? ((next) => void options.yieldToHost().then(next))
		);
	const { queue, clock } = loop;
	const journal = new CaptureJournal(options.captureLimit);
	const traffic = new TrafficJournal();
	const faults: FaultRule[] = [];
	const table = new HostTable();
	let tables: NetworkTables = EMPTY_TABLES;
	let bridge: BridgeAttachment | undefined;
	const crypto = trackedCrypto(options.crypto, loop.work);
	const parts: HostParts = {
		loop,
		steps,
		table,
		crypto,
		options,
		journal,
		traffic,
		faults,
		tables: () => tables,
		bridge: () => bridge
	};
	const runtime: InProcessRuntime = {
		kind: 'inprocess',
		yieldToHost: () => options.yieldToHost(),
		journal,
		faults,
		now: () => queue.now,
		async advance(delay: SimMillis) {
			await loop.withDemand(clock.sleep(delay));
		},
		async startHost(spec, onExit, services) {
			if (table.taken(spec))
				return {
					type: 'crash',
					container: spec.containers[0]?.name ?? '',
					message: 'address in use'
				};
			return loop.withDemand(startRunner(parts, spec, onExit, services).runner.start());
		},
		async restartHost(spec, onExit) {
			// The dead process already reset its connections: no need to wait for them.
			const old = table.get(spec.id);
			if (old) {
				old.runner.stop();
				table.remove(old, true);
			}
			return runtime.startHost(spec, onExit);
		},
		after: (delay, fn) => clock.after(delay, fn),
		async stopHost(id: HostId) {
			const entry = table.get(id);
			if (!entry) return;
			entry.runner.stop();
			table.remove(entry, false);
			// Resets sent while stopping still travel; the address disappears after them.
			await runtime.idle();
			table.releaseAddress(entry);
		},
		setNetwork(next: NetworkTables) {
			if (next.version >= tables.version) tables = next;
		},
		joinDockerNetwork(docker: DockerBridge, nodes: ReadonlyMap<NodeName, IpAddr>) {
			bridge = docker.attach({
				nodes,
				tables: () => tables,
				// Called from the sending runtime's event at this segment's arrival: on the shared loop.
				deliver: (segment) => table.at(segment.hop ?? segment.dst.ip)?.runner.deliver(segment)
			});
		},
		...hostCalls(table, loop),
		capture: async (since: number) => journal.since(since),
		traffic: async (since: number) => traffic.since(since),
		idle: () => loop.idle(),
		get paused() {
			return steps.paused;
		},
		...stepControls(steps, loop),
		settle: () => loop.idle(),
		hosts: () => table.specs(),
		resources: () => ({
			hosts: table.size,
			...table.sums(),
			queuedEvents: queue.size,
			captureEntries: journal.held,
			trafficEvents: traffic.held
		}),
		testOnlyFaults: testOnlySeam(table, faults),
		async dispose() {
			table.clear();
		}
	};
	loops.set(runtime, { loop, steps });
	return runtime;
}
