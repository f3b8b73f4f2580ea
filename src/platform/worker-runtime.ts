/**
 * The worker runtime: pod hosts in dedicated workers (Web Workers in the browser,
 * worker_threads in Node): a worker per pod, or, packed (worker-packing.ts), several pods of a
 * node per worker. Control calls go through comlink; data between workers goes through one
 * MessageChannel per pair of hosts, created here and handed out, so this thread is never on
 * the data path; two hosts of one worker link inside it (src/mesh/runtime/worker-hosts.ts).
 * Sim time on this side is the time gate's (time-gate.ts): fed by every result a host returns,
 * moved by `advance` and the cluster's timers; hosts' long timers wait at the gate.
 */
import { proxy, transfer } from 'comlink';
import { CaptureJournal, type CaptureEntry } from '../mesh/net/capture.ts';
import { TrafficJournal } from '../mesh/telemetry/traffic.ts';
import { EMPTY_TABLES, type NetworkTables } from '../mesh/net/tables.ts';
import { diffTables } from '../mesh/runtime/tables-delta.ts';
import type { LinkFault } from '../mesh/net/link-faults.ts';
import type {
	EphemeralResult,
	ContainerExit,
	ExecResult,
	ExitListener,
	HostServices,
	HostSpec,
	HostStartResult
} from '../mesh/runtime/host.ts';
import type { HeartbeatOptions } from './worker-liveness.ts';
import type { HostActivity, PortLike } from '../mesh/runtime/remote-host.ts';
import type { LinkAnswer } from '../mesh/runtime/worker-hosts.ts';
import type { ForwardResult } from '../mesh/runtime/port-forward.ts';
import type { Runtime } from '../mesh/runtime/runtime.ts';
import type { Pausing } from '../mesh/runtime/stepping.ts';
import { ms, type HostId, type NodeName, type SimMillis } from '../mesh/types.ts';
import { PodWorkers, type PodWorker, type SpawnedWorker } from './pod-workers.ts';
import { TimeGate } from './time-gate.ts';
import { DockerRelay } from './docker-relay.ts';
import type { DockerBridge } from '../mesh/net/docker-bridge.ts';
import type { PackingOptions } from './worker-packing.ts';

export type { SpawnedWorker } from './pod-workers.ts';

/** How often a waiting capture reader (tcpdump in a pod) gathers the workers' entries, wall ms. */
const CAPTURE_WAIT_MS = 100;

export interface WorkerRuntimeOptions {
	/** Starts one pod worker (browser: `new Worker(new URL(…))`; Node: worker_threads). */
	readonly spawn: () => SpawnedWorker;
	/** Wall milliseconds per sim millisecond for timers and `sleep` (1 in a browser). */
	readonly timeScale: number;
	readonly wait: (wallMs: number) => Promise<void>;
	/** Wall time now, in milliseconds (`performance.now` when absent). */
	readonly wallNow?: () => number;
	/** How dead workers are found (worker-liveness.ts); DEFAULT_HEARTBEAT when absent. */
	readonly heartbeat?: HeartbeatOptions;
	/** A wait that does not keep a Node process alive (heartbeats); `wait` when absent. */
	readonly backgroundWait?: (wallMs: number) => Promise<void>;
	/** Which hosts share a worker (worker-packing.ts); a worker per pod up to 64 by default. */
	readonly packing?: PackingOptions;
}

/**
 * Pausing holds every worker's clock and inbox (the workers stay, idle): unlike the in-process
 * runtime it cannot step, since no one thread holds the whole network (stepping.ts).
 */
export interface WorkerRuntime extends Runtime, Pausing {
	readonly kind: 'workers';
	/** Segments the hosts rejected as malformed (should stay 0). */
	protocolErrors(): Promise<number>;
	/** Live pod workers (a packed worker runs several hosts). */
	workerCount(): number;
	/**
	 * How many times capture or traffic was gathered from workers: the page's views ask only
	 * while one is on screen, and then only workers that recorded something; a test counts here.
	 */
	journalGathers(): number;
	/**
	 * TEST ONLY: fault injection at the runtime seam (nothing in the shell or UI reaches this).
	 * `terminateWorker` ends a host's worker as a crash would, and with it every host packed in
	 * it; the heartbeat must find it. `link` drops or delays segments on every link, in every
	 * worker (and those started later), until the function it resolves to removes it.
	 */
	readonly testOnlyFaults: {
		terminateWorker(id: HostId): Promise<boolean>;
		link(fault: LinkFault): Promise<() => Promise<void>>;
	};
}

