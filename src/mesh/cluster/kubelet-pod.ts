/**
 * A pod as one kubelet manages it (its host, address, container runs) and what the kubelet's
 * parts share: the API, the runtime, event recorders per node, back-off and status reports.
 */
import { PODS } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import type { Cancel } from '../clock.ts';
import type { HostSpec } from '../runtime/host.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { HostId } from '../types.ts';
import type { ContainerBackoff } from './backoff.ts';
import type { EventRecorder } from './events.ts';
import { containerEvents, type StartedContainer } from './kubelet-events.ts';
import type { StatusReports } from './kubelet-status.ts';
import type { NodeInfo } from './nodes.ts';
import type { ContainerHistory, PodAddresses } from './pod-status.ts';
import type { PodProbes } from './prober.ts';

export interface Managed {
	/** Admission order: stops run in it. */
	readonly seq: number;
	/** The pod's uid; a static pod's changes when its mirror is created again (kubelet-mirror.ts). */
	uid: string;
	readonly namespace: string;
	readonly name: string;
	readonly node: NodeInfo;
	readonly host: HostId;
	readonly addr: PodAddresses;
	/** Settles when the host start finished (whatever its outcome). */
	started: Promise<void>;
	stopping: boolean;
	/** Containers the kubelet started (their `Killing` events when the pod goes). */
	running?: readonly StartedContainer[];
	/** What the host runs as, for restarts. */
	spec?: HostSpec;
	/** Restart counts and last runs per container. */
	readonly history: Map<string, ContainerHistory>;
	/** Container ids of the current run, and when it started. */
	readonly ids: Map<string, string>;
	startedAt?: string;
	/** The container being restarted (its events on ready), and the back-off timer. */
	restarting?: string;
	/** Each container's log of its last terminated run (`kubectl logs --previous`). */
	previousLogs?: ReadonlyMap<string, readonly string[]>;
	backoffTimer?: Cancel;
	/** Ephemeral containers already started (each runs once: kubelet-ephemeral.ts). */
	ephemeral?: Set<string>;
	/** The current run's probe workers and results (prober.ts); none for a pod without probes. */
	probes?: PodProbes;
}

export interface KubeletContext {
	readonly api: ClusterApiServer;
	readonly runtime: Runtime;
	readonly recorders: ReadonlyMap<string, EventRecorder>;
	readonly backoff: ContainerBackoff;
	readonly reports: StatusReports;
	/** Sim time as a timestamp. */
	now(): string;
	/** A fresh `containerd://` id. */
	containerId(): string;
	/** Counts a start or stop as in flight until it settles. */
	track(p: Promise<void>): Promise<void>;
}

/** The live pod if it is still the one `m` started (same uid): the stored object, read only. */
export function livePod(ctx: KubeletContext, m: Managed): Pod | undefined {
	const live = ctx.api.peekObject(PODS, m.namespace, m.name);
	return !live || live.metadata.uid !== m.uid ? undefined : (live as Pod);
}

/**
 * Patches status only if the pod is still the one we started (same uid), then records what
 * the kubelet did to get there as Events (`outcome`; none for the sandbox being created).
 */
export function report(
	ctx: KubeletContext,
	m: Managed,
	status: (pod: Pod) => Pod['status'],
	outcome?: Parameters<typeof containerEvents>[2]
): void {
	if (!livePod(ctx, m)) return;
	const patched = ctx.api.patchLive(PODS, m.namespace, m.name, (draft) => {
		const pod = draft as Pod;
		const ephemeral = pod.status?.ephemeralContainerStatuses;
		const next = status(pod);
		// Ephemeral containers keep their status through the pod's own restarts.
		if (ephemeral && next && !next.ephemeralContainerStatuses)
			next.ephemeralContainerStatuses = ephemeral;
		pod.status = next;
	});
	const events = ctx.recorders.get(m.node.name);
	if (outcome && events && !isApiError(patched))
		m.running = containerEvents(events, patched as Pod, outcome);
}
