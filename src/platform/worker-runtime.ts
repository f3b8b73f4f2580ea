/**
 * The worker runtime: each pod host in its own dedicated worker (Web Worker in the browser,
 * worker_threads in Node). Control calls go through comlink; data goes through one
 * MessageChannel per pair of hosts, created here and handed out, so this thread is never on the
 * data path. Sim time on this side is a Lamport clock fed by every result a host returns.
 */
import { proxy, releaseProxy, transfer, wrap, type Endpoint, type Remote } from 'comlink';
import { CaptureJournal } from '../mesh/net/capture.ts';
import { TrafficJournal } from '../mesh/telemetry/traffic.ts';
import type { NetworkTables } from '../mesh/net/tables.ts';
import type { LinkFault } from '../mesh/net/link-faults.ts';
import type {
	ContainerExit,
	ExecResult,
	ExitListener,
	HostSpec,
	HostStartResult
} from '../mesh/runtime/host.ts';
import {
	DEFAULT_HEARTBEAT,
	watchWorker,
	type HeartbeatOptions,
	type Liveness
} from './worker-liveness.ts';
import type { LinkGrant, PortLike } from '../mesh/runtime/remote-host.ts';
import type { ForwardResult } from '../mesh/runtime/port-forward.ts';
import type { Runtime } from '../mesh/runtime/runtime.ts';
import type { Pausing } from '../mesh/runtime/stepping.ts';
import { ms, type HostId, type SimMillis } from '../mesh/types.ts';
import type { PodWorkerApi } from '../../workers/host-api.ts';

export interface SpawnedWorker {
	readonly endpoint: Endpoint;
	terminate(): void | Promise<unknown>;
	/** Hears of the worker ending on its own (Node's `exit`, a browser Worker's `error`). */
	onExit?(listener: (reason: string) => void): void;
}

export interface WorkerRuntimeOptions {
	/** Starts one pod worker (browser: `new Worker(new URL(…))`; Node: worker_threads). */
	readonly spawn: () => SpawnedWorker;
	/** Wall milliseconds per sim millisecond for timers and `sleep` (1 in a browser). */
	readonly timeScale: number;
	readonly wait: (wallMs: number) => Promise<void>;
	/** How dead workers are found (worker-liveness.ts); DEFAULT_HEARTBEAT when absent. */
	readonly heartbeat?: HeartbeatOptions;
	/** A wait that does not keep a Node process alive (heartbeats); `wait` when absent. */
	readonly backgroundWait?: (wallMs: number) => Promise<void>;
}

/**
 * Pausing holds every worker's clock and inbox (the workers stay, idle): unlike the in-process
 * runtime it cannot step, since no one thread holds the whole network (stepping.ts).
 */
export interface WorkerRuntime extends Runtime, Pausing {
	readonly kind: 'workers';
	/** Segments the hosts rejected as malformed (should stay 0). */
	protocolErrors(): Promise<number>;
	/**
	 * TEST ONLY: fault injection at the runtime seam (nothing in the shell or UI reaches this).
	 * `terminateWorker` ends a host's worker as a crash would; the heartbeat must find it.
	 * `link` drops or delays segments on every link, in every worker (and those started later),
	 * until the function it resolves to removes it.
	 */
	readonly testOnlyFaults: {
		terminateWorker(id: HostId): Promise<boolean>;
		link(fault: LinkFault): Promise<() => Promise<void>>;
	};
}

/** A killed process's exit code (128 + SIGKILL), as kubelet reports it. */
const KILLED = 137;

interface WorkerHost {
	readonly spec: HostSpec;
	readonly worker: SpawnedWorker;
	readonly api: Remote<PodWorkerApi>;
	/** Peers this host already has a channel to. */
	readonly peers: Set<string>;
	readonly liveness: Liveness;
	/** Set once `start` returned ready: later deaths go to `onExit`. */
	started: boolean;
	readonly onExit: ExitListener | undefined;
}

