/**
 * An in-memory network for app and HTTP tests: hosts with NetStacks that implement
 * src/mesh/net/socket.ts exactly, no latency, a virtual clock that jumps to the next timer when
 * everything else is idle, DNS names and Service VIPs. Faults: blackholed (SYN never answered)
 * and unreachable addresses.
 */
import type { TrafficEvent } from '../../src/mesh/telemetry/traffic.ts';
import type { Cancel, Clock } from '../../src/mesh/clock.ts';
import type {
	ConnectError,
	ListenError,
	Listener,
	NetStack,
	ReadResult,
	Socket
} from '../../src/mesh/net/socket.ts';
import { createRng } from '../../src/mesh/random.ts';
import type { ContainerSpec, HostContext, HostSpec } from '../../src/mesh/runtime/host.ts';
import {
	connId,
	hostId,
	ip as ipAddr,
	ms,
	nodeName,
	type IpAddr,
	type SimMillis,
	type SocketAddr
} from '../../src/mesh/types.ts';

interface Timer {
	readonly at: number;
	readonly seq: number;
	fn: (() => void) | undefined;
}

/** A virtual clock: time moves only when `run` finds nothing else to do. */
export class FakeClock implements Clock {
	#now = 0;
	#seq = 0;
	#timers: Timer[] = [];

