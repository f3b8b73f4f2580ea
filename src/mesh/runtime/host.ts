/**
 * The Host seam: what one program on the network gets from its runtime, and what the runtime
 * asks of it. The same host code runs in-process (virtual clock) and in a Web Worker.
 */
import type { Clock } from '../clock.ts';
import type { Rng } from '../random.ts';
import type { Resolver } from '../net/dns.ts';
import type { CaptureEntry } from '../net/capture.ts';
import type { ForwardResult } from './port-forward.ts';
import type { NetStack } from '../net/socket.ts';
import type { TrafficEvent } from '../telemetry/traffic.ts';
import type { HostId, IpAddr, NodeName, SimMillis } from '../types.ts';

export interface ContainerSpec {
	readonly name: string;
	readonly image: string;
	readonly env: Readonly<Record<string, string>>;
	/** containerPort values declared in the pod spec (informational; apps listen on their own). */
	readonly ports: readonly number[];
	/**
	 * The container's `args`: how one image plays several roles, as Istio's proxyv2 does
	 * (`proxy sidecar` for an injected sidecar, `proxy router` for a waypoint or gateway).
	 */
	readonly args?: readonly string[];
	/** The container's `command` (its ENTRYPOINT override). */
	readonly command?: readonly string[];
	/**
	 * The pod's restartPolicy is Never or OnFailure (a Job's pod, `kubectl run --restart=Never`):
	 * in an image without a server of its own, `command`/`args` run as the main process and its
	 * exit ends the container.
	 */
	readonly runToCompletion?: boolean;
}

/** Everything needed to start a host. Plain data: it crosses into a worker by structured clone. */
export interface HostSpec {
	readonly id: HostId;
	/** `external`: a server on the simulated internet (cluster/internet.ts), not a pod. */
	readonly kind: 'pod' | 'external';
	readonly ip: IpAddr;
	readonly node: NodeName;
	readonly namespace: string;
	/** Pod name: also the hostname apps report (productpage shows which reviews pod served it). */
	readonly name: string;
	readonly containers: readonly ContainerSpec[];
	/**
	 * Run-to-completion init containers (no `restartPolicy: Always`), in spec order: each runs
	 * once, before `containers`, and must finish (its program's `start` resolves) before the next.
	 */
	readonly initContainers?: readonly ContainerSpec[];
	/** The seed this host's Rng derives from (cluster seed + host id): same in every runtime. */
	readonly seed: number;
	/**
	 * A node agent (ztunnel, istio-cni: a DaemonSet pod serving its node). The worker runtime
	 * packs it with its node's pods; nothing else reads it.
	 */
	readonly nodeAgent?: boolean;
	/**
	 * A `hostNetwork` pod: `ip` is its node's address, shared with the node's other host-network
	 * pods, so the runtime does not deliver segments to it by address (nothing in the simulation
	 * serves on a node's address).
	 */
	readonly hostNetwork?: boolean;
	/**
	 * The pod's resolv.conf names kube-dns (dnsPolicy ClusterFirst): its lookups fail while
	 * the Service has no ready endpoint (net/dns.ts). Absent: names answer from the records alone.
	 */
	readonly clusterDns?: boolean;
	/**
	 * One of kind's add-ons (kube-system, local-path-storage) that kind started before the
	 * simulation began: its containers are running at sim time 0, with no container-start wait.
	 * It does no work, so the worker runtime packs it with its node's hosts.
	 */
	readonly upSinceBoot?: boolean;
	/** The cluster's generation (ClusterOptions.generation), absent for 0: salts trace ids only. */
	readonly generation?: number;
	/**
	 * Files the kubelet projects from ConfigMap volumes, by absolute path, as the pod starts
	 * (`/var/run/secrets/istio/root-cert.pem`); later changes arrive as a `VolumeUpdate`.
	 */
	readonly files?: Readonly<Record<string, string>>;
}

/**
 * The kubelet's refresh of a running pod's ConfigMap volumes: it replaces the projected files.
 * Sent through `Runtime.control` to any container; the host runner takes it, not the program,
 * since volumes belong to the pod.
 */