export function createWorkerRuntime(options: WorkerRuntimeOptions): WorkerRuntime {
	let now = 0;
	let paused = false;
	let disposed = false;
	let tables: NetworkTables | undefined;
	const hosts = new Map<HostId, WorkerHost>();
	const byIp = new Map<string, WorkerHost>();
	const journal = new CaptureJournal();
	const trafficJournal = new TrafficJournal();
	const linkFaults: LinkFault[] = [];
	const pushLinkFaults = async (): Promise<void> => {
		await Promise.all(
			live().map((h) => alive(h, h.api.testOnlyLinkFaults(linkFaults), () => undefined))
		);
	};

	const observe = (at: SimMillis): void => {
		if (at > now) now = at;
	};

	/** A host asked for a channel to `ip`: create it, give one end to each side. */
	function link(from: WorkerHost, ip: string): LinkGrant | 'peer' | null {
		const to = byIp.get(ip);
		if (!to || !hosts.has(from.spec.id)) return null;
		if (from.peers.has(ip)) return 'peer';
		const channel = new MessageChannel();
		from.peers.add(ip);
		to.peers.add(from.spec.ip);
		void to.api.addLink(
			from.spec.ip,
			from.spec.node,
			transfer(channel.port2 as unknown as PortLike, [channel.port2])
		);
		return transfer({ port: channel.port1 as unknown as PortLike, node: to.spec.node }, [
			channel.port1
		]);
	}

	async function collectCapture(): Promise<void> {
		const batches = await Promise.all(live().map((h) => alive(h, h.api.drainCapture(), () => [])));
		const entries = batches.flat().sort((a, b) => a.sent - b.sent || a.at - b.at);
		for (const e of entries) journal.record(e);
	}

	async function collectTraffic(): Promise<void> {
		const batches = await Promise.all(live().map((h) => alive(h, h.api.drainTraffic(), () => [])));
		const events = batches.flat().sort((a, b) => a.end - b.end);
		for (const e of events) trafficJournal.record(e);
	}

	const live = (): WorkerHost[] => [...hosts.values()].filter((h) => !h.liveness.dead);

	/** A call to a worker, or `fallback` once the worker is found dead (its calls never return). */
	function alive<T>(host: WorkerHost, call: Promise<T>, fallback: () => T): Promise<T> {
		return Promise.race([call, host.liveness.died.then(fallback)]);
	}

	/** Every peer forgets a gone host's channel. */
	async function forgetPeer(host: WorkerHost): Promise<void> {
		await Promise.all(
			live()
				.filter((h) => h.peers.delete(host.spec.ip))
				.map((h) => alive(h, h.api.dropLink(host.spec.ip), () => undefined))
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
			at: ms(now)
		});
	}

	const runtime: WorkerRuntime = {
		kind: 'workers',
		now: () => ms(now),
		settle: () => Promise.resolve(),
		yieldToHost: () => options.wait(0),
		async advance(delay) {
			await options.wait(delay * options.timeScale);
			now += delay;
			await Promise.all(live().map((h) => alive(h, h.api.observe(ms(now)), () => ms(now))));
		},
		async startHost(spec, onExit): Promise<HostStartResult> {
			const at = ms(now);
			const worker = options.spawn();
			const api = wrap<PodWorkerApi>(worker.endpoint);
			const liveness = watchWorker(
				// A read without side effects: a ping must not move the host's clock.
				() => api.protocolErrors(),
				options.backgroundWait ?? options.wait,
				options.heartbeat ?? DEFAULT_HEARTBEAT
			);
			const host: WorkerHost = {
				spec,
				worker,
				api,
				peers: new Set(),
				liveness,
				started: false,
				onExit
			};
			hosts.set(spec.id, host);
			byIp.set(spec.ip, host);
			worker.onExit?.((reason) => liveness.kill(reason));
			void liveness.died.then((reason) => died(host, reason));
			const crashed = (): HostStartResult => ({
				type: 'crash',
				container: spec.containers[0]?.name ?? '',
				message: liveness.dead ? 'worker died' : 'worker stopped',
				exitCode: KILLED
			});
			const result = await alive(
				host,
				(async (): Promise<HostStartResult> => {
					await api.init(
						spec,
						proxy(async (ip: string) => link(host, ip)),
						options.timeScale,
						proxy((exit: ContainerExit) => {
							if (!liveness.dead) onExit?.(exit);
						})
					);
					if (tables) await api.setNetwork(tables);
					if (linkFaults.length > 0) await api.testOnlyLinkFaults(linkFaults);
					if (paused) await api.pause();
					return api.start(at);
				})(),
				crashed
			);
			if (result.type === 'ready') {
				observe(result.at);
				host.started = true;
			}
			return result;
		},
		async restartHost(spec, onExit) {
			await runtime.stopHost(spec.id);
			return runtime.startHost(spec, onExit);
		},
		after(delay, fn) {
			let cancelled = false;
			const due = now + delay;
			void options.wait(delay * options.timeScale).then(() => {
				if (cancelled || disposed) return;
				observe(ms(due));
				fn();
			});
			return () => {
				cancelled = true;
			};
		},
		async stopHost(id) {
			const host = hosts.get(id);
			if (!host) return;
			hosts.delete(id);
			host.liveness.stop();
			if (!host.liveness.dead) {
				await alive(host, host.api.stop(), () => undefined);
				for (const e of await alive(host, host.api.drainCapture(), () => [])) journal.record(e);
				for (const e of await alive(host, host.api.drainTraffic(), () => []))
					trafficJournal.record(e);
			}
			if (byIp.get(host.spec.ip) === host) byIp.delete(host.spec.ip);
			await forgetPeer(host);
			host.api[releaseProxy]();
			await host.worker.terminate();
		},
		setNetwork(next) {
			tables = next;
			for (const h of hosts.values()) void h.api.setNetwork(next);
		},
		async exec(id, container, argv, stdin): Promise<ExecResult> {
			const host = hosts.get(id);
			if (!host)
				return {
					stdout: '',
					stderr: `host ${id} is not running\n`,
					exitCode: 1,
					finishedAt: ms(now)
				};
			const result = await alive(
				host,
				host.api.exec(container, [...argv], stdin, ms(now)),
				(): ExecResult => ({ stdout: '', stderr: '', exitCode: KILLED, finishedAt: ms(now) })
			);
			observe(result.finishedAt);
			return result;
		},
		async portForward(id, port, request) {
			const host = hosts.get(id);
			if (!host) return { type: 'refused' };
			return alive<ForwardResult>(host, host.api.portForward(port, request, ms(now)), () => ({
				type: 'refused' as const
			}));
		},
		async logs(id, container) {
			const host = hosts.get(id);
			return host ? alive(host, host.api.logs(container), () => []) : [];
		},
		async control(id, container, message) {
			const host = hosts.get(id);
			return host && alive(host, host.api.control(container, message, ms(now)), () => undefined);
		},
		async capture(since) {
			await collectCapture();
			return journal.since(since);
		},
		async traffic(since) {
			await collectTraffic();
			return trafficJournal.since(since);
		},
		get paused() {
			return paused;
		},
		pause() {
			paused = true;
			for (const h of hosts.values()) void h.api.pause();
		},
		resume() {
			if (!paused) return;
			paused = false;
			for (const h of hosts.values()) void h.api.resume();
		},
		async protocolErrors() {
			const counts = await Promise.all(
				live().map((h) => alive(h, h.api.protocolErrors(), () => 0))
			);
			return counts.reduce((a, b) => a + b, 0);
		},
		testOnlyFaults: {
			async terminateWorker(id) {
				const host = hosts.get(id);
				if (!host) return false;
				await host.worker.terminate();
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
			for (const h of hosts.values()) h.liveness.stop();
			await Promise.all([...hosts.values()].map((h) => h.worker.terminate()));
			hosts.clear();
			byIp.clear();
		}
	};
	return runtime;
}