	now(): SimMillis {
		return ms(this.#now);
	}

	after(delay: SimMillis, fn: () => void): Cancel {
		const t: Timer = { at: this.#now + Math.max(0, delay), seq: this.#seq++, fn };
		this.#timers.push(t);
		return () => {
			t.fn = undefined;
		};
	}

	sleep(delay: SimMillis): Promise<void> {
		return new Promise((resolve) => this.after(delay, resolve));
	}

	/** Fires the earliest live timer. False when none is left. */
	step(): boolean {
		this.#timers = this.#timers.filter((t) => t.fn);
		if (this.#timers.length === 0) return false;
		this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
		const t = this.#timers.shift();
		if (!t?.fn) return false;
		const fn = t.fn;
		t.fn = undefined;
		this.#now = Math.max(this.#now, t.at);
		fn();
		return true;
	}

	get pendingTimers(): number {
		return this.#timers.filter((t) => t.fn).length;
	}

	/** Drives microtasks and timers until `p` settles. */
	async run<T>(p: Promise<T>): Promise<T> {
		let settled = false;
		p.then(
			() => (settled = true),
			() => (settled = true)
		);
		for (let i = 0; i < 1_000_000; i++) {
			await new Promise<void>((r) => setImmediate(r));
			if (settled) return p;
			if (!this.step()) {
				// Real asynchronous work may still be under way (a module loading, WebCrypto):
				// give it up to 2 s of wall time to settle or set a timer before calling it a deadlock.
				let waited = 0;
				while (!settled && this.pendingTimers === 0 && waited < 2000) {
					await new Promise<void>((r) => setTimeout(r, 5));
					waited += 5;
				}
				if (settled) return p;
				if (this.pendingTimers > 0) continue;
				throw new Error('FakeClock.run: promise is pending and no timer is left (deadlock)');
			}
		}
		throw new Error('FakeClock.run: too many steps');
	}
}

class FakeSocket implements Socket {
	peer: FakeSocket | undefined;
	readonly #queue: ReadResult[] = [];
	readonly #waiters: ((r: ReadResult) => void)[] = [];
	#final: ReadResult | undefined;
	#writeClosed = false;

	constructor(
		readonly id: ReturnType<typeof connId>,
		readonly local: SocketAddr,
		readonly remote: SocketAddr
	) {}

	write(bytes: Uint8Array): void {
		if (this.#writeClosed || bytes.length === 0) return;
		this.peer?.deliver({ type: 'data', bytes: bytes.slice() });
	}

	end(): void {
		if (this.#writeClosed) return;
		this.#writeClosed = true;
		this.peer?.deliver({ type: 'eof' });
	}

	reset(): void {
		if (this.#final?.type === 'reset') return;
		this.#writeClosed = true;
		this.peer?.abort('reset');
		this.abort('reset');
	}

	read(): Promise<ReadResult> {
		const next = this.#queue.shift();
		if (next) return Promise.resolve(next);
		if (this.#final) return Promise.resolve(this.#final);
		return new Promise((resolve) => this.#waiters.push(resolve));
	}

	deliver(r: ReadResult): void {
		if (this.#final) return;
		if (r.type === 'data') {
			const w = this.#waiters.shift();
			if (w) w(r);
			else this.#queue.push(r);
			return;
		}
		this.#finish(r);
	}

	abort(reason: string): void {
		if (this.#final?.type === 'reset') return;
		this.#writeClosed = true;
		this.#queue.length = 0;
		this.#final = undefined;
		this.#finish({ type: 'reset', reason });
	}

	#finish(r: ReadResult): void {
		this.#final = r;
		if (this.#queue.length === 0) for (const w of this.#waiters.splice(0)) w(r);
	}
}

export interface FakeService {
	readonly vip: string;
	readonly port: number;
	readonly endpoints: readonly SocketAddr[];
}

/** Every host's stack, DNS records, Services and faults. */
export class FakeNetwork {
	readonly clock = new FakeClock();
	readonly dns = new Map<string, IpAddr>();
	readonly services: FakeService[] = [];
	/** SYNs to these addresses are never answered (curl exit 28). */
	readonly blackholed = new Set<string>();
	/** Connects to these addresses fail with "no route" (curl exit 7). */
	readonly unreachable = new Set<string>();
	readonly #stacks = new Map<string, FakeStack>();
	#conn = 0;
	#pick = 0;

	stack(address: string): FakeStack {
		let s = this.#stacks.get(address);
		if (!s) {
			s = new FakeStack(this, ipAddr(address));
			this.#stacks.set(address, s);
		}
		return s;
	}

	/** `productpage` → 10.96.0.10 (the short name; the fake resolver strips search domains). */
	addName(name: string, address: string): void {
		this.dns.set(name, ipAddr(address));
	}

	/** A Service VIP; connects are sent round-robin to the endpoints, as kube-proxy would. */
	addService(name: string, vip: string, port: number, endpoints: SocketAddr[]): void {
		this.addName(name, vip);
		this.services.push({ vip, port, endpoints });
	}

	async connect(
		from: FakeStack,
		dst: SocketAddr,
		timeout: SimMillis | undefined
	): Promise<Socket | ConnectError> {
		let target = dst;
		const svc = this.services.find((s) => s.vip === dst.ip && s.port === dst.port);
		if (svc) {
			const ep = svc.endpoints[this.#pick++ % Math.max(1, svc.endpoints.length)];
			if (!ep) return { type: 'refused' };
			target = ep;
		}
		if (this.unreachable.has(target.ip)) return { type: 'unreachable' };
		const peer = this.#stacks.get(target.ip);
		if (this.blackholed.has(target.ip) || !peer) {
			await this.clock.sleep(timeout ?? ms(127_000));
			return { type: 'timeout' };
		}
		const onAccept = peer.listeners.get(target.port);
		if (!onAccept) return { type: 'refused' };
		const id = connId(`${from.ip}/${++this.#conn}`);
		const local = { ip: from.ip, port: 32768 + (this.#conn % 28000) };
		const client = new FakeSocket(id, local, target);
		const server = new FakeSocket(id, target, local);
		client.peer = server;
		server.peer = client;
		onAccept(server);
		return client;
	}
}

export class FakeStack implements NetStack {
	readonly listeners = new Map<number, (s: Socket) => void>();

	constructor(
		readonly network: FakeNetwork,
		readonly ip: IpAddr
	) {}

	listen(port: number, onAccept: (socket: Socket) => void): Listener | ListenError {
		if (this.listeners.has(port)) return { type: 'address-in-use', port };
		this.listeners.set(port, onAccept);
		return { port, close: () => this.listeners.delete(port) };
	}

	connect(dst: SocketAddr, options?: { timeout?: SimMillis }): Promise<Socket | ConnectError> {
		return this.network.connect(this, dst, options?.timeout);
	}
}

export interface FakeHost {
	readonly ctx: HostContext;
	readonly logs: Map<string, string[]>;
	/** Traffic events the host's programs reported. */
	readonly reports: TrafficEvent[];
}

export interface FakeHostOptions {
	readonly ip: string;
	readonly name: string;
	readonly namespace?: string;
	readonly containers?: ContainerSpec[];
	readonly seed?: number;
	/** HostSpec.files: what the pod's volumes hold (the mounted istio root). */
	readonly files?: Readonly<Record<string, string>>;
}

/** A pod's HostContext on `network`. Names resolve by short name or `<name>.<ns>…` prefix. */
export function fakeHost(network: FakeNetwork, options: FakeHostOptions): FakeHost {
	const logs = new Map<string, string[]>();
	const reports: TrafficEvent[] = [];
	const spec: HostSpec = {
		id: hostId(options.name),
		kind: 'pod',
		ip: ipAddr(options.ip),
		node: nodeName('node-1'),
		namespace: options.namespace ?? 'default',
		name: options.name,
		containers: options.containers ?? [],
		seed: options.seed ?? 1,
		...(options.files ? { files: options.files } : {})
	};
	const ctx: HostContext = {
		spec,
		crypto: globalThis.crypto,
		work: (p) => p,
		readFile: (path) => spec.files?.[path],
		exit: (container, code) => {
			throw new Error(`${container} exited with ${code} in a harness that has no kubelet`);
		},
		clock: network.clock,
		rng: createRng(spec.seed),
		net: network.stack(options.ip),
		dns: {
			lookup(name) {
				if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return ipAddr(name);
				const short = name.split('.')[0] ?? name;
				return network.dns.get(name) ?? network.dns.get(short);
			},
			resolve(name) {
				const ip = this.lookup(name);
				return ip === undefined ? { type: 'not-found' } : { type: 'address', ip };
			},
			query: () => ({ type: 'reply', rcode: 'NXDOMAIN', authoritative: false, answers: [] })
		},
		log(container, line) {
			const lines = logs.get(container) ?? [];
			lines.push(line);
			logs.set(container, lines);
		},
		report: (event) => reports.push(event)
	};
	return { ctx, logs, reports };
}

export function container(
	image: string,
	name = 'app',
	env: Record<string, string> = {}
): ContainerSpec {
	return { name, image, env, ports: [] };
}