export interface VolumeUpdate {
	readonly type: 'kubelet-volume-update';
	readonly files: Readonly<Record<string, string>>;
}

export function isVolumeUpdate(x: unknown): x is VolumeUpdate {
	return (
		typeof x === 'object' &&
		x !== null &&
		(x as { type?: unknown }).type === 'kubelet-volume-update' &&
		typeof (x as { files?: unknown }).files === 'object'
	);
}

/** Resolves names the way a pod's resolv.conf would (search `<ns>.svc.cluster.local svc.cluster.local cluster.local`). */
export type { Resolver } from '../net/dns.ts';

/** What a program inside a host may use. Nothing else: no globals, no wall time. */
export interface HostContext {
	readonly spec: HostSpec;
	readonly clock: Clock;
	readonly rng: Rng;
	readonly net: NetStack;
	readonly dns: Resolver;
	/**
	 * WebCrypto for this host. The in-process runtime tracks its operations, so virtual time
	 * never jumps past a timer while a signature or key agreement is still being computed.
	 */
	readonly crypto: Crypto;
	/**
	 * Declares real asynchronous work (loading a module) so the in-process runtime's virtual
	 * time waits for it, as it does for crypto. Returns the same promise.
	 */
	work<T>(promise: Promise<T>): Promise<T>;
	/** A file from the pod's volumes (HostSpec.files, as last refreshed), or undefined. */
	readFile(path: string): string | undefined;
	/**
	 * The runtime's capture journal from `since` (a running index): every segment the nodes'
	 * wires carried, as the Capture view reads it; with `wait`, not before one more was recorded
	 * (no timer: an idle reader never moves a clock). A packet-capture program (tcpdump) keeps
	 * what crossed its own interface. Absent in fakes that run no journal.
	 */
	capture?(since: number, wait: boolean): Promise<CaptureSince>;
	/**
	 * A connection to a port `kubectl port-forward` listens on, on this machine's loopback (the
	 * docker host's only): the request bytes in, what came back out. Absent on every other host.
	 */
	localForward?(port: number, request: Uint8Array): Promise<LocalForwardResult>;
	/** Appends a line to the container's log (`kubectl logs`). */
	log(container: string, line: string): void;
	/** A proxy's record of a connection or request it handled (traces, topology, lesson checks). */
	report(event: TrafficEvent): void;
	/**
	 * The container's main process ends (`process.exit`, `sys.exit`): its listeners close, its
	 * connections reset, its timers stop, and kubelet decides whether to restart it.
	 */
	exit(container: string, exitCode: number): void;
}

/** What a port-forwarded connection brought back; `no-forward`: nobody listens there now. */
export type LocalForwardResult = ForwardResult | { readonly type: 'no-forward' };

/** What the starter of one host lends it beyond the network (`Runtime.startHost`). */
export interface HostServices {
	/** `HostContext.localForward`. */
	readonly localForward?: (port: number, request: Uint8Array) => Promise<LocalForwardResult>;
}

/** Capture entries recorded since an index, and the index to ask from next. */
export interface CaptureSince {
	readonly entries: CaptureEntry[];
	readonly next: number;
}

export interface ExecIO {
	readonly stdin: string;
	/** The process's stdout is a terminal (an ephemeral container with `tty: true`). */
	readonly tty?: boolean;
	/**
	 * Capabilities added to the runtime's default set by the container's securityContext
	 * (`NET_ADMIN`, …; `ALL` when privileged). Absent: the default set, without NET_ADMIN.
	 */
	readonly capabilities?: readonly string[];
	stdout(text: string): void;
	stderr(text: string): void;
}

/** A binary inside a container image (`curl` in curlimages/curl). Returns the exit code. */
export type Binary = (argv: readonly string[], io: ExecIO, ctx: HostContext) => Promise<number>;

