/**
 * One host as it runs inside a worker. Data travels on one MessagePort per peer host (the main
 * thread creates the channel and hands out the ports, but is never on the data path); control
 * calls (start, exec, logs) arrive through the small API this returns, which a worker entry
 * exposes with comlink. Pure: ports and wall timers are injected.
 */
import type { CaptureEntry } from '../net/capture.ts';
import type { TrafficEvent } from '../telemetry/traffic.ts';
import { isProtocolError, parseSegment, type Segment } from '../net/protocol.ts';
import type { OutboundSegment } from '../net/stack.ts';
import { EMPTY_TABLES, type NetworkTables } from '../net/tables.ts';
import { createWire, type FaultRule } from '../net/wire.ts';
import { isLinkFault, linkFaultRule, parseLinkFault } from '../net/link-faults.ts';
import { ms, type NodeName, type SimMillis } from '../types.ts';
import type { ExecResult, ExitListener, HostSpec, HostStartResult } from './host.ts';
import type { ForwardResult } from './port-forward.ts';
import { createHostRunner, type ProgramLookup } from './host-runner.ts';
import { LamportClock, type WallTimer } from './lamport-clock.ts';

/** The part of MessagePort both browsers and Node's worker_threads provide. */
export interface PortLike {
	postMessage(message: unknown): void;
	addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
	start?(): void;
	close(): void;
}

/** A link to a peer, as the main thread hands it over. */
export interface LinkGrant {
	readonly port: PortLike;
	readonly node: NodeName;
}

export interface RemoteHostDeps {
	readonly programFor: ProgramLookup;
	readonly wallTimer: WallTimer;
	/**
	 * Asks the main thread for a channel to whoever owns `ip`: a grant, `'peer'` when the peer
	 * asked first (its port arrives through `addLink`), or null when nobody has the address.
	 */
	readonly requestLink: (ip: string) => Promise<LinkGrant | 'peer' | null>;
	readonly timeScale: number;
	/** Where a container that ends after the start is reported (the main thread's kubelet). */
	readonly onExit?: ExitListener;
}

