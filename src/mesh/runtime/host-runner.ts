/**
 * Runs one pod host: its network stack, its containers' programs, their logs and `exec`. Shared
 * by both runtimes — the in-process runtime holds many of these; each pod worker holds one.
 */
import type { TrafficEvent } from '../telemetry/traffic.ts';
import type { Segment } from '../net/protocol.ts';
import { createStack, isLoopback, type HostStack, type OutboundSegment } from '../net/stack.ts';
import type { NetfilterHook } from '../net/netfilter.ts';
import type { NetworkTables } from '../net/tables.ts';
import { createRng, type Rng } from '../random.ts';
import { createPortForwarder, type ForwardResult, type PortForwarder } from './port-forward.ts';
import { ms, type IpAddr } from '../types.ts';
import type { Clock } from '../clock.ts';
import type {
	CaptureSince,
	ContainerExit,
	ContainerProgram,
	ContainerSpec,
	EphemeralResult,
	EphemeralSpec,
	ExecResult,
	ExitListener,
	HostContext,
	HostSpec,
	HostStartResult,
	InitRun
} from './host.ts';
import { isVolumeUpdate, type HostServices } from './host.ts';
import { ContainerLogs } from './container-logs.ts';
import { execBinary } from './host-exec.ts';
import { runEphemeral } from './host-ephemeral.ts';
import { PodProcesses, uncaught } from './host-process.ts';
import { probeHop } from './kubelet-probe.ts';

export type ProgramLookup = (image: string) => ContainerProgram | undefined;

export interface HostRunnerDeps {
	readonly clock: Clock;
	readonly tables: () => NetworkTables;
	readonly send: (segment: OutboundSegment) => void;
	readonly programFor: ProgramLookup;
	/**
	 * The node's CNI plugin chain: the netfilter hooks each pod's network gets when its sandbox
	 * is created (istio-cni's in-pod redirection). Empty: pods get plain networking.
	 */
	readonly cniChain?: readonly NetfilterHook[];
	readonly crypto: Crypto;
	/** Reports real asynchronous work to the runtime (in-process: virtual time waits for it). */
	readonly work?: <T>(promise: Promise<T>) => Promise<T>;
	/** The runtime's capture journal, for programs that read it (`HostContext.capture`). */
	readonly capture?: (since: number, wait: boolean) => Promise<CaptureSince>;
	/** `HostContext.localForward`, when the host's starter lent it (`HostServices`). */
	readonly localForward?: HostServices['localForward'];
	/** Where proxies' traffic events go (the runtime's journal). */
	readonly report?: (event: TrafficEvent) => void;
	/** Hears of a container that ends after the host started (kubelet restarts it). */
	readonly onExit?: ExitListener;
}

export interface HostRunner {
	readonly spec: HostSpec;
	readonly stack: HostStack;
	start(): Promise<HostStartResult>;
	deliver(segment: Segment): void;
	exec(container: string, argv: readonly string[], stdin: string): Promise<ExecResult>;
	/** Runs an ephemeral container (`kubectl debug`) in this host's network namespace. */
	runEphemeral(container: EphemeralSpec): Promise<EphemeralResult>;
	logs(container: string): string[];
	/** Lines held for the longest container log (up to 1.25 × LOG_LIMIT before a trim). */
	readonly heldLogLines: number;
	control(container: string, message: unknown): Promise<unknown>;
	/**
	 * kubelet's port-forward: a connection from 127.0.0.1 inside the pod to `port`. With `node`,
	 * kubelet's probe instead: from the node's address, through the node's rules (`kubelet-probe.ts`).
	 */
	portForward(port: number, request: Uint8Array, node?: IpAddr): Promise<ForwardResult>;
	/** Whether a container's process has ended (the host then only refuses and resets). */
	readonly exited: boolean;
	/** The main container's process is killed from outside (SIGKILL: exit code 137). */
	kill(message: string): void;
	stop(): void;
}

