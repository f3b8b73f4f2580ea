/**
 * A host's TCP-like stack: turns socket calls into segments and segments back into socket
 * events. It knows nothing of runtimes: segments leave through `send` (the wire stamps arrival
 * time and routes them) and arrive through `deliver`.
 */
import type { Clock } from '../clock.ts';
import type { Rng } from '../random.ts';
import {
	connId,
	ms,
	type ConnId,
	type HostId,
	type IpAddr,
	type SimMillis,
	type SocketAddr
} from '../types.ts';
import { chooseEndpoint } from './kube-proxy.ts';
import type { ResetReason, Segment } from './protocol.ts';
import type {
	ConnectError,
	ConnectOptions,
	ListenError,
	Listener,
	NetStack,
	ReadResult,
	Socket
} from './socket.ts';
import type { NetworkTables } from './tables.ts';

/** A segment as the stack emits it; the wire fills in the arrival time. */
export type OutboundSegment = Segment extends infer S
	? S extends Segment
		? Omit<S, 'at'>
		: never
	: never;

export interface StackOptions {
	readonly hostId: HostId;
	readonly ip: IpAddr;
	readonly clock: Clock;
	readonly rng: Rng;
	readonly tables: () => NetworkTables;
	readonly send: (segment: OutboundSegment) => void;
	/**
	 * A ztunnel's stack: accepts connections redirected to it for the pods it serves (their
	 * `local` is the original destination) and may speak for other addresses (`source`).
	 */
	readonly transparent?: boolean;
}

export interface HostStack {
	readonly net: NetStack;
	/** Hands an arriving segment to the connection it belongs to. */
	deliver(segment: Segment): void;
	/** Resets every open connection (the host is going away). */
	resetAll(): void;
	/** Closes every listener (the process that held them died): new connections are refused. */
	closeListeners(): void;
	/**
	 * The kernel gave up retransmitting `segment` (wire.ts `onLost`): its connection fails with
	 * ETIMEDOUT and no RST is sent, as Linux's tcp_write_timeout does.
	 */
	timedOut(segment: OutboundSegment): void;
	/** Open connections, for tests and the UI. */
	readonly openConnections: number;
	/** Ports listened on, and connects awaiting an answer: for the soak test. */
	readonly listeners: number;
	readonly pendingConnects: number;
}

/** Linux's default SYN retry budget is ~127 s; curl users normally set --connect-timeout. */
export const DEFAULT_CONNECT_TIMEOUT: SimMillis = ms(127_000);
const EPHEMERAL_FIRST = 32768;
const EPHEMERAL_LAST = 60999;
/** Larger writes are split, as TCP would segment them (and so captures stay small). */
const MAX_SEGMENT = 64 * 1024;

/** ztunnel's listeners (ztunnel ARCHITECTURE.md): outbound capture, plaintext and HBONE inbound. */
export const ZTUNNEL_OUTBOUND = 15001;
export const ZTUNNEL_INBOUND_PLAINTEXT = 15006;
export const HBONE_PORT = 15008;

/**
 * istio-iptables' rules inside a sidecar pod (`-p 15001 -z 15006 -u 1337 -d 15090,15021,15020`):
 * the app's outbound connections go to the proxy's outbound port with their original
 * destination, connections arriving for the pod's ports go to its inbound port. The proxy's own
 * sockets (uid 1337) are never redirected.
 */
export interface PodRedirection {
	readonly outboundPort: number;
	readonly inboundPort: number;
	/** Arriving connections to these ports reach their listener directly (HBONE, health, stats). */
	readonly excludeInboundPorts: readonly number[];
}

/**
 * Installs in-pod redirection on a host's stack and returns the proxy's own view of it (the
 * uid-1337 sockets: not captured, and may keep a client's address as TPROXY would). Undefined
 * when `net` is not a host stack.
 */
export function redirectInPod(net: NetStack, rules: PodRedirection): NetStack | undefined {
	return net instanceof StackImpl ? net.redirectInPod(rules) : undefined;
}

/** Where a segment goes besides its destination: the routing fields of a Segment. */
export interface Route {
	readonly hop?: IpAddr;
	readonly from?: IpAddr;
}

const DIRECT: Route = {};

/** 127.0.0.0/8: the pod's own loopback, never captured, redirected or on the wire. */
export const isLoopback = (ip: string): boolean => ip.startsWith('127.');

/**
 * istio-cni's redirection as a sender applies it: traffic to an enrolled pod goes to its node's
 * ztunnel, except the ztunnel's own delivery to the pod's app.
 */