/** The control API a pod worker exposes. Every call carries the caller's sim time. */
export interface RemoteHostApi {
	start(at: SimMillis): Promise<HostStartResult>;
	exec(container: string, argv: string[], stdin: string, at: SimMillis): Promise<ExecResult>;
	logs(container: string): string[];
	portForward(port: number, request: Uint8Array, at: SimMillis): Promise<ForwardResult>;
	control(container: string, message: unknown, at: SimMillis): Promise<unknown>;
	setNetwork(tables: NetworkTables): void;
	/** A peer's end of a fresh channel (the peer asked for it). */
	addLink(ip: string, node: NodeName, port: PortLike): void;
	/** The peer at `ip` is gone. */
	dropLink(ip: string): void;
	observe(at: SimMillis): SimMillis;
	/** Capture entries recorded since the last call. */
	drainCapture(): CaptureEntry[];
	/** Traffic events reported since the last call. */
	drainTraffic(): TrafficEvent[];
	/** Messages that failed validation (a garbage message never reaches the stack). */
	protocolErrors(): number;
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

export function createRemoteHost(spec: HostSpec, deps: RemoteHostDeps): RemoteHostApi {
	const clock = new LamportClock(deps.wallTimer, deps.timeScale);
	let tables: NetworkTables = EMPTY_TABLES;
	const links = new Map<string, LinkGrant>();
	/** Segments waiting for a link the main thread is still creating. */
	const waiting = new Map<string, { segment: OutboundSegment; sentAt: SimMillis }[]>();
	let capture: CaptureEntry[] = [];
	let traffic: TrafficEvent[] = [];
	let badMessages = 0;
	const faults: FaultRule[] = [];

	const wire = createWire({
		srcNode: spec.node,
		self: spec.ip,
		tables: () => tables,
		nodeOf: (ip) => (ip === spec.ip ? spec.node : links.get(ip)?.node),
		record(entry) {
			capture.push(entry);
			if (capture.length > CAPTURE_BUFFER) capture = capture.slice(-CAPTURE_BUFFER);
		},
		faults: () => faults,
		onLost: (segment, at) =>
			void clock.after(ms(Math.max(0, at - clock.now())), () => runner.stack.timedOut(segment))
	});

	function listen(port: PortLike): void {
		port.addEventListener('message', (event) => {
			const segment = parseSegment(event.data);
			if (isProtocolError(segment)) {
				badMessages++;
				return;
			}
			receive(segment);
		});
		port.start?.();
	}

	/** Segments in arrival order, delivered once the timers due before each have had their turn. */
	const inbox: Segment[] = [];
	let draining = false;
	let paused = false;

	function receive(segment: Segment): void {
		inbox.push(segment);
		if (!draining && !paused) drain();
	}

	function drain(): void {
		draining = true;
		for (let segment = inbox[0]; segment; segment = inbox[0]) {
			if (paused) break;
			// A timer due before this segment (curl's --max-time against a late reply) fires first,
			// and its continuations run at its time, as in the in-process runtime's event order.
			if (clock.fireDue(segment.at)) return void deps.wallTimer(0, drain);
			inbox.shift();
			clock.observe(segment.at);
			runner.deliver(segment);
		}
		draining = false;
	}

	function send(segment: OutboundSegment): void {
		const ip = segment.hop ?? segment.dst.ip;
		if (ip !== spec.ip && !links.has(ip)) {
			// Stamped once the link (and so the peer's node, hence the latency) is known.
			const queue = waiting.get(ip);
			if (queue) return void queue.push({ segment, sentAt: clock.now() });
			waiting.set(ip, [{ segment, sentAt: clock.now() }]);
			void deps.requestLink(ip).then((grant) => {
				if (grant === 'peer') return; // addLink flushes the queue
				if (grant && !links.has(ip)) {
					links.set(ip, grant);
					listen(grant.port);
				}
				flush(ip); // without a link: blackholed, as a SYN to nobody is; the client times out
			});
			return;
		}
		transmit(segment, clock.now());
	}

	function transmit(segment: OutboundSegment, sentAt: SimMillis): void {
		const arriving = wire.transmit(segment, sentAt);
		if (!arriving) return;
		const ip = arriving.hop ?? arriving.dst.ip;
		if (ip === spec.ip) {
			// Loopback: through the wire (for the capture) but not a port.
			queueMicrotask(() => receive(arriving));
			return;
		}
		links.get(ip)?.port.postMessage(arriving);
	}

	function flush(ip: string): void {
		const pending = waiting.get(ip) ?? [];
		waiting.delete(ip);
		for (const p of pending) transmit(p.segment, p.sentAt);
	}

	const runner = createHostRunner(spec, {
		clock,
		tables: () => tables,
		send,
		programFor: deps.programFor,
		crypto: globalThis.crypto,
		...(deps.onExit ? { onExit: deps.onExit } : {}),
		report(event) {
			traffic.push(event);
			if (traffic.length > TRAFFIC_BUFFER) traffic = traffic.slice(-TRAFFIC_BUFFER);
		}
	});

	return {
		async start(at) {
			clock.observe(at);
			return runner.start();
		},
		async exec(container, argv, stdin, at) {
			clock.observe(at);
			return runner.exec(container, argv, stdin);
		},
		logs: (container) => runner.logs(container),
		async portForward(port, request, at) {
			clock.observe(at);
			return runner.portForward(port, request);
		},
		async control(container, message, at) {
			clock.observe(at);
			return runner.control(container, message);
		},
		setNetwork(next) {
			if (next.version >= tables.version) tables = next;
		},
		addLink(ip, node, port) {
			const existing = links.get(ip);
			if (existing) existing.port.close();
			links.set(ip, { port, node });
			listen(port);
			flush(ip);
		},
		dropLink(ip) {
			links.get(ip)?.port.close();
			links.delete(ip);
		},
		observe(at) {
			clock.observe(at);
			return clock.now();
		},
		drainCapture() {
			const out = capture;
			capture = [];
			return out;
		},
		drainTraffic() {
			const out = traffic;
			traffic = [];
			return out;
		},
		protocolErrors: () => badMessages,
		testOnlyLinkFaults(list) {
			const parsed = list.map(parseLinkFault);
			const bad = parsed.find((f) => !isLinkFault(f));
			if (typeof bad === 'string') return bad;
			faults.splice(0, faults.length, ...parsed.filter(isLinkFault).map(linkFaultRule));
			return undefined;
		},
		pause() {
			paused = true;
			clock.hold();
		},
		resume() {
			if (!paused) return;
			paused = false;
			clock.release();
			if (!draining) drain();
		},
		stop() {
			runner.stop();
			for (const l of links.values()) l.port.close();
			links.clear();
		}
	};
}