/** Sim time from "scheduled" to "running": image already pulled, container created and started. */
const CONTAINER_START_BASE = 1200;
const CONTAINER_START_JITTER = 600;

function crashed(e: ContainerExit): HostStartResult {
	return { type: 'crash', container: e.container, message: e.message, exitCode: e.exitCode };
}

/**
 * kubelet's init phase: each run-to-completion init container in order, the next only once the
 * previous one's program finished (its `start` resolved). One that throws ends the pod's start.
 */
async function runInitContainers(
	spec: HostSpec,
	programs: ReadonlyMap<string, ContainerProgram>,
	processes: PodProcesses,
	clock: Clock
): Promise<readonly InitRun[] | HostStartResult> {
	const runs: InitRun[] = [];
	for (const c of spec.initContainers ?? []) {
		const program = programs.get(c.name);
		const context = processes.contexts.get(c.name);
		if (!program || !context) continue;
		const startedAt = clock.now();
		try {
			await program.start(context, c);
		} catch (e) {
			processes.ctx.log(c.name, uncaught(e));
			return { type: 'crash', container: c.name, message: uncaught(e), exitCode: 1 };
		}
		runs.push({ container: c.name, startedAt, finishedAt: clock.now() });
	}
	return runs;
}

/**
 * Starts each container's program in order; a start that throws or rejects kills the process.
 * Resolves with the exit that ended a start (`exited` races each one), else undefined.
 */
async function startPrograms(
	spec: HostSpec,
	programs: ReadonlyMap<string, ContainerProgram>,
	contexts: ReadonlyMap<string, HostContext>,
	exited: Promise<ContainerExit>,
	process: { stopped(): boolean; die(container: string, e: unknown): ContainerExit | undefined }
): Promise<ContainerExit | undefined> {
	for (const c of spec.containers) {
		const program = programs.get(c.name);
		const context = contexts.get(c.name);
		if (!program || !context || process.stopped()) continue;
		// A program that throws synchronously dies the same way as one that rejects.
		const started = new Promise<void>((resolve) => resolve(program.start(context, c))).then(
			() => undefined,
			(e: unknown) => process.die(c.name, e)
		);
		const ended = await Promise.race([started, exited]);
		if (ended) return ended;
	}
	return undefined;
}

/**
 * The pod's network namespace: its stack, and kubelet's port-forwarder inside it. Loopback stays
 * inside: port-forward's connections and the pod's own to 127.0.0.0/8 are handed back to the
 * stack as the kernel would, off the wire.
 */
function podNetwork(
	spec: HostSpec,
	deps: HostRunnerDeps,
	rng: Rng,
	transparent: boolean
): { stack: HostStack; forwarder: PortForwarder } {
	const stack: HostStack = createStack({
		transparent,
		hooks: deps.cniChain ?? [],
		hostId: spec.id,
		ip: spec.ip,
		clock: deps.clock,
		rng,
		tables: deps.tables,
		send: (segment) => {
			if (forwarder.intercept(segment)) return;
			if (isLoopback(segment.dst.ip)) {
				const at = deps.clock.now();
				queueMicrotask(() => stack.deliver({ ...segment, at } as Segment));
			} else deps.send(segment);
		}
	});
	const forwarder = createPortForwarder({
		podIp: spec.ip,
		deliver: (segment) => stack.deliver(segment),
		now: () => deps.clock.now()
	});
	return { stack, forwarder };
}

