/**
 * One host as it runs inside a worker. Data travels on one MessagePort per peer host (the main
 * thread creates the channel and hands out the ports, but is never on the data path); control
 * calls (start, exec, logs) arrive through the small API this returns, which a worker entry
 * exposes with comlink. Pure: ports and wall timers are injected.
 */
import type { CaptureEntry } from '../net/capture.ts';
import type { NetfilterHook } from '../net/netfilter.ts';
import type { TrafficEvent } from '../telemetry/traffic.ts';
import { EMPTY_TABLES, type NetworkTables } from '../net/tables.ts';
import { createWire, type FaultRule } from '../net/wire.ts';
import { isLinkFault, linkFaultRule, parseLinkFault } from '../net/link-faults.ts';
import { ms, type IpAddr, type NodeName, type SimMillis } from '../types.ts';
import { AsyncWork, trackedCrypto } from './async-work.ts';
import { HORIZON } from './event-loop.ts';
import { Inbox } from './inbox.ts';
import { RingBuffer } from './ring-buffer.ts';
import { PeerLinks, type LinkGrant, type PortLike } from './peer-links.ts';
import type {
	CaptureSince,
	EphemeralResult,
	EphemeralSpec,
	ExecResult,
	ExitListener,
	HostServices,
	HostSpec,
	HostStartResult
} from './host.ts';
import type { ForwardResult } from './port-forward.ts';
import { createHostRunner, type ProgramLookup } from './host-runner.ts';
import { LamportClock, type TimerGrant, type WallTimer } from './lamport-clock.ts';

export type { LinkGrant, PortLike } from './peer-links.ts';

/**
 * What a worker's hosts are doing, for the main thread's time gate: segments posted to peers
 * and delivered here (summed over every worker, equal when none is in flight), work in
 * progress (segments waiting, WebCrypto), and the earliest timer any host holds.
 */
export interface HostActivity {
	posted: number;
	delivered: number;
	busy: number;
	/** Hosts with a timer due within the in-process horizon (a settle waits for it). */
	soon: number;
	earliest: number;
}

export interface RemoteHostDeps {
	readonly programFor: ProgramLookup;
	/**
	 * The node's CNI plugin chain: the netfilter hooks each pod's network gets when its sandbox
	 * is created (istio-cni's in-pod redirection). Empty: pods get plain networking.
	 */
	readonly cniChain?: readonly NetfilterHook[];

	readonly wallTimer: WallTimer;
	/**
	 * Asks the main thread for a channel to whoever owns `ip`: a grant, `'peer'` when the peer
	 * asked first (its port arrives through `addLink`), or null when nobody has the address.
	 */
	readonly requestLink: (ip: string) => Promise<LinkGrant | 'peer' | null>;
	readonly timeScale: number;
	/** Where a container that ends after the start is reported (the main thread's kubelet). */
	readonly onExit?: ExitListener;
	/** The worker's WebCrypto (the mesh never reaches for a global one). */
	readonly crypto: Crypto;
	/** The main thread's capture journal (`HostContext.capture`), when it hands one over. */
	readonly capture?: (since: number, wait: boolean) => Promise<CaptureSince>;
	/** `HostContext.localForward`, a call back to the main thread (the docker host's only). */
	readonly localForward?: HostServices['localForward'];
	/** Told after each capture entry or traffic event is recorded (the worker's journal notice). */
	readonly onRecord?: () => void;
	/** The main thread's time gate for long timers (lamport-clock.ts); wall time alone without. */
	readonly grant?: TimerGrant;
}

/** The control API a pod worker exposes. Every call carries the caller's sim time. */
export interface RemoteHostApi {
	start(at: SimMillis): Promise<HostStartResult>;
	exec(container: string, argv: string[], stdin: string, at: SimMillis): Promise<ExecResult>;
	runEphemeral(container: EphemeralSpec, at: SimMillis): Promise<EphemeralResult>;
	logs(container: string): string[];
	portForward(
		port: number,
		request: Uint8Array,
		at: SimMillis,
		node?: IpAddr
	): Promise<ForwardResult>;
	control(container: string, message: unknown, at: SimMillis): Promise<unknown>;
	setNetwork(tables: NetworkTables): void;
	/** A peer's end of a fresh channel (the peer asked for it). */
	addLink(ip: string, node: NodeName, port: PortLike): void;
	/** The peer at `ip` is gone. */
	dropLink(ip: string): void;
	/** Catches up to the caller's time, due timers first (each one's continuations run). */
	observe(at: SimMillis): Promise<SimMillis>;
	/** Capture entries recorded since the last call. */
	drainCapture(): CaptureEntry[];
	/** Traffic events reported since the last call. */
	drainTraffic(): TrafficEvent[];
	/** Messages that failed validation (a garbage message never reaches the stack). */
	protocolErrors(): number;
	/** What this host is doing (the time gate's question), added to `into`. */
	activity(into: HostActivity): void;
	/**
	 * TEST ONLY (the worker runtime's `testOnlyFaults.link`): replaces this host's link faults
	 * (link-faults.ts). Returns why one is malformed, and then changes nothing.
	 */
	testOnlyLinkFaults(faults: readonly unknown[]): string | undefined;
	/**
	 * Holds the host (an embed out of view): timers stop, arriving segments wait in the inbox,
	 * nothing runs until `resume`.
	 */
	pause(): void;
	resume(): void;
	stop(): void;
}