/** What runs in a container: a server started at boot, and the binaries `kubectl exec` can run. */
export interface ContainerProgram {
	/** Starts serving; resolves once the container is ready (listening). */
	start(ctx: HostContext, container: ContainerSpec): Promise<void>;
	readonly binaries: Readonly<Record<string, Binary>>;
	/**
	 * The image's own ENTRYPOINT/CMD, run by an ephemeral container given no command; absent: a
	 * shell, which ends at once without a terminal.
	 */
	readonly defaultCommand?: readonly string[];
	/**
	 * Receives a message from the control plane's side channel (istiod's watch on the API
	 * server arrives this way). Returns a reply; errors are values.
	 */
	control?(message: unknown, ctx: HostContext): Promise<unknown> | unknown;
	/**
	 * Runs with IP_TRANSPARENT (a ztunnel): its host's stack takes connections redirected to it
	 * and may speak for the pods it serves.
	 */
	readonly transparent?: boolean;
}

/**
 * Ctrl-C on the terminal while `kubectl exec` waits (an AbortSignal fits). The process in the pod
 * runs on, as it does behind a real `kubectl exec` without a TTY, but nobody waits for it.
 */
export interface ExecAbort {
	readonly aborted: boolean;
	addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
	removeEventListener(type: 'abort', listener: () => void): void;
}

export interface ExecResult {
	readonly stdout: string;
	readonly stderr: string;
	readonly exitCode: number;
	/** Sim time at which the command finished (the caller's clock catches up to it). */
	readonly finishedAt: SimMillis;
	/** Set when the binary could not be started at all (not in the image): the OCI runtime's text. */
	readonly startError?: string;
}

/**
 * A container that was running has ended: it exited, or its program threw out of a callback
 * (an uncaught error kills a real process: exit code 1).
 */
export interface ContainerExit {
	readonly container: string;
	readonly exitCode: number;
	/** What the process said as it died (the thrown error), for its log. */
	readonly message: string;
	readonly at: SimMillis;
}

/** Where a runtime reports a started host's container exits (kubelet's PLEG). */
export type ExitListener = (exit: ContainerExit) => void;

/** One init container's run to completion (kubelet reports it as Terminated, Completed). */
export interface InitRun {
	readonly container: string;
	readonly startedAt: SimMillis;
	readonly finishedAt: SimMillis;
}

export type HostStartResult =
	| { readonly type: 'ready'; readonly at: SimMillis; readonly initRuns?: readonly InitRun[] }
	/** The image is unknown to the simulation: the pod shows ErrImagePull, as kubelet would. */
	| { readonly type: 'image-pull-error'; readonly container: string; readonly image: string }
	/** The program failed to start (threw, or exited before ready): kubelet restarts it. */
	| {
			readonly type: 'crash';
			readonly container: string;
			readonly message: string;
			/** The process's exit code; 1 (an uncaught error) when absent. */
			readonly exitCode?: number;
	  };

/**
 * An ephemeral container (`kubectl debug`): a new container in a running host, sharing its
 * network namespace, running `argv` from the programs of ITS image. It runs once and is never
 * restarted; its output goes to its own log.
 */
export interface EphemeralSpec {
	readonly name: string;
	readonly image: string;
	/** `command` + `args` of the container; empty runs the image's default command. */
	readonly argv: readonly string[];
	/** `tty: true` in its spec: programs see a terminal (curl then shows no progress meter). */
	readonly tty?: boolean;
	/** `securityContext.capabilities.add` (`ALL` when privileged): what its programs may do. */
	readonly capabilities?: readonly string[];
}

export type EphemeralResult =
	/** The command ran and ended (its output is in the container's log). */
	| {
			readonly type: 'terminated';
			readonly exitCode: number;
			readonly startedAt: SimMillis;
			readonly finishedAt: SimMillis;
			/** The OCI runtime's text when the command was not in the image (exit code 128). */
			readonly message?: string;
	  }
	/** The image is unknown to the simulation (kubelet: ErrImagePull). */
	| { readonly type: 'image-pull-error'; readonly image: string }
	/** The host is not running (stopped, or its process died). */
	| { readonly type: 'no-host' };