/** Looks up each container's program, waits the container start, then starts them in order. */
async function startHost(
	spec: HostSpec,
	deps: HostRunnerDeps,
	rng: Rng,
	lookedUp: readonly (readonly [ContainerSpec, ContainerProgram | undefined])[],
	programs: Map<string, ContainerProgram>,
	processes: PodProcesses
): Promise<HostStartResult> {
	for (const [c, program] of lookedUp) {
		if (!program) return { type: 'image-pull-error', container: c.name, image: c.image };
		programs.set(c.name, program);
	}
	// A server on the simulated internet, or a kind add-on, has been up all along: no container start.
	if (spec.kind !== 'external' && spec.upSinceBoot !== true)
		await deps.clock.sleep(ms(CONTAINER_START_BASE + rng.int(CONTAINER_START_JITTER)));
	const initRuns = await runInitContainers(spec, programs, processes, deps.clock);
	if (!Array.isArray(initRuns)) return initRuns as HostStartResult;
	// A process that exits while it starts never becomes ready.
	const exited = processes.exitedDuringStart();
	const ended = await startPrograms(spec, programs, processes.contexts, exited, {
		stopped: () => !processes.running,
		die: (container, e) => {
			processes.die(container, 1, uncaught(e));
			return processes.exit;
		}
	});
	const exit = ended ?? processes.exit;
	if (exit) return crashed(exit);
	processes.ready();
	const runs = initRuns as readonly InitRun[];
	return { type: 'ready', at: deps.clock.now(), ...(runs.length > 0 ? { initRuns: runs } : {}) };
}

/** A control message: kubelet's volume refresh is the pod's; anything else goes to the program. */
async function controlHost(
	program: ContainerProgram | undefined,
	message: unknown,
	processes: PodProcesses
): Promise<unknown> {
	if (isVolumeUpdate(message)) {
		if (processes.stopped) return undefined;
		processes.setFiles(message.files);
		return { type: 'ok' };
	}
	if (!program?.control || !processes.running) return undefined;
	try {
		return await program.control(message, processes.ctx);
	} catch (e) {
		return { type: 'error', message: String(e) };
	}
}

export function createHostRunner(spec: HostSpec, deps: HostRunnerDeps): HostRunner {
	const rng = createRng(spec.seed);
	const all = [...(spec.initContainers ?? []), ...spec.containers];
	const lookedUp = all.map((c) => [c, deps.programFor(c.image)] as const);
	const { stack, forwarder } = podNetwork(
		spec,
		deps,
		rng.fork('net'),
		lookedUp.some(([, p]) => p?.transparent === true)
	);
	const logs = new ContainerLogs(all.map((c) => c.name));
	const processes = new PodProcesses(spec, deps, rng.fork('app'), stack, logs);
	const main = spec.containers[0]?.name ?? '';
	const programs = new Map<string, ContainerProgram>();

	return {
		spec,
		stack,
		start: () => startHost(spec, deps, rng, lookedUp, programs, processes),
		deliver(segment) {
			if (processes.stopped) return;
			try {
				stack.deliver(segment);
			} catch (e) {
				// A program threw out of a socket callback: an uncaught error ends its process.
				processes.die(main, 1, uncaught(e));
			}
		},
		exec: (container, argv, stdin) =>
			execBinary(programs.get(container), argv, stdin, processes.ctx, () => deps.clock.now()),
		runEphemeral: (container) =>
			processes.running
				? runEphemeral(container, deps.programFor(container.image), processes.ctx, logs, () =>
						deps.clock.now()
					)
				: Promise.resolve({ type: 'no-host' }),
		control: (container, message) => controlHost(programs.get(container), message, processes),
		portForward(port, request, node) {
			if (processes.stopped) return Promise.resolve({ type: 'refused' });
			if (node === undefined) return forwarder.forward(port, request);
			const hop = probeHop(spec.ip, port, node, deps.cniChain ?? [], deps.tables());
			if (hop.type === 'dropped') return Promise.resolve(hop);
			return forwarder.forward(port, request, hop.source);
		},
		logs: (container) => logs.read(container),
		get heldLogLines() {
			return logs.held;
		},
		get exited() {
			return processes.exit !== undefined;
		},
		kill(message) {
			processes.die(main, 137, message);
		},
		stop() {
			if (processes.stopped) return;
			stack.resetAll();
			processes.stop();
		}
	};
}
