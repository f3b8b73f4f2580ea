/**
 * The hosts one worker runs: one (a worker per pod) or several (packed: pods of a node sharing
 * a worker). Each host keeps its own stack, clock and inbox (remote-host.ts), exactly as alone;
 * what packing changes is the link between two hosts of the same worker, which is a local-link.ts
 * pair instead of a MessageChannel. Terminating the worker ends every host in it, as killing a
 * process kills its threads; the main thread tells kubelet that each of them died.
 */
import { isLinkFault, parseLinkFault } from '../net/link-faults.ts';
import type { CaptureEntry } from '../net/capture.ts';
import type { NetfilterHook } from '../net/netfilter.ts';
import type { NetworkTables } from '../net/tables.ts';
import type { TrafficEvent } from '../telemetry/traffic.ts';
import type { HostId, IpAddr, NodeName, SimMillis } from '../types.ts';
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
import type { ProgramLookup } from './host-runner.ts';
import { localChannel, type LocalDelivery } from './local-link.ts';
import { applyTablesDelta, type TablesDelta } from './tables-delta.ts';
import type { LinkGrant, PortLike } from './peer-links.ts';
import type { ForwardResult } from './port-forward.ts';
import { createRemoteHost, type HostActivity, type RemoteHostApi } from './remote-host.ts';
import type { TimerGrant, WallTimer } from './lamport-clock.ts';

/**
 * The main thread's answer to "a channel to whoever owns `ip`": a grant, `'peer'` (the peer
 * asked first: its port arrives through `addLink`), `'local'` (the owner runs in this same
 * worker: link here, no channel), or null (nobody has the address).
 */
export type LinkAnswer = LinkGrant | 'peer' | 'local' | null;

export interface WorkerHostsDeps {
	readonly programFor: ProgramLookup;
	/**
	 * The node's CNI plugin chain: the netfilter hooks each pod's network gets when its sandbox
	 * is created (istio-cni's in-pod redirection). Empty: pods get plain networking.
	 */
	readonly cniChain?: readonly NetfilterHook[];

	readonly wallTimer: WallTimer;
	/** The worker's WebCrypto (the mesh never reaches for a global one). */
	readonly crypto: Crypto;
	/** Same-worker deliveries, one task later (the edge wakes it). */
	readonly delivery: LocalDelivery;
}

/** What a host leaves behind as it stops: its last capture entries and traffic events. */
export interface StoppedHost {
	readonly capture: CaptureEntry[];
	readonly traffic: TrafficEvent[];
}

interface Entry {
	readonly spec: HostSpec;
	readonly host: RemoteHostApi;
	/** Addresses of the siblings this host has a local link with. */
	readonly locals: Set<string>;
}

/**
 * The control API of a pod worker: per-host calls name the host; network tables, link faults,
 * pause, capture and traffic are the worker's (one call for all its hosts).
 */
export class WorkerHosts {
	readonly #byId = new Map<HostId, Entry>();
	readonly #byIp = new Map<string, Entry>();
	/** Hosts the main thread placed here whose `init` has not arrived yet, by address. */
	readonly #arriving = new Map<string, ((e: Entry) => void)[]>();
	#tables: NetworkTables | undefined;
	#faults: readonly unknown[] = [];
	#paused = false;
	/** Told once when a host records something after the last `drainJournal` (`watchJournal`). */
	#onJournal: (() => void) | undefined;
	#told = false;
	/** Segments posted and delivered by hosts that stopped here (`activity`'s sums keep them). */
	readonly #gone = { posted: 0, delivered: 0 };

	constructor(private readonly deps: WorkerHostsDeps) {}

