/**
 * A host's TCP-like stack: turns socket calls into segments and segments back into socket
 * events. It knows nothing of runtimes: segments leave through `send` (the wire stamps arrival
 * time and routes them) and arrive through `deliver`. It knows sockets and routes, not who
 * redirects them: rules arrive as netfilter hooks (`netfilter.ts`) that their owner installs.
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
import {
	firstVerdict,
	type ArrivingSyn,
	type HeldListener,
	type IpFamily,
	type LocalSyn,
	type NetfilterHook,
	type SavedRule,
	type SocketOwner
} from './netfilter.ts';
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
import { ConnTable } from './conn-table.ts';

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
	 * IP_TRANSPARENT for the host's sockets: they may speak for other addresses (`source`) and
	 * take TPROXYed connections for addresses not their own (`local` keeps the original one).
	 */
	readonly transparent?: boolean;
	/** Rules installed as the host's network is set up (the CNI plugin chain), in order. */
	readonly hooks?: readonly NetfilterHook[];
}

export interface HostStack {
	readonly net: NetStack;
	/** Hands an arriving segment to the connection it belongs to. */
	deliver(segment: Segment): void;
	/** Resets every open connection (the host is going away). */
	resetAll(): void;
	/** Whether an installed rule says `peer` holds sockets inside this host's namespace. */
	sharesNamespace(peer: IpAddr): boolean;
	/** The names a DNS proxy answers itself, when an installed rule captures this host's queries. */
	dnsProxy(): Readonly<Record<string, IpAddr>> | undefined;
	/**
	 * Whether an installed filter drops this transmission of `segment`: only a SYN leaving the
	 * network namespace (not loopback, not to a socket inside it) is judged, at its time.
	 */
	filtered(segment: OutboundSegment): boolean;
	/** Whether the connect() that sent this SYN still waits for an answer (retransmit it). */
	awaiting(segment: OutboundSegment): boolean;
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

/**
 * Installs `hook` on a host's stack (after the rules already there; a hook of the same chain is
 * replaced in place). False when `net` is not a host stack.
 */
export function installHook(net: NetStack, hook: NetfilterHook): boolean {
	if (!(net instanceof StackImpl)) return false;
	net.installHook(hook);
	return true;
}

/** A host's TCP sockets, as `ss` lists them. */
export interface SocketTable {
	/** Listening sockets: the host's own (on every address) and those a rule says a peer holds here. */
	readonly listening: readonly HeldListener[];
	/** Open connections. */
	readonly established: readonly { readonly local: SocketAddr; readonly remote: SocketAddr }[];
}

/** The sockets of a host's network namespace; undefined when `net` is not a host stack. */
export function socketTable(net: NetStack): SocketTable | undefined {
	return net instanceof StackImpl ? net.socketTable() : undefined;
}

/** The rules the hooks installed in a host's namespace; undefined when `net` is not a host stack. */
export function savedRules(net: NetStack, family: IpFamily): readonly SavedRule[] | undefined {
	return net instanceof StackImpl ? net.savedRules(family) : undefined;
}

/**
 * The stack as the sockets of `owner` use it: rules can match their uid, and a transparent owner
 * may speak for other addresses. Undefined when `net` is not a host stack.
 */
export function socketsOf(net: NetStack, owner: SocketOwner): NetStack | undefined {
	return net instanceof StackImpl ? net.socketsOf(owner) : undefined;
}

/** Where a segment goes besides its destination: the routing fields of a Segment. */
export interface Route {
	readonly hop?: IpAddr;
	readonly from?: IpAddr;
}

const DIRECT: Route = {};

/**
 * `segment` with the route's fields (hop, from) after its own, as `{ ...segment, ...route }`
 * would give it; a direct route adds nothing. A spread after a literal's fields is a runtime
 * call per segment; most segments have no route.
 */
function routed<S extends OutboundSegment>(segment: S, route: Route): S {
	return route.hop === undefined && route.from === undefined
		? segment
		: Object.assign(segment, route);
}

/** Where a SYN is sent: its destination after NAT, and the host that takes it if not that one. */
interface NextHop {
	readonly remote: SocketAddr;
	readonly hop?: IpAddr;
}

/** A container's own sockets: uid 0 here, without IP_TRANSPARENT unless the host has it. */
const CONTAINER: SocketOwner = { uid: 0, transparent: false };

/** 127.0.0.0/8: the pod's own loopback, never captured, redirected or on the wire. */
export const isLoopback = (ip: string): boolean => ip.startsWith('127.');
/** IPv6's loopback address, the only IPv6 address a program here dials (`localhost`). */
const LOCALHOST6 = '::1';

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
			this.#stack.emit(
				routed(
					{ type: 'data', conn: this.id, src: this.local, dst: this.remote, bytes: chunk },
					this.route
				)
			);
		}
	}

	end(): void {
		if (this.#writeClosed) return;
		this.#writeClosed = true;
		this.#stack.emit(
			routed({ type: 'close', conn: this.id, src: this.local, dst: this.remote }, this.route)
		);
		this.#maybeForget();
	}

	reset(): void {
		if (this.#final?.type === 'reset') return;
		// Routed like the connection's data: a proxy's reset for a spoofed connection must go
		// back through the hop its segments take, or the peer never hears of it.
		this.#stack.emit(
			routed(
				{ type: 'reset', conn: this.id, src: this.local, dst: this.remote, reason: 'reset' },
				this.route
			)
		);
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
		this.#stack.forget(this);
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
		if (this.#writeClosed && this.#readClosed) this.#stack.forget(this);
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
	readonly #conns = new ConnTable<Connection>();
	readonly #pending = new ConnTable<PendingConnect>();
	readonly #pickRng: Rng;
	/** Installed rules by chain, in installation order. */
	readonly #hooks = new Map<string, NetfilterHook>();
	#nextConn = 1;
	#nextPort = EPHEMERAL_FIRST;

	constructor(opts: StackOptions) {
		this.#opts = opts;
		this.#pickRng = opts.rng.fork('kube-proxy');
		for (const hook of opts.hooks ?? []) this.installHook(hook);
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

	forget(conn: Connection): void {
		this.#conns.delete(conn.id, conn.local);
	}

	listen(port: number, onAccept: (socket: Socket) => void): Listener | ListenError {
		if (this.#listeners.has(port)) return { type: 'address-in-use', port };
		this.#listeners.set(port, onAccept);
		return { port, close: () => this.#listeners.delete(port) };
	}

	installHook(hook: NetfilterHook): void {
		this.#hooks.set(hook.chain, hook);
	}

	savedRules(family: IpFamily): readonly SavedRule[] {
		const view = { self: this.#opts.ip, tables: this.#opts.tables() };
		return [...this.#hooks.values()].flatMap((h) => h.savedRules?.(view, family) ?? []);
	}

	socketTable(): SocketTable {
		const view = { self: this.#opts.ip, tables: this.#opts.tables() };
		const held = [...this.#hooks.values()].flatMap((h) => h.heldListeners?.(view) ?? []);
		// Apps' listen(2) backlogs vary (Go's somaxconn 4096, Python's 5–2048): 4096 for all.
		const own = [...this.#listeners.keys()].map((port) => ({
			protocol: 'tcp' as const,
			address: '*',
			port,
			backlog: 4096
		}));
		const established = this.#conns.values().map((c) => ({
			local: c.local,
			remote: c.remote
		}));
		return { listening: [...held, ...own], established };
	}

	sharesNamespace(peer: IpAddr): boolean {
		const link = { self: this.#opts.ip, peer, tables: this.#opts.tables() };
		for (const hook of this.#hooks.values()) if (hook.sharesNamespace?.(link)) return true;
		return false;
	}

	dnsProxy(): Readonly<Record<string, IpAddr>> | undefined {
		const host = { self: this.#opts.ip, tables: this.#opts.tables() };
		return firstVerdict(this.#hooks.values(), (h) => h.dnsProxy?.(host));
	}

	filtered(segment: OutboundSegment): boolean {
		if (segment.type !== 'connect' || isLoopback(segment.dst.ip)) return false;
		const self = this.#opts.ip;
		const receiver = segment.hop ?? segment.dst.ip;
		// Inside the namespace: to a socket a rule put here, or a pod talking to itself.
		if (receiver === self && (segment.src.ip === self || segment.dst.ip === self)) return false;
		if (this.sharesNamespace(receiver)) return false;
		const syn = { src: segment.src, dst: segment.dst, tables: this.#opts.tables() };
		return firstVerdict(this.#hooks.values(), (h) => h.filter?.(syn))?.type === 'drop';
	}

	awaiting(segment: OutboundSegment): boolean {
		return segment.type === 'connect' && this.#pending.has(segment.conn, segment.src);
	}

	socketsOf(owner: SocketOwner): NetStack {
		return {
			ip: this.ip,
			listen: (port, onAccept) => this.listen(port, onAccept),
			connect: (dst, options) => this.#connect(dst, options, owner)
		};
	}

	connect(dst: SocketAddr, options?: ConnectOptions): Promise<Socket | ConnectError> {
		return this.#connect(dst, options, CONTAINER);
	}

	#connect(
		dst: SocketAddr,
		options: ConnectOptions | undefined,
		owner: SocketOwner
	): Promise<Socket | ConnectError> {
		const self = this.#opts.ip;
		const spoofed = options?.source;
		if (spoofed && !this.#opts.transparent && !owner.transparent)
			return Promise.resolve({ type: 'unreachable' });
		// IPv6 is not simulated: nothing listens on ::1 (servers bind 0.0.0.0), so the kernel
		// refuses at once, as Linux does for a port without a listener.
		if (dst.ip === LOCALHOST6) return Promise.resolve({ type: 'refused' });
		const loopback = isLoopback(dst.ip) && !spoofed;
		// Loopback: the host runner hands these back to this stack; nothing listening refuses at once.
		const next: NextHop | 'refused' = loopback
			? { remote: dst }
			: this.#route({
					self,
					dst,
					uid: owner.uid,
					spoofed: spoofed !== undefined,
					tables: this.#opts.tables()
				});
		if (next === 'refused') return Promise.resolve({ type: 'refused' });
		const { remote, hop } = next;
		const local: SocketAddr = spoofed ?? {
			ip: loopback ? dst.ip : self,
			port: this.#ephemeralPort()
		};
		const route: Route =
			hop === undefined && !spoofed
				? DIRECT
				: { ...(hop !== undefined ? { hop } : {}), ...(spoofed ? { from: self } : {}) };
		const id = connId(`${this.#opts.hostId}/${this.#nextConn++}`);
		return new Promise((resolve) => {
			const timeout = options?.timeout ?? DEFAULT_CONNECT_TIMEOUT;
			const cancelTimer = this.#opts.clock.after(timeout, () => {
				if (!this.#pending.delete(id, local)) return;
				resolve({ type: 'timeout' });
			});
			this.#pending.set(id, local, { local, remote, route, resolve, cancelTimer });
			this.emit(routed({ type: 'connect', conn: id, src: local, dst: remote }, route));
		});
	}

	/**
	 * Where a SYN leaving the host goes: an output rule may capture it before kube-proxy (the
	 * destination stays as addressed); else kube-proxy's DNAT picks an endpoint and a postrouting
	 * rule may send it through another host.
	 */
	#route(syn: LocalSyn): NextHop | 'refused' {
		const captured = firstVerdict(this.#hooks.values(), (h) => h.output?.(syn));
		if (captured)
			return captured.type === 'reject' ? 'refused' : { remote: syn.dst, hop: captured.via };
		const plan = chooseEndpoint(syn.tables, syn.dst, (n) => this.#pickRng.int(n));
		if (plan.type === 'reject') return 'refused';
		const endpoint: LocalSyn = { ...syn, dst: plan.dst };
		const routed = firstVerdict(this.#hooks.values(), (h) => h.postrouting?.(endpoint));
		if (routed?.type === 'reject') return 'refused';
		return routed ? { remote: plan.dst, hop: routed.via } : { remote: plan.dst };
	}

	deliver(segment: Segment): void {
		if (segment.type === 'connect') return this.#accept(segment);
		const { conn: id, dst: local } = segment;
		const pending = this.#pending.get(id, local);
		if (pending) {
			if (segment.type === 'accept') {
				this.#pending.delete(id, local);
				pending.cancelTimer();
				const conn = new Connection(
					this,
					segment.conn,
					pending.local,
					pending.remote,
					pending.route
				);
				this.#conns.set(id, local, conn);
				pending.resolve(conn);
			} else if (segment.type === 'reset') {
				this.#pending.delete(id, local);
				pending.cancelTimer();
				pending.resolve({ type: segment.reason === 'unreachable' ? 'unreachable' : 'refused' });
			}
			return;
		}
		const conn = this.#conns.get(id, local);
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
		this.#conns.get(segment.conn, segment.src)?.timedOut();
	}

	resetAll(): void {
		for (const conn of this.#conns.values()) conn.reset();
		const pending = this.#pending.values();
		this.#pending.clear();
		for (const p of pending) {
			p.cancelTimer();
			p.resolve({ type: 'unreachable' });
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
		if (this.#conns.has(segment.conn, segment.dst)) return; // duplicate SYN
		const conn = new Connection(this, segment.conn, segment.dst, segment.src, back);
		this.#conns.set(segment.conn, segment.dst, conn);
		this.emit(
			routed({ type: 'accept', conn: segment.conn, src: segment.dst, dst: segment.src }, back)
		);
		onAccept(conn);
	}

	/**
	 * A SYN for our own address goes to the port's listener, unless a prerouting rule redirects
	 * it to another local port first; a TPROXY rule may also hand a transparent stack a SYN for
	 * an address that is not ours. The socket's `local` stays the SYN's destination either way.
	 */
	#listenerFor(segment: Segment): ((s: Socket) => void) | undefined {
		const self = this.#opts.ip;
		if (isLoopback(segment.dst.ip)) return this.#listeners.get(segment.dst.port);
		const syn: ArrivingSyn = {
			self,
			src: segment.src,
			dst: segment.dst,
			...(segment.from !== undefined ? { from: segment.from } : {}),
			tables: this.#opts.tables()
		};
		const verdict = firstVerdict(this.#hooks.values(), (h) => {
			const v = h.prerouting?.(syn);
			return v?.type === 'tproxy' && !this.#opts.transparent ? undefined : v;
		});
		if (verdict) return this.#listeners.get(verdict.port);
		return segment.dst.ip === self ? this.#listeners.get(segment.dst.port) : undefined;
	}

	#ephemeralPort(): number {
		const port = this.#nextPort;
		this.#nextPort = port >= EPHEMERAL_LAST ? EPHEMERAL_FIRST : port + 1;
		return port;
	}
}

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
		sharesNamespace: (peer) => impl.sharesNamespace(peer),
		dnsProxy: () => impl.dnsProxy(),
		filtered: (segment) => impl.filtered(segment),
		awaiting: (segment) => impl.awaiting(segment),
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
