/**
 * A pod's start and stop on its node (kubelet `kubelet.go` HandlePodAdditions/SyncPod and
 * `kubelet_pods.go` killPod): admission takes an address from the node's podCIDR and starts the
 * pod's host after any previous run of the same name stopped; a stop kills the started
 * containers and releases the address only once the host is gone.
 */
import { PODS } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { Pod } from '../api/objects.ts';
import type { HostStartResult } from '../runtime/host.ts';
import type { HostId } from '../types.ts';
import type { ConfigMapVolumes } from './configmap-volumes.ts';
import type { NodeIpam } from './ipam.ts';
import { isNodeAgent } from '../cni/node-agents.ts';
import { exitListener, onStarted } from './kubelet-containers.ts';
import { podRef, stopOrder } from './kubelet-events.ts';
import { stopProbes } from './prober.ts';
import { report, type KubeletContext, type Managed } from './kubelet-pod.ts';
import type { NodeInfo } from './nodes.ts';
import { hostSpecFor, podHostId } from './pod-host-spec.ts';
import { creatingStatus, type PodAddresses } from './pod-status.ts';
import { serviceEnv } from './service-env.ts';

/** The kubelets' pod manager: what runs where, and what every new run needs. */
export interface PodManager {
	readonly ipam: ReadonlyMap<string, NodeIpam>;
	/** Managed pods by uid. */
	readonly managed: Map<string, Managed>;
	/** The last stop per host id: a pod recreated under the same name waits for it. */
	readonly stops: Map<HostId, Promise<void>>;
	/** Managed pods by `namespace/name` (two while a recreated pod's old run stops). */
	readonly byKey: Map<string, Managed[]>;
	/**
	 * The logs of pods that ran to completion (Succeeded or Failed), by pod uid then container:
	 * their hosts stop, but `kubectl logs` still reads what the containers wrote, as the
	 * container runtime keeps a terminated container's log until the pod is deleted.
	 */
	readonly terminatedLogs: Map<
		string,
		{ readonly key: string; readonly logs: Promise<ReadonlyMap<string, readonly string[]>> }
	>;
	/** Admission order, for stops. */
	nextSeq(): number;
	readonly clusterSeed: number;
	readonly generation: number;
	readonly volumes?: Pick<ConfigMapVolumes, 'filesFor'>;
	/** True while kind's add-ons boot: their containers were running before sim time 0. */
	readonly booting?: () => boolean;
}

/**
 * A `hostNetwork` pod runs in its node's network namespace: its address is the node's. Istio's
 * node agents are the exception here (istio-cni asks for the host network): they keep a pod
 * address from the podCIDR, as the playground gave them before kind's add-ons ran.
 */
function usesHostNetwork(pod: Pod): boolean {
	return pod.spec.hostNetwork === true && !isNodeAgent(pod);
}

/** Registers a newly admitted pod. */
function manage(pods: PodManager, pod: Pod, node: NodeInfo, addr: PodAddresses): Managed {
	const ns = pod.metadata.namespace ?? 'default';
	const m: Managed = {
		seq: pods.nextSeq(),
		uid: pod.metadata.uid,
		namespace: ns,
		name: pod.metadata.name,
		node,
		host: podHostId(ns, pod.metadata.name),
		addr,
		started: Promise.resolve(),
		stopping: false,
		history: new Map(),
		ids: new Map()
	};
	pods.managed.set(m.uid, m);
	const key = `${ns}/${m.name}`;
	pods.byKey.set(key, [...(pods.byKey.get(key) ?? []), m]);
	return m;
}

/** Admits `pod` on `node` and starts its host; false: no address free yet. */
export function admitPod(ctx: KubeletContext, pods: PodManager, pod: Pod, node: NodeInfo): boolean {
	const hostNetwork = usesHostNetwork(pod);
	const podIP = hostNetwork ? node.internalIp : pods.ipam.get(node.name)?.allocate();
	if (!podIP) return false;
	const addr: PodAddresses = { podIP, hostIP: node.internalIp };
	const m = manage(pods, pod, node, addr);
	const ns = m.namespace;
	const at = ctx.now();
	report(ctx, m, (p) => creatingStatus(p, addr, at));
	const fresh = ctx.api.get(PODS, ns, pod.metadata.name);
	const started = isApiError(fresh) ? pod : (fresh as Pod);
	const links = serviceEnv(ctx.api, ns, started.spec.enableServiceLinks !== false);
	const files = pods.volumes?.filesFor(started) ?? {};
	const spec = {
		...hostSpecFor(started, addr, node.name, pods.clusterSeed, links, pods.generation, files),
		...(hostNetwork ? { hostNetwork: true } : {}),
		...(pods.booting?.() ? { upSinceBoot: true } : {})
	};
	m.spec = spec;
	const previousStop = pods.stops.get(m.host) ?? Promise.resolve();
	const crash = (e: unknown): HostStartResult => ({
		type: 'crash',
		container: spec.containers[0]?.name ?? '',
		message: String(e)
	});
	m.started = ctx.track(
		previousStop
			.then(() => ctx.runtime.startHost(spec, exitListener(ctx, m)))
			.then(
				(result) => onStarted(ctx, m, result),
				(e: unknown) => onStarted(ctx, m, crash(e))
			)
	);
	return true;
}

/** Stops `m`'s host; its address is released once the stop completes. */
export function killPod(ctx: KubeletContext, pods: PodManager, m: Managed): void {
	// Only containers that started are stopped (kubelet's killContainer: `Killing`).
	const events = ctx.recorders.get(m.node.name);
	for (const c of stopOrder(m.running ?? []))
		events?.event(podRef(m), 'Normal', 'Killing', `Stopping container ${c.container}`, {
			fieldPath: c.fieldPath
		});
	m.stopping = true;
	stopProbes(m);
	m.backoffTimer?.();
	ctx.backoff.forget(`${m.uid}/`);
	pods.managed.delete(m.uid);
	const key = `${m.namespace}/${m.name}`;
	const left = (pods.byKey.get(key) ?? []).filter((x) => x !== m);
	if (left.length > 0) pods.byKey.set(key, left);
	else pods.byKey.delete(key);
	const pod = ctx.api.peekObject(PODS, m.namespace, m.name) as Pod | undefined;
	const phase = pod?.metadata.uid === m.uid ? pod.status?.phase : undefined;
	const keep = phase === 'Succeeded' || phase === 'Failed';
	const kept = keep
		? m.started.then(() =>
				Promise.all(
					(m.spec?.containers ?? []).map((c) =>
						ctx.runtime.logs(m.host, c.name).then(
							(lines): [string, readonly string[]] => [c.name, lines],
							(): [string, readonly string[]] => [c.name, []]
						)
					)
				).then((entries) => new Map(entries))
			)
		: undefined;
	if (kept) pods.terminatedLogs.set(m.uid, { key: `${m.namespace}/${m.name}`, logs: kept });
	const done = ctx.track(
		(kept ?? m.started)
			.then(() => ctx.runtime.stopHost(m.host))
			.catch(() => undefined)
			.finally(() => pods.ipam.get(m.node.name)?.release(m.addr.podIP))
	);
	pods.stops.set(m.host, done);
}
