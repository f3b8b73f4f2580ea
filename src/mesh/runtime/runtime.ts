/**
 * The Runtime seam: how the cluster (API server and controllers) starts hosts, talks to them and
 * reads what happened. Two implementations: `in-process.ts` here, and the worker runtime at the
 * platform edge. Everything a user sees must be the same on both (test/runtime/parity.test.ts).
 */
import type { Cancel } from '../clock.ts';
import type { CaptureEntry } from '../net/capture.ts';
import type { DockerBridge } from '../net/docker-bridge.ts';
import type { NetworkTables } from '../net/tables.ts';
import type { TrafficEvent } from '../telemetry/traffic.ts';
import type { HostId, IpAddr, NodeName, SimMillis } from '../types.ts';
import type {
	EphemeralResult,
	EphemeralSpec,
	ExecAbort,
	ExecResult,
	ExitListener,
	HostServices,
	HostSpec,
	HostStartResult
} from './host.ts';
import type { ForwardResult } from './port-forward.ts';

export type RuntimeKind = 'inprocess' | 'workers';

export interface Runtime {
	readonly kind: RuntimeKind;
	/** The cluster's sim time: never behind any result the runtime has returned. */
	now(): SimMillis;
	/**
	 * Lets what is in flight at this moment finish (segments on the wire, pushes a change
	 * started). In-process: every event due within a short horizon runs. Workers: resolves at
	 * once, as in a real cluster propagation then takes real time.
	 */
	settle(): Promise<void>;
	/**
	 * A macrotask boundary of the thread the cluster runs on (setImmediate in Node, a
	 * MessageChannel or timer in a browser): long controller work yields here so input events
	 * and other commands get through. Optional so fakes need not have it.
	 */
	yieldToHost?(): Promise<void>;
	/** Moves the cluster's clock forward (e.g. `sleep 5` in the shell); hosts' timers fire. */
	advance(delay: SimMillis): Promise<void>;
	/**
	 * Starts a host; `onExit` hears of each of its containers that ends after the start
	 * resolved (it exited, or its program threw). The host keeps its address until `stopHost`.
	 */
	startHost(
		spec: HostSpec,
		onExit?: ExitListener,
		/** What the host may call back for (the docker host's `localForward`). */
		services?: HostServices
	): Promise<HostStartResult>;
	/**
	 * kubelet restarting a pod's dead container: the host starts afresh under the same spec and
	 * address. Optional so fakes need not have it (kubelet then stops and starts the host).
	 */
	restartHost?(spec: HostSpec, onExit?: ExitListener): Promise<HostStartResult>;
	/**
	 * Runs `fn` once `delay` of sim time has passed (kubelet's back-off). In-process it is an
	 * event on the virtual clock; on workers a scaled wall timer. Optional for fakes.
	 */
	after?(delay: SimMillis, fn: () => void): Cancel;
	/** Stops a host: its connections reset, its address becomes unreachable. */
	stopHost(id: HostId): Promise<void>;
	/** Pushes DNS and Service tables to every host (the kube-proxy and CoreDNS role). */
	setNetwork(tables: NetworkTables): void;
	/**
	 * Runs a binary inside a host's container (`kubectl exec`). Once `abort` fires, the runtime
	 * stops waiting on it (in-process: its clock no longer runs on for it).
	 */
	exec(
		id: HostId,
		container: string,
		argv: readonly string[],
		stdin: string,
		abort?: ExecAbort
	): Promise<ExecResult>;
	/**
	 * kubelet starting an ephemeral container (`kubectl debug`) in a running host: its image's
	 * program runs `argv` in the pod's network namespace, once. Resolves when it has ended.
	 */
	runEphemeral(id: HostId, container: EphemeralSpec): Promise<EphemeralResult>;
	/**
	 * Hands a message to a container's program outside the data path (a watch on the API
	 * server). Resolves to the program's reply, or undefined when it takes none.
	 */
	control(id: HostId, container: string, message: unknown): Promise<unknown>;
	/**
	 * kubelet's port-forward: writes `request` to `port` from 127.0.0.1 inside the pod's network
	 * namespace and returns what the server wrote until it closed. With `node` (the node's
	 * address) it is a kubelet probe instead, from the node through its rules. Optional so fakes
	 * need not have it.
	 */
	portForward?(
		id: HostId,
		port: number,
		request: Uint8Array,
		node?: IpAddr
	): Promise<ForwardResult>;
	/** The container's log lines (`kubectl logs`). */
	logs(id: HostId, container: string): Promise<string[]>;
	/** Capture entries recorded since `since` (a running index). */
	capture(since: number): Promise<{ entries: CaptureEntry[]; next: number }>;
	/** Traffic events proxies reported since `since` (a running index). */
	traffic(since: number): Promise<{ events: TrafficEvent[]; next: number }>;
	/**
	 * What a display reads each round (the page's Topology, Traces and Capture tabs): both
	 * journals after the given indexes, gathered only from hosts that said they recorded
	 * something, so an idle cluster costs nothing; it may lag `capture`/`traffic` by a round.
	 * Absent (in-process, where both are local): those two serve.
	 */
	recent?(
		captureSince: number,
		trafficSince: number
	): Promise<{
		capture: { entries: CaptureEntry[]; next: number };
		traffic: { events: TrafficEvent[]; next: number };
	}>;
	/**
	 * Puts this cluster's nodes (by name, their addresses) on kind's docker network shared with
	 * other clusters' runtimes: a segment for an address another member answers crosses the
	 * bridge, and the bridge delivers segments here. In-process, every member must share one
	 * event loop (`InProcessOptions.joins`). Optional so fakes need not have it.
	 */
	joinDockerNetwork?(bridge: DockerBridge, nodes: ReadonlyMap<NodeName, IpAddr>): void;
	/** Stops every host and frees workers. */
	dispose(): Promise<void>;
}
