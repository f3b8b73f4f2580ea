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
import type { ExecResult, HostSpec, HostStartResult } from '../mesh/runtime/host.ts';
import type { LinkGrant, PortLike } from '../mesh/runtime/remote-host.ts';
import type { Runtime } from '../mesh/runtime/runtime.ts';
import type { Pausing } from '../mesh/runtime/stepping.ts';
import { ms, type HostId, type SimMillis } from '../mesh/types.ts';
import type { PodWorkerApi } from '../../workers/host-api.ts';

export interface SpawnedWorker {
	readonly endpoint: Endpoint;
	terminate(): void | Promise<unknown>;
}

export interface WorkerRuntimeOptions {
	/** Starts one pod worker (browser: `new Worker(new URL(…))`; Node: worker_threads). */
	readonly spawn: () => SpawnedWorker;
	/** Wall milliseconds per sim millisecond for timers and `sleep` (1 in a browser). */
	readonly timeScale: number;
	readonly wait: (wallMs: number) => Promise<void>;
}

/**
 * Pausing holds every worker's clock and inbox (the workers stay, idle): unlike the in-process
 * runtime it cannot step, since no one thread holds the whole network (stepping.ts).
 */
export interface WorkerRuntime extends Runtime, Pausing {
	readonly kind: 'workers';
	/** Segments the hosts rejected as malformed (should stay 0). */
	protocolErrors(): Promise<number>;
}

interface WorkerHost {
	readonly spec: HostSpec;
	readonly worker: SpawnedWorker;
	readonly api: Remote<PodWorkerApi>;
	/** Peers this host already has a channel to. */
	readonly peers: Set<string>;
}

export function createWorkerRuntime(options: WorkerRuntimeOptions): WorkerRuntime {
	let now = 0;
	let paused = false;
	let tables: NetworkTables | undefined;
	const hosts = new Map<HostId, WorkerHost>();
	const byIp = new Map<string, WorkerHost>();
	const journal = new CaptureJournal();
	const trafficJournal = new TrafficJournal();

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
		const batches = await Promise.all([...hosts.values()].map((h) => h.api.drainCapture()));
		const entries = batches.flat().sort((a, b) => a.sent - b.sent || a.at - b.at);
		for (const e of entries) journal.record(e);
	}

	async function collectTraffic(): Promise<void> {
		const batches = await Promise.all([...hosts.values()].map((h) => h.api.drainTraffic()));
		const events = batches.flat().sort((a, b) => a.end - b.end);
		for (const e of events) trafficJournal.record(e);
	}

	return {
		kind: 'workers',
		now: () => ms(now),
		settle: () => Promise.resolve(),
		yieldToHost: () => options.wait(0),
		async advance(delay) {
			await options.wait(delay * options.timeScale);
			now += delay;
			await Promise.all([...hosts.values()].map((h) => h.api.observe(ms(now))));
		},
		async startHost(spec): Promise<HostStartResult> {
			const at = ms(now);
			const worker = options.spawn();
			const api = wrap<PodWorkerApi>(worker.endpoint);
			const host: WorkerHost = { spec, worker, api, peers: new Set() };
			hosts.set(spec.id, host);
			byIp.set(spec.ip, host);
			await api.init(
				spec,
				proxy(async (ip: string) => link(host, ip)),
				options.timeScale
			);
			if (tables) await api.setNetwork(tables);
			if (paused) await api.pause();
			const result = await api.start(at);
			if (result.type === 'ready') observe(result.at);
			return result;
		},
		async stopHost(id) {
			const host = hosts.get(id);
			if (!host) return;
			hosts.delete(id);
			await host.api.stop();
			const drained = await host.api.drainCapture();
			for (const e of drained) journal.record(e);
			for (const e of await host.api.drainTraffic()) trafficJournal.record(e);
			if (byIp.get(host.spec.ip) === host) byIp.delete(host.spec.ip);
			await Promise.all(
				[...hosts.values()]
					.filter((h) => h.peers.delete(host.spec.ip))
					.map((h) => h.api.dropLink(host.spec.ip))
			);
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
			const result = await host.api.exec(container, [...argv], stdin, ms(now));
			observe(result.finishedAt);
			return result;
		},
		async portForward(id, port, request) {
			const host = hosts.get(id);
			if (!host) return { type: 'refused' };
			return host.api.portForward(port, request, ms(now));
		},
		async logs(id, container) {
			return (await hosts.get(id)?.api.logs(container)) ?? [];
		},
		async control(id, container, message) {
			return hosts.get(id)?.api.control(container, message, ms(now));
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
			const counts = await Promise.all([...hosts.values()].map((h) => h.api.protocolErrors()));
			return counts.reduce((a, b) => a + b, 0);
		},
		async dispose() {
			await Promise.all([...hosts.values()].map((h) => h.worker.terminate()));
			hosts.clear();
			byIp.clear();
		}
	};
}