const CAPTURE_BUFFER = 20_000;
const TRAFFIC_BUFFER = 10_000;

/** Replaces `faults` with `list` parsed; returns why one is malformed, and then changes nothing. */
function replaceLinkFaults(faults: FaultRule[], list: readonly unknown[]): string | undefined {
	const parsed = list.map(parseLinkFault);
	const bad = parsed.find((f) => !isLinkFault(f));
	if (typeof bad === 'string') return bad;
	faults.splice(0, faults.length, ...parsed.filter(isLinkFault).map(linkFaultRule));
	return undefined;
}

/**
 * Every control call carries the caller's sim time: the host's clock never runs behind it.
 * Timers due before it fire first, each one's continuations before the next.
 */
async function atTime<T>(clock: LamportClock, time: SimMillis, call: () => Promise<T>): Promise<T> {
	await clock.catchUp(time);
	return call();
}

export function createRemoteHost(spec: HostSpec, deps: RemoteHostDeps): RemoteHostApi {
	const clock = new LamportClock(deps.wallTimer, deps.timeScale, deps.grant);
	let tables: NetworkTables = EMPTY_TABLES;
	// Rings of the newest entries, drained only while a view gathers them (O(1) per entry).
	const capture = new RingBuffer<CaptureEntry>(CAPTURE_BUFFER);
	const traffic = new RingBuffer<TrafficEvent>(TRAFFIC_BUFFER);
	const faults: FaultRule[] = [];
	// Counted for the time gate: segments posted and delivered, and WebCrypto in progress.
	let posted = 0;
	let delivered = 0;
	const work = new AsyncWork();
	const inbox = new Inbox(clock, deps.wallTimer, (segment) => {
		delivered++;
		runner.deliver(segment);
	});
	const links = new PeerLinks({
		requestLink: deps.requestLink,
		now: () => clock.now(),
		receive: (segment) => inbox.receive(segment),
		transmit(segment, sentAt) {
			const arriving = wire.transmit(segment, sentAt);
			if (!arriving) return;
			const ip = arriving.hop ?? arriving.dst.ip;
			// Loopback: through the wire (for the capture) but not a port.
			if (ip === spec.ip) {
				posted++;
				queueMicrotask(() => inbox.receive(arriving));
			} else if (links.post(ip, arriving)) posted++;
		}
	});
	const wire = createWire({
		srcNode: spec.node,
		self: spec.ip,
		sharesNamespace: (peer) => runner.stack.sharesNamespace(peer),
		filtered: (segment) => runner.stack.filtered(segment),
		retransmitLater: (segment, delay) =>
			void clock.after(delay, () => {
				if (runner.stack.awaiting(segment)) links.send(segment, spec.ip);
			}),
		nodeOf: (ip) => (ip === spec.ip ? spec.node : links.nodeOf(ip)),
		record: (entry) => {
			capture.push(entry);
			deps.onRecord?.();
		},
		faults: () => faults,
		onLost: (segment, at) =>
			void clock.after(ms(Math.max(0, at - clock.now())), () => runner.stack.timedOut(segment))
	});
	const runner = createHostRunner(spec, {
		clock,
		tables: () => tables,
		send: (segment) => links.send(segment, spec.ip),
		programFor: deps.programFor,
		...(deps.cniChain ? { cniChain: deps.cniChain } : {}),
		crypto: trackedCrypto(deps.crypto, work),
		work: (w) => work.track(w),
		...(deps.onExit ? { onExit: deps.onExit } : {}),
		report: (event) => {
			traffic.push(event);
			deps.onRecord?.();
		},
		...(deps.capture ? { capture: deps.capture } : {}),
		...(deps.localForward ? { localForward: deps.localForward } : {})
	});
	const at = <T>(time: SimMillis, call: () => Promise<T>): Promise<T> => atTime(clock, time, call);

	return {
		start: async (time) => at(time, () => runner.start()),
		exec: async (container, argv, stdin, time) =>
			at(time, () => runner.exec(container, argv, stdin)),
		runEphemeral: async (container, time) => at(time, () => runner.runEphemeral(container)),
		logs: (container) => runner.logs(container),
		portForward: async (port, request, time, node) =>
			at(time, () => runner.portForward(port, request, node)),
		control: async (container, message, time) => at(time, () => runner.control(container, message)),
		setNetwork(next) {
			if (next.version >= tables.version) tables = next;
		},
		addLink: (ip, node, port) => links.add(ip, node, port),
		dropLink: (ip) => links.drop(ip),
		observe: async (time) => clock.catchUp(time).then(() => clock.now()),
		drainCapture: () => capture.drain(),
		drainTraffic: () => traffic.drain(),
		protocolErrors: () => links.badMessages,
		activity(into) {
			into.posted += posted;
			into.delivered += delivered;
			into.busy += inbox.backlog + links.waiting + work.pending;
			if (clock.dueWithin(HORIZON)) into.soon++;
			into.earliest = Math.min(into.earliest, clock.earliest());
		},
		testOnlyLinkFaults: (list) => replaceLinkFaults(faults, list),
		pause: () => (inbox.pause(), clock.hold()),
		resume() {
			if (!inbox.paused) return;
			clock.release();
			inbox.resume();
		},
		stop: () => (runner.stop(), links.closeAll())
	};
}
