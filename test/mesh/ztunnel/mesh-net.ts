/**
 * A tiny network with istio-cni's redirection, for ztunnel tests (the contract the runtime
 * implements): an enrolled pod's connects land on its node ztunnel's 15001 with `local` = the
 * original destination; connects to an enrolled pod land on its ztunnel's 15008 (HBONE port)
 * or 15006 (anything else, unless the pod's own ztunnel delivers); transparent hosts may speak
 * for other addresses (`source`). Every connection keeps what crossed it, for ciphertext checks.
 */
import type { TrafficEvent } from '../../../src/mesh/telemetry/traffic.ts';
import type { Cancel, Clock } from '../../../src/mesh/clock.ts';
import type {
	ConnectError,
	ConnectOptions,
	ListenError,
	Listener,
	NetStack,
	ReadResult,
	Socket
} from '../../../src/mesh/net/socket.ts';
import { createRng } from '../../../src/mesh/random.ts';
import type { HostContext } from '../../../src/mesh/runtime/host.ts';
import {
	type IpAddr,
	type SimMillis,
	type SocketAddr,
	hostId,
	ip,
	ms,
	nodeName
} from '../../../src/mesh/types.ts';
import { socketPair } from '../../support/socket-pair.ts';

/** Time stands still unless a test moves it (`advance`); timers fire only then. */
export class StillClock implements Clock {
	t = 0;
	readonly #timers = new Set<{ readonly at: number; readonly fn: () => void }>();
	now(): SimMillis {
		return ms(this.t);
	}
	after(delay: SimMillis, fn: () => void): Cancel {
		const timer = { at: this.t + delay, fn };
		this.#timers.add(timer);
		return () => void this.#timers.delete(timer);
	}
	/** Timers not yet fired or cancelled. */
	get pendingTimers(): number {
		return this.#timers.size;
	}
	/** Moves time on by `by` ms, running the timers now due in deadline order. */
	advance(by: number): void {
		this.t += by;
		const due = [...this.#timers].filter((x) => x.at <= this.t).sort((a, b) => a.at - b.at);
		for (const x of due) {
			this.#timers.delete(x);
			x.fn();
		}
	}
	sleep(_delay: SimMillis): Promise<void> {
		return new Promise(() => undefined);
	}
}

/** A Socket with chosen addresses over one end of a socket pair. */
function addressed(inner: Socket, local: SocketAddr, remote: SocketAddr): Socket {
	return {
		id: inner.id,
		local,
		remote,
		write: (b) => inner.write(b),
		end: () => inner.end(),
		reset: () => inner.reset(),
		read: (): Promise<ReadResult> => inner.read()
	};
}

export interface Wire {
	readonly client: SocketAddr;
	/** The address the client dialled (before redirection). */
	readonly dst: SocketAddr;
	/** The host and port that accepted it. */
	readonly acceptedBy: SocketAddr;
	/** Bytes client → server. */
	sent(): Uint8Array;
	/** Bytes server → client. */
	received(): Uint8Array;
}

export class MeshNet {
	readonly clock = new StillClock();
	/**
	 * false: no `wires`, bytes, log lines or traffic events kept (a benchmark: a pooled
	 * connection would otherwise keep every byte it ever carried, and the heap's growth would be
	 * timed as the proxies' cost).
	 */
	readonly #keepWires: boolean;
	constructor(options: { keepWires?: boolean } = {}) {
		this.#keepWires = options.keepWires ?? true;
	}
	/** Enrolled pod IP → its node's ztunnel IP. */
	readonly redirection = new Map<string, string>();
	readonly wires: Wire[] = [];
	readonly #listeners = new Map<string, Map<number, (s: Socket) => void>>();
	readonly #transparent = new Set<string>();
	#port = 40000;

	stack(address: string, transparent = false): NetStack {
		if (transparent) this.#transparent.add(address);
		const listeners = new Map<number, (s: Socket) => void>();
		this.#listeners.set(address, listeners);
		return {
			ip: ip(address),
			listen: (port, onAccept): Listener | ListenError => {
				if (listeners.has(port)) return { type: 'address-in-use', port };
				listeners.set(port, onAccept);
				return { port, close: () => listeners.delete(port) };
			},
			connect: (dst, options) => Promise.resolve(this.#connect(address, dst, options))
		};
	}

	/** Where a connect from `from` to `dst` lands, as the redirection rules say. */
	#route(from: string, dst: SocketAddr, spoofed: boolean): SocketAddr {
		const own = this.redirection.get(from);
		if (own !== undefined && !spoofed) return { ip: ip(own), port: 15001 };
		const zt = this.redirection.get(dst.ip);
		if (zt === undefined) return dst;
		if (dst.port === 15008) return { ip: ip(zt), port: 15008 };
		if (zt === from) return dst;
		return { ip: ip(zt), port: 15006 };
	}

	#connect(from: string, dst: SocketAddr, options?: ConnectOptions): Socket | ConnectError {
		if (options?.source && !this.#transparent.has(from)) return { type: 'unreachable' };
		const at = this.#route(from, dst, options?.source !== undefined);
		const host = this.#listeners.get(at.ip);
		if (!host) return { type: 'unreachable' };
		const onAccept = host.get(at.port);
		if (!onAccept) return { type: 'refused' };
		const local = options?.source ?? { ip: ip(from), port: this.#port++ };
		const pair = socketPair({ keepBytes: this.#keepWires });
		if (this.#keepWires)
			this.wires.push({
				client: local,
				dst,
				acceptedBy: at,
				sent: () => pair.wire('a→b'),
				received: () => pair.wire('b→a')
			});
		onAccept(addressed(pair.b, dst, local));
		return addressed(pair.a, local, dst);
	}

	/** A HostContext on this network, with its log lines kept per container. */
	host(
		address: string,
		name: string,
		options: { transparent?: boolean; namespace?: string } = {}
	): { ctx: HostContext; logs: Map<string, string[]>; reports: TrafficEvent[] } {
		const logs = new Map<string, string[]>();
		const reports: TrafficEvent[] = [];
		const ctx: HostContext = {
			crypto: globalThis.crypto,
			work: (p) => p,
			readFile: () => undefined,
			exit: (container, code) => {
				throw new Error(`${container} exited with ${code} in a harness that has no kubelet`);
			},
			spec: {
				id: hostId(name),
				kind: 'pod',
				ip: ip(address) as IpAddr,
				node: nodeName('node-1'),
				namespace: options.namespace ?? 'default',
				name,
				containers: [],
				seed: 7
			},
			clock: this.clock,
			rng: createRng(7),
			net: this.stack(address, options.transparent ?? false),
			dns: {
				lookup: () => undefined,
				resolve: () => ({ type: 'not-found' }),
				query: () => ({ type: 'reply', rcode: 'NXDOMAIN', authoritative: false, answers: [] })
			},
			log: (container, line) => {
				if (!this.#keepWires) return;
				const list = logs.get(container) ?? [];
				list.push(line);
				logs.set(container, list);
			},
			report: (event) => void (this.#keepWires && reports.push(event))
		};
		return { ctx, logs, reports };
	}
}