	/** Creates a host here; a later host is told the worker's tables, faults and pause. */
	init(
		spec: HostSpec,
		requestLink: (ip: string) => Promise<LinkAnswer>,
		timeScale: number,
		onExit?: ExitListener,
		capture?: (since: number, wait: boolean) => Promise<CaptureSince>,
		localForward?: HostServices['localForward'],
		grant?: TimerGrant
	): void {
		this.stop(spec.id);
		const host = createRemoteHost(spec, {
			programFor: this.deps.programFor,
			...(this.deps.cniChain ? { cniChain: this.deps.cniChain } : {}),
			wallTimer: this.deps.wallTimer,
			requestLink: (ip) => this.#requestLink(entry, requestLink, ip),
			timeScale,
			crypto: this.deps.crypto,
			onRecord: () => this.#recorded(),
			...(onExit ? { onExit } : {}),
			...(capture ? { capture } : {}),
			...(localForward ? { localForward } : {}),
			...(grant ? { grant } : {})
		});
		const entry: Entry = { spec, host, locals: new Set() };
		if (this.#tables) host.setNetwork(this.#tables);
		if (this.#faults.length > 0) host.testOnlyLinkFaults(this.#faults);
		if (this.#paused) host.pause();
		this.#byId.set(spec.id, entry);
		// A host-network pod shares its node's address: never a destination by address.
		if (spec.hostNetwork === true) return;
		this.#byIp.set(spec.ip, entry);
		for (const resolve of this.#arriving.get(spec.ip) ?? []) resolve(entry);
		this.#arriving.delete(spec.ip);
	}

	start(id: HostId, at: SimMillis): Promise<HostStartResult> {
		return this.#get(id).host.start(at);
	}

	exec(
		id: HostId,
		container: string,
		argv: string[],
		stdin: string,
		at: SimMillis
	): Promise<ExecResult> {
		return this.#get(id).host.exec(container, argv, stdin, at);
	}

	runEphemeral(id: HostId, container: EphemeralSpec, at: SimMillis): Promise<EphemeralResult> {
		return this.#get(id).host.runEphemeral(container, at);
	}

	logs(id: HostId, container: string): string[] {
		return this.#get(id).host.logs(container);
	}

	portForward(
		id: HostId,
		port: number,
		request: Uint8Array,
		at: SimMillis,
		node?: IpAddr
	): Promise<ForwardResult> {
		return this.#get(id).host.portForward(port, request, at, node);
	}

	control(id: HostId, container: string, message: unknown, at: SimMillis): Promise<unknown> {
		return this.#get(id).host.control(container, message, at);
	}

	/** A peer's end of a fresh channel to host `id` (the peer, in another worker, asked). */
	addLink(id: HostId, ip: string, node: NodeName, port: PortLike): void {
		this.#get(id).host.addLink(ip, node, port);
	}

	/** The peer at `ip` (in another worker) is gone. */
	dropLink(id: HostId, ip: string): void {
		this.#byId.get(id)?.host.dropLink(ip);
	}

	/** Stops host `id` (its siblings forget their local links to it) and hands back its leftovers. */
	stop(id: HostId): StoppedHost {
		const e = this.#byId.get(id);
		if (!e) return { capture: [], traffic: [] };
		e.host.stop();
		const left: HostActivity = { posted: 0, delivered: 0, busy: 0, soon: 0, earliest: Infinity };
		e.host.activity(left);
		this.#gone.posted += left.posted;
		this.#gone.delivered += left.delivered;
		this.#byId.delete(id);
		if (this.#byIp.get(e.spec.ip) === e) this.#byIp.delete(e.spec.ip);
		for (const ip of e.locals) {
			const sibling = this.#byIp.get(ip);
			if (sibling?.locals.delete(e.spec.ip)) sibling.host.dropLink(e.spec.ip);
		}
		return { capture: e.host.drainCapture(), traffic: e.host.drainTraffic() };
	}

	setNetwork(tables: NetworkTables): void {
		if (this.#tables && tables.version < this.#tables.version) return;
		this.#tables = tables;
		for (const e of this.#byId.values()) e.host.setNetwork(tables);
	}

	/**
	 * What changed since the tables this worker holds (tables-delta.ts). False when the delta was
	 * made for other tables than these (this worker started after it was made): the caller then
	 * sends them whole. An old delta this worker is already past is ignored.
	 */
	updateNetwork(delta: TablesDelta): boolean {
		const held = this.#tables;
		if (held && delta.version <= held.version) return true;
		const next = held ? applyTablesDelta(held, delta) : undefined;
		if (!next) return false;
		this.setNetwork(next);
		return true;
	}

	/** Every host's clock catches up to the caller's; resolves to the latest host time. */
	async observe(at: SimMillis): Promise<SimMillis> {
		const times = await Promise.all([...this.#byId.values()].map((e) => e.host.observe(at)));
		return times.reduce((a, b) => (b > a ? b : a), at);
	}

	/**
	 * `notify` is called once when a host of this worker records a capture entry or traffic
	 * event, and not again until `drainJournal`: the main thread then gathers from this worker
	 * alone, and from none while nothing happens.
	 */
	watchJournal(notify: () => void): void {
		this.#onJournal = notify;
		this.#told = false;
	}

	/** Both journals of every host here, drained; the next record is told again. */
	drainJournal(): StoppedHost {
		this.#told = false;
		return { capture: this.drainCapture(), traffic: this.drainTraffic() };
	}

	#recorded(): void {
		if (this.#told || !this.#onJournal) return;
		this.#told = true;
		this.#onJournal();
	}

	drainCapture(): CaptureEntry[] {
		return [...this.#byId.values()].flatMap((e) => e.host.drainCapture());
	}

	drainTraffic(): TrafficEvent[] {
		return [...this.#byId.values()].flatMap((e) => e.host.drainTraffic());
	}

	/** What this worker's hosts are doing (the main thread's time gate asks). */
	activity(): HostActivity {
		const into: HostActivity = { posted: 0, delivered: 0, busy: 0, soon: 0, earliest: Infinity };
		for (const e of this.#byId.values()) e.host.activity(into);
		// Counts of stopped hosts stay in the sums: a worker's totals never go back.
		into.posted += this.#gone.posted;
		into.delivered += this.#gone.delivered;
		return into;
	}

	protocolErrors(): number {
		let n = 0;
		for (const e of this.#byId.values()) n += e.host.protocolErrors();
		return n;
	}

	/** TEST ONLY: see RemoteHostApi.testOnlyLinkFaults. */
	testOnlyLinkFaults(faults: readonly unknown[]): string | undefined {
		const bad = faults.map(parseLinkFault).find((f) => !isLinkFault(f));
		if (typeof bad === 'string') return bad;
		this.#faults = faults;
		for (const e of this.#byId.values()) e.host.testOnlyLinkFaults(faults);
		return undefined;
	}

	pause(): void {
		this.#paused = true;
		for (const e of this.#byId.values()) e.host.pause();
	}

	resume(): void {
		this.#paused = false;
		for (const e of this.#byId.values()) e.host.resume();
	}

	#get(id: HostId): Entry {
		const e = this.#byId.get(id);
		if (!e) throw new Error(`host ${id} is not in this worker`);
		return e;
	}

	/** A sibling here gets a local link at once; anyone else is the main thread's to link. */
	async #requestLink(
		from: Entry,
		requestLink: (ip: string) => Promise<LinkAnswer>,
		ip: string
	): Promise<LinkGrant | 'peer' | null> {
		const sibling = this.#byIp.get(ip);
		if (sibling) return this.#linkLocally(from, sibling);
		const answer = await requestLink(ip);
		if (answer !== 'local') return answer;
		// Placed here by the main thread, its `init` still on the way.
		const arrived =
			this.#byIp.get(ip) ??
			(await new Promise<Entry>((resolve) =>
				this.#arriving.set(ip, [...(this.#arriving.get(ip) ?? []), resolve])
			));
		return this.#byId.get(from.spec.id) === from ? this.#linkLocally(from, arrived) : null;
	}

	#linkLocally(from: Entry, to: Entry): LinkGrant | 'peer' {
		// The sibling linked first: its `addLink` already gave `from` its end.
		if (from.locals.has(to.spec.ip)) return 'peer';
		const [mine, theirs] = localChannel(this.deps.delivery);
		from.locals.add(to.spec.ip);
		to.locals.add(from.spec.ip);
		to.host.addLink(from.spec.ip, from.spec.node, theirs);
		return { port: mine, node: to.spec.node };
	}
}