/**
 * What the workers of each runtime on one docker bridge are doing: every member's time gate
 * reads them all, as a segment posted in one cluster is delivered in the other.
 */
const bridgeActivity = new WeakMap<DockerBridge, (() => Promise<HostActivity>)[]>();

/** A killed process's exit code (128 + SIGKILL), as kubelet reports it. */
const KILLED = 137;

interface WorkerHost {
	readonly spec: HostSpec;
	readonly worker: PodWorker;
	/** Peers in other workers this host already has a channel to. */
	readonly peers: Set<string>;
	/** Set once `start` returned ready: later deaths go to `onExit`. */
	started: boolean;
	readonly onExit: ExitListener | undefined;
}

export function createWorkerRuntime(options: WorkerRuntimeOptions): WorkerRuntime {
	const clock = new TimeGate({
		scale: options.timeScale,
		wallNow: options.wallNow ?? (() => performance.now()),
		wait: options.wait,
		async poll() {
			const own = await activity();
			if (!sharedActivity) return own;
			// Segments in flight between clusters count in both (posted in one, delivered in the
			// other); timers stay each cluster's own, as its gate grants them.
			const others = await Promise.all(
				sharedActivity.filter((a) => a !== activity).map((a) => a())
			);
			for (const o of others) {
				own.posted += o.posted;
				own.delivered += o.delivered;
				own.busy += o.busy;
			}
			return own;
		}
	});
	/** This runtime's workers' activity, summed. */
	async function activity(): Promise<HostActivity> {
		const all = await everyWorker(
			(w) => w.api.activity(),
			() => ({ posted: 0, delivered: 0, busy: 0, soon: 0, earliest: Infinity })
		);
		const sum: HostActivity = { posted: 0, delivered: 0, busy: 0, soon: 0, earliest: Infinity };
		for (const a of all) {
			sum.posted += a.posted;
			sum.delivered += a.delivered;
			sum.busy += a.busy;
			sum.soon += a.soon;
			sum.earliest = Math.min(sum.earliest, a.earliest);
		}
		return sum;
	}
	/** Every bridge member's `activity`, once this runtime joined kind's docker network. */
	let sharedActivity: (() => Promise<HostActivity>)[] | undefined;
	let relay: DockerRelay | undefined;
	let paused = false;
	let disposed = false;
	let tables: NetworkTables | undefined;
	/** Rounds that asked workers for their capture or traffic (`journalGathers`). */
	let gathers = 0;
	/** Workers that told of new records since their last `drainJournal`. */
	const told = new Set<PodWorker>();
	const hosts = new Map<HostId, WorkerHost>();
	const byIp = new Map<string, WorkerHost>();
	const journal = new CaptureJournal();
	const trafficJournal = new TrafficJournal();
	const linkFaults: LinkFault[] = [];
	const workers = new PodWorkers({
		spawn: options.spawn,
		wait: options.backgroundWait ?? options.wait,
		...(options.heartbeat ? { heartbeat: options.heartbeat } : {}),
		...(options.packing ? { packing: options.packing } : {}),
		// Posted before any `init`: a worker's port delivers in order.
		prepare(worker) {
			// One notice per batch of records, so a display gathers only from workers with news.
			void worker.api.watchJournal(proxy(() => void told.add(worker)));
			if (tables) void worker.api.setNetwork(tables);
			if (linkFaults.length > 0) void worker.api.testOnlyLinkFaults(linkFaults);
			if (paused) void worker.api.pause();
		},
		onDied(worker, reason) {
			for (const id of worker.hosts) {
				const host = hosts.get(id);
				if (host?.worker === worker) died(host, reason);
			}
		}
	});
	const live = (): readonly PodWorker[] => workers.live;
	const everyWorker = <T>(call: (w: PodWorker) => Promise<T>, fallback: () => T): Promise<T[]> =>
		Promise.all(workers.live.map((w) => alive(w, call(w), fallback)));
	const pushLinkFaults = async (): Promise<void> => {
		await everyWorker(
			(w) => w.api.testOnlyLinkFaults(linkFaults),
			() => undefined
		);
	};

	const observe = (at: SimMillis): void => clock.observe(at);
	const now = (): SimMillis => ms(clock.now());
	/** A host's long timer fires once the cluster's time has reached it. */
	const grant = (deadline: SimMillis): Promise<void> => clock.grant(deadline);
	/** Time runs on (the gate's) while `work` is pending: a command in a pod waits for it. */
	const demanding = async <T>(work: Promise<T>): Promise<T> => {
		const end = clock.begin();
		try {
			return await work;
		} finally {
			end();
		}
	};

	/** A host asked for a channel to `ip`: create it, give one end to each side. */
	function link(from: WorkerHost, ip: string): LinkAnswer {
		const to = byIp.get(ip);
		if (!to && relay && hosts.has(from.spec.id)) return relay.link(relayHost(from), ip);
		if (!to || !hosts.has(from.spec.id)) return null;
		if (to.worker === from.worker) return 'local';
		if (from.peers.has(ip)) return 'peer';
		const channel = new MessageChannel();
		from.peers.add(ip);
		to.peers.add(from.spec.ip);
		void to.worker.api.addLink(
			to.spec.id,
			from.spec.ip,
			from.spec.node,
			transfer(channel.port2 as unknown as PortLike, [channel.port2])
		);
		return transfer({ port: channel.port1 as unknown as PortLike, node: to.spec.node }, [
			channel.port1
		]);
	}

	function relayHost(host: WorkerHost) {
		return {
			id: host.spec.id,
			node: host.spec.node,
			addLink: (peer: string, node: NodeName, port: PortLike) =>
				void alive(host.worker, host.worker.api.addLink(host.spec.id, peer, node, port), () => {})
		};
	}

	async function collectCapture(): Promise<void> {
		const batches = await everyWorker(
			(w) => w.api.drainCapture(),
			() => []
		);
		const entries = batches.flat().sort((a, b) => a.sent - b.sent || a.at - b.at);
		for (const e of entries) journal.record(e);
	}

	/**
	 * HostContext.capture for a host's program: the journal after `since`; with `wait`, gathered
	 * again every CAPTURE_WAIT_MS of wall time until an entry arrives or the host is gone.
	 */
	async function captureFor(
		host: WorkerHost,
		since: number,
		wait: boolean
	): Promise<{ entries: CaptureEntry[]; next: number }> {
		for (;;) {
			await collectCapture();
			const got = journal.since(since);
			if (!wait || got.entries.length > 0 || disposed || hosts.get(host.spec.id) !== host)
				return got;
			await (options.backgroundWait ?? options.wait)(CAPTURE_WAIT_MS);
		}
	}

	async function collectTraffic(): Promise<void> {
		const batches = await everyWorker(
			(w) => w.api.drainTraffic(),
			() => []
		);
		const events = batches.flat().sort((a, b) => a.end - b.end);
		for (const e of events) trafficJournal.record(e);
	}

	/** Both journals of the workers that told of new records; none asked when none told. */
	async function collectTold(): Promise<void> {
		const workers = [...told].filter((w) => !w.liveness.dead);
		told.clear();
		if (workers.length === 0) return;
		gathers++;
		const batches = await Promise.all(
			workers.map((w) => alive(w, w.api.drainJournal(), () => ({ capture: [], traffic: [] })))
		);
		const entries = batches
			.flatMap((b) => b.capture)
			.sort((a, b) => a.sent - b.sent || a.at - b.at);
		for (const e of entries) journal.record(e);
		const events = batches.flatMap((b) => b.traffic).sort((a, b) => a.end - b.end);
		for (const e of events) trafficJournal.record(e);
	}

	/**
	 * A call to a worker, or `fallback` once the worker is found dead or is retired (its calls
	 * never return): `kubectl logs` racing kubelet's restart of a crash-looping pod, whose worker
	 * was terminated mid-call, hung (worker-faults.test.ts, a clean-clone CI under load).
	 */
	function alive<T>(worker: PodWorker, call: Promise<T>, fallback: () => T): Promise<T> {
		return Promise.race([call, worker.gone.then(fallback)]);
	}

	/** Every peer in another worker forgets a gone host's channel. */
	async function forgetPeer(host: WorkerHost): Promise<void> {
		await Promise.all(
			[...hosts.values()]
				.filter((h) => !h.worker.liveness.dead && h.peers.delete(host.spec.ip))
				.map((h) => alive(h.worker, h.worker.api.dropLink(h.spec.id, host.spec.ip), () => {}))
		);
	}

	/**
	 * A worker died under a running host: its peers' channels to it go (their segments to its
	 * address now go nowhere, as to a dead process's host), and kubelet hears that the main
	 * container was killed.
	 */
	function died(host: WorkerHost, reason: string): void {
		void forgetPeer(host);
		if (!host.started || hosts.get(host.spec.id) !== host) return;
		host.onExit?.({
			container: host.spec.containers[0]?.name ?? '',
			exitCode: KILLED,
			message: `pod worker died: ${reason}`,
			at: now()
		});
	}

	async function startHost(
		spec: HostSpec,
		onExit?: ExitListener,
		services?: HostServices
	): Promise<HostStartResult> {
		const at = now();
		const worker = workers.place(spec, hosts.size);
		const host: WorkerHost = { spec, worker, peers: new Set(), started: false, onExit };
		hosts.set(spec.id, host);
		// A host-network pod shares its node's address: never a destination by address.
		if (spec.hostNetwork !== true) byIp.set(spec.ip, host);
		const crashed = (): HostStartResult => ({
			type: 'crash',
			container: spec.containers[0]?.name ?? '',
			message: worker.liveness.dead ? 'worker died' : 'worker stopped',
			exitCode: KILLED
		});
		// The wait ends when the start does or the worker is found dead, whichever comes first.
		const result = await demanding(
			alive(
				worker,
				(async (): Promise<HostStartResult> => {
					await worker.api.init(
						spec,
						proxy(async (ip: string) => link(host, ip)),
						options.timeScale,
						proxy((exit: ContainerExit) => {
							if (!worker.liveness.dead) onExit?.(exit);
						}),
						// tcpdump in a pod reads the journal the main thread gathers from every worker.
						proxy((since: number, wait: boolean) => captureFor(host, since, wait)),
						services?.localForward ? proxy(services.localForward) : undefined,
						proxy(grant)
					);
					return worker.api.start(spec.id, at);
				})(),
				crashed
			)
		);
		if (result.type === 'ready') {
			observe(result.at);
			host.started = true;
		}
		return result;
	}

	async function stopHost(id: HostId): Promise<void> {
		const host = hosts.get(id);
		if (!host) return;
		hosts.delete(id);
		const { worker } = host;
		if (!worker.liveness.dead) {
			const left = await alive(worker, worker.api.stop(id), () => ({ capture: [], traffic: [] }));
			for (const e of left.capture) journal.record(e);
			for (const e of left.traffic) trafficJournal.record(e);
		}
		if (byIp.get(host.spec.ip) === host) byIp.delete(host.spec.ip);
		relay?.forget(id);
		await forgetPeer(host);
		await workers.release(worker, id);
	}

	/** The host's worker, or what a gone host answers. */
	function call<T>(
		id: HostId,
		gone: T,
		run: (h: WorkerHost) => Promise<T>,
		dead: () => T
	): Promise<T> {
		const host = hosts.get(id);
		return host ? alive(host.worker, run(host), dead) : Promise.resolve(gone);
	}

	const runtime: WorkerRuntime = {
		kind: 'workers',
		now,
		settle: () => clock.settle(),
		yieldToHost: () => options.wait(0),
		async advance(delay) {
			// To the target, never past it: the cluster's timers that fired meanwhile moved the
			// clock to their own deadlines, which are on the way.
			const target = now() + delay;
			const end = clock.begin(target);
			try {
				await options.wait(delay * options.timeScale);
			} finally {
				end();
			}
			await clock.advanceTo(target);
			const at = now();
			await everyWorker(
				(w) => w.api.observe(at),
				() => at
			);
		},
		startHost,
		async restartHost(spec, onExit) {
			await stopHost(spec.id);
			return startHost(spec, onExit);
		},
		after(delay, fn) {
			return clock.after(delay, () => {
				if (!disposed) fn();
			});
		},
		stopHost,
		joinDockerNetwork(bridge, nodes) {
			const members = bridgeActivity.get(bridge) ?? [];
			members.push(activity);
			bridgeActivity.set(bridge, members);
			sharedActivity = members;
			relay = new DockerRelay(
				bridge.attach({
					nodes,
					tables: () => tables ?? EMPTY_TABLES,
					deliver(segment) {
						const host = byIp.get(segment.hop ?? segment.dst.ip);
						if (host) relay?.deliver(relayHost(host), segment);
					}
				})
			);
		},
		setNetwork(next) {
			const prev = tables;
			tables = next;
			// What changed goes to each worker (one clone of a few entries, not of every table);
			// a worker that holds other tables (spawned meanwhile) is sent them whole.
			const delta = prev && prev.version < next.version ? diffTables(prev, next) : undefined;
			for (const w of live()) {
				if (!delta) {
					void w.api.setNetwork(next);
					continue;
				}
				void alive(w, w.api.updateNetwork(delta), () => true).then((applied) => {
					if (!applied && tables && !w.liveness.dead) void w.api.setNetwork(tables);
				});
			}
		},
		async exec(id, container, argv, stdin): Promise<ExecResult> {
			const result = await demanding(
				call<ExecResult>(
					id,
					{ stdout: '', stderr: `host ${id} is not running\n`, exitCode: 1, finishedAt: now() },
					(h) => h.worker.api.exec(id, container, [...argv], stdin, now()),
					() => ({ stdout: '', stderr: '', exitCode: KILLED, finishedAt: now() })
				)
			);
			await clock.advanceTo(result.finishedAt);
			return result;
		},
		async runEphemeral(id, container) {
			const gone: EphemeralResult = { type: 'no-host' };
			// No demand, as in-process: its command may run forever (tcpdump); whoever waits for it
			// (kubectl debug attached) moves time on.
			const result = await call<EphemeralResult>(
				id,
				gone,
				(h) => h.worker.api.runEphemeral(id, container, now()),
				() => gone
			);
			if (result.type === 'terminated') await clock.advanceTo(result.finishedAt);
			return result;
		},
		portForward(id, port, request, node) {
			const refused = (): ForwardResult => ({ type: 'refused' });
			return demanding(
				call(
					id,
					refused(),
					(h) => h.worker.api.portForward(id, port, request, now(), node),
					refused
				)
			);
		},
		logs: (id, container) =>
			call(
				id,
				[],
				(h) => h.worker.api.logs(id, container),
				() => []
			),
		control: (id, container, message) =>
			demanding(
				call<unknown>(
					id,
					undefined,
					(h) => h.worker.api.control(id, container, message, now()),
					() => undefined
				)
			),
		async capture(since) {
			gathers++;
			await collectCapture();
			return journal.since(since);
		},
		async traffic(since) {
			gathers++;
			await collectTraffic();
			return trafficJournal.since(since);
		},
		async recent(captureSince, trafficSince) {
			await collectTold();
			return { capture: journal.since(captureSince), traffic: trafficJournal.since(trafficSince) };
		},
		journalGathers: () => gathers,
		get paused() {
			return paused;
		},
		pause() {
			paused = true;
			for (const w of live()) void w.api.pause();
		},
		resume() {
			if (!paused) return;
			paused = false;
			for (const w of live()) void w.api.resume();
		},
		async protocolErrors() {
			const counts = await everyWorker(
				(w) => w.api.protocolErrors(),
				() => 0
			);
			return counts.reduce((a, b) => a + b, 0);
		},
		workerCount: () => workers.live.length,
		testOnlyFaults: {
			async terminateWorker(id) {
				const host = hosts.get(id);
				if (!host) return false;
				await host.worker.spawned.terminate();
				return true;
			},
			async link(fault) {
				linkFaults.push(fault);
				await pushLinkFaults();
				return async () => {
					const i = linkFaults.indexOf(fault);
					if (i !== -1) linkFaults.splice(i, 1);
					await pushLinkFaults();
				};
			}
		},
		async dispose() {
			disposed = true;
			relay?.closeAll();
			clock.dispose();
			await workers.dispose();
			hosts.clear();
			byIp.clear();
		}
	};
	return runtime;
}