export function redirectHop(
	tables: NetworkTables,
	self: IpAddr,
	dst: SocketAddr
): IpAddr | undefined {
	const ztunnel = tables.redirection?.[dst.ip];
	if (ztunnel === undefined) return undefined;
	if (ztunnel === self && dst.port !== HBONE_PORT) return undefined;
	return ztunnel;
}

class Connection implements Socket {
	readonly #stack: StackImpl;
	readonly #queue: ReadResult[] = [];
	readonly #waiters: ((r: ReadResult) => void)[] = [];
	/** Set once eof or reset is queued: every later read returns it again. */
	#final: ReadResult | undefined;
	#writeClosed = false;
	#readClosed = false;

	constructor(
		stack: StackImpl,
		readonly id: ConnId,
		readonly local: SocketAddr,
		readonly remote: SocketAddr,
		readonly route: Route = DIRECT
	) {
		this.#stack = stack;
	}

	write(bytes: Uint8Array): void {
		if (this.#writeClosed || bytes.length === 0) return;
		for (let off = 0; off < bytes.length; off += MAX_SEGMENT) {
			const chunk = bytes.subarray(off, off + MAX_SEGMENT);
			this.#stack.emit({
				type: 'data',
				conn: this.id,
				src: this.local,
				dst: this.remote,
				bytes: chunk,
				...this.route
			});
		}
	}

	end(): void {
		if (this.#writeClosed) return;
		this.#writeClosed = true;
		this.#stack.emit({
			type: 'close',
			conn: this.id,
			src: this.local,
			dst: this.remote,
			...this.route
		});
		this.#maybeForget();
	}

	reset(): void {
		if (this.#final?.type === 'reset') return;
		// Routed like the connection's data: a proxy's reset for a spoofed connection must go
		// back through the hop its segments take, or the peer never hears of it.
		this.#stack.emit({
			type: 'reset',
			conn: this.id,
			src: this.local,
			dst: this.remote,
			reason: 'reset',
			...this.route
		});
		this.#abort('reset');
	}

	read(): Promise<ReadResult> {
		const next = this.#queue.shift();
		if (next) return Promise.resolve(next);
		if (this.#final) return Promise.resolve(this.#final);
		return new Promise((resolve) => this.#waiters.push(resolve));
	}

	/** Peer data, FIN or RST. */
	receive(segment: Segment): void {
		switch (segment.type) {
			case 'data':
				if (!this.#readClosed) this.#push({ type: 'data', bytes: segment.bytes });
				break;
			case 'close':
				if (!this.#readClosed) {
					this.#readClosed = true;
					this.#finish({ type: 'eof' });
				}
				this.#maybeForget();
				break;
			case 'reset':
				this.#abort(segment.reason);
				break;
			default:
				break;
		}
	}

	/** ETIMEDOUT: every retransmission was lost; the peer is told nothing. */
	timedOut(): void {
		if (this.#final?.type === 'reset') return;
		this.#abort('timeout');
	}

	/** Local abort: RST already sent (or the host is stopping). */
	#abort(reason: ResetReason | string): void {
		this.#writeClosed = true;
		this.#readClosed = true;
		this.#queue.length = 0;
		this.#finish({ type: 'reset', reason });
		this.#stack.forget(keyOf(this.id, this.local));
	}

	#push(r: ReadResult): void {
		const waiter = this.#waiters.shift();
		if (waiter) waiter(r);
		else this.#queue.push(r);
	}

	#finish(r: ReadResult): void {
		this.#final = r;
		if (this.#queue.length === 0) {
			for (const w of this.#waiters.splice(0)) w(r);
		}
	}

	#maybeForget(): void {
		if (this.#writeClosed && this.#readClosed) this.#stack.forget(keyOf(this.id, this.local));
	}
}

interface PendingConnect {
	readonly local: SocketAddr;
	readonly remote: SocketAddr;
	readonly route: Route;
	readonly resolve: (r: Connection | ConnectError) => void;
	readonly cancelTimer: () => void;
}

class StackImpl implements NetStack {
	readonly #opts: StackOptions;
	readonly #listeners = new Map<number, (s: Socket) => void>();
	readonly #conns = new Map<ConnKey, Connection>();
	readonly #pending = new Map<ConnKey, PendingConnect>();
	readonly #pickRng: Rng;
	#podRedirection: PodRedirection | undefined;
	#nextConn = 1;
	#nextPort = EPHEMERAL_FIRST;

	constructor(opts: StackOptions) {
		this.#opts = opts;
		this.#pickRng = opts.rng.fork('kube-proxy');
	}

	get ip(): IpAddr {
		return this.#opts.ip;
	}

	get openConnections(): number {
		return this.#conns.size;
	}

	get listenerCount(): number {
		return this.#listeners.size;
	}

	get pendingCount(): number {
		return this.#pending.size;
	}

	emit(segment: OutboundSegment): void {
		this.#opts.send(segment);
	}

	forget(key: ConnKey): void {
		this.#conns.delete(key);
	}

	listen(port: number, onAccept: (socket: Socket) => void): Listener | ListenError {
		if (this.#listeners.has(port)) return { type: 'address-in-use', port };
		this.#listeners.set(port, onAccept);
		return { port, close: () => this.#listeners.delete(port) };
	}

	redirectInPod(rules: PodRedirection): NetStack {
		this.#podRedirection = rules;
		return {
			ip: this.ip,
			listen: (port, onAccept) => this.listen(port, onAccept),
			connect: (dst, options) => this.#connect(dst, options, true)
		};
	}

	connect(dst: SocketAddr, options?: ConnectOptions): Promise<Socket | ConnectError> {
		return this.#connect(dst, options, false);
	}

	#connect(
		dst: SocketAddr,
		options: ConnectOptions | undefined,
		proxyOwned: boolean
	): Promise<Socket | ConnectError> {
		const tables = this.#opts.tables();
		const self = this.#opts.ip;
		const spoofed = options?.source;
		if (spoofed && !this.#opts.transparent && !proxyOwned)
			return Promise.resolve({ type: 'unreachable' });
		let remote: SocketAddr;
		let hop: IpAddr | undefined;
		const ztunnel = spoofed ? undefined : tables.redirection?.[self];
		const loopback = isLoopback(dst.ip) && !spoofed;
		// In-pod rules that outlived ztunnel send this pod's traffic to a port nobody holds.
		if (!loopback && !spoofed && tables.stranded?.includes(self))
			return Promise.resolve({ type: 'refused' });
		if (loopback) {
			// The host runner hands these back to this stack; nothing listening refuses at once.
			remote = dst;
		} else if (this.#podRedirection && !proxyOwned && dst.ip !== self) {
			// The app's socket in a sidecar pod: to the proxy's outbound port, before kube-proxy.
			remote = dst;
			hop = self;
		} else if (ztunnel !== undefined) {
			// Enrolled: captured before kube-proxy, so the ztunnel sees the original destination.
			remote = dst;
			hop = ztunnel;
		} else {
			const plan = chooseEndpoint(tables, dst, (n) => this.#pickRng.int(n));
			if (plan.type === 'reject') return Promise.resolve({ type: 'refused' });
			remote = plan.dst;
			hop = redirectHop(tables, self, remote);
			// The destination's own in-pod rules redirect it to a port nobody holds.
			if (tables.stranded?.includes(remote.ip)) return Promise.resolve({ type: 'refused' });
		}
		const local: SocketAddr = spoofed ?? {
			ip: loopback ? dst.ip : self,
			port: this.#ephemeralPort()
		};
		const route: Route = {
			...(hop !== undefined ? { hop } : {}),
			...(spoofed ? { from: self } : {})
		};
		const id = connId(`${this.#opts.hostId}/${this.#nextConn++}`);
		return new Promise((resolve) => {
			const timeout = options?.timeout ?? DEFAULT_CONNECT_TIMEOUT;
			const cancelTimer = this.#opts.clock.after(timeout, () => {
				if (!this.#pending.delete(keyOf(id, local))) return;
				resolve({ type: 'timeout' });
			});
			this.#pending.set(keyOf(id, local), { local, remote, route, resolve, cancelTimer });
			this.emit({ type: 'connect', conn: id, src: local, dst: remote, ...route });
		});
	}

	deliver(segment: Segment): void {
		if (segment.type === 'connect') return this.#accept(segment);
		const key = keyOf(segment.conn, segment.dst);
		const pending = this.#pending.get(key);
		if (pending) {
			if (segment.type === 'accept') {
				this.#pending.delete(key);
				pending.cancelTimer();
				const conn = new Connection(
					this,
					segment.conn,
					pending.local,
					pending.remote,
					pending.route
				);
				this.#conns.set(key, conn);
				pending.resolve(conn);
			} else if (segment.type === 'reset') {
				this.#pending.delete(key);
				pending.cancelTimer();
				pending.resolve({ type: segment.reason === 'unreachable' ? 'unreachable' : 'refused' });
			}
			return;
		}
		const conn = this.#conns.get(key);
		if (conn) conn.receive(segment);
		else if (segment.type === 'data') {
			// Data for a connection we don't know: answer with RST, as a kernel would.
			this.emit({
				type: 'reset',
				conn: segment.conn,
				src: segment.dst,
				dst: segment.src,
				reason: 'reset'
			});
		}
	}

	closeListeners(): void {
		this.#listeners.clear();
	}

	timedOut(segment: OutboundSegment): void {
		this.#conns.get(keyOf(segment.conn, segment.src))?.timedOut();
	}

	resetAll(): void {
		for (const conn of [...this.#conns.values()]) conn.reset();
		for (const [id, p] of this.#pending) {
			p.cancelTimer();
			p.resolve({ type: 'unreachable' });
			this.#pending.delete(id);
		}
	}

	#accept(segment: Extract<Segment, { type: 'connect' }>): void {
		const onAccept = this.#listenerFor(segment);
		const back = replyRoute(segment);
		if (!onAccept) {
			this.emit({
				type: 'reset',
				conn: segment.conn,
				src: segment.dst,
				dst: segment.src,
				reason: 'refused',
				...back
			});
			return;
		}
		const key = keyOf(segment.conn, segment.dst);
		if (this.#conns.has(key)) return; // duplicate SYN
		const conn = new Connection(this, segment.conn, segment.dst, segment.src, back);
		this.#conns.set(key, conn);
		this.emit({ type: 'accept', conn: segment.conn, src: segment.dst, dst: segment.src, ...back });
		onAccept(conn);
	}

	/**
	 * A SYN for our own address goes to the port's listener. A transparent stack also takes
	 * SYNs redirected to it: from a pod it serves (outbound capture, 15001), or to one (HBONE on
	 * 15008, anything else plaintext on 15006) — ztunnel's in-pod listeners.
	 */
	#listenerFor(segment: Segment): ((s: Socket) => void) | undefined {
		const self = this.#opts.ip;
		if (isLoopback(segment.dst.ip)) return this.#listeners.get(segment.dst.port);
		const pod = this.#podRedirection;
		if (pod) {
			// Sent by this pod (not the proxy, which never loops back here) for elsewhere: outbound.
			if (segment.dst.ip !== self && segment.src.ip === self && segment.from === undefined)
				return this.#listeners.get(pod.outboundPort);
			// Arrived from outside the pod (not loopback) for one of its ports: inbound, unless excluded.
			if (
				segment.dst.ip === self &&
				segment.src.ip !== self &&
				!segment.src.ip.startsWith('127.') &&
				segment.from !== self &&
				!pod.excludeInboundPorts.includes(segment.dst.port)
			)
				return this.#listeners.get(pod.inboundPort);
		}
		if (segment.dst.ip === self) return this.#listeners.get(segment.dst.port);
		if (!this.#opts.transparent) return undefined;
		const served = this.#opts.tables().redirection ?? {};
		if (segment.from === undefined && served[segment.src.ip] === self)
			return this.#listeners.get(ZTUNNEL_OUTBOUND);
		if (served[segment.dst.ip] !== self) return undefined;
		return this.#listeners.get(
			segment.dst.port === HBONE_PORT ? HBONE_PORT : ZTUNNEL_INBOUND_PLAINTEXT
		);
	}

	#ephemeralPort(): number {
		const port = this.#nextPort;
		this.#nextPort = port >= EPHEMERAL_LAST ? EPHEMERAL_FIRST : port + 1;
		return port;
	}
}

/**
 * A connection's key in one stack: its id and our end's address. Both ends of a connection to
 * ourselves (a ztunnel's HBONE to a pod on its own node) live in one stack under one id.
 */
type ConnKey = string;
const keyOf = (id: ConnId, local: SocketAddr): ConnKey => `${id}|${local.ip}:${local.port}`;

/** Replies to a spoofed sender go back through the host that really sent the segment. */
function replyRoute(segment: Segment): Route {
	return segment.from !== undefined ? { hop: segment.from } : DIRECT;
}

export function createStack(options: StackOptions): HostStack {
	const impl = new StackImpl(options);
	return {
		net: impl,
		deliver: (s) => impl.deliver(s),
		resetAll: () => impl.resetAll(),
		closeListeners: () => impl.closeListeners(),
		timedOut: (segment) => impl.timedOut(segment),
		get openConnections() {
			return impl.openConnections;
		},
		get listeners() {
			return impl.listenerCount;
		},
		get pendingConnects() {
			return impl.pendingCount;
		}
	};
}
