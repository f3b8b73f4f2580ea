/**
 * The kubelets of every node, as one bridge to the runtime: a scheduled pod gets an address from
 * its node's podCIDR, a host started from its spec, and the status the host's start earns
 * (Running/Ready, ErrImagePull, CrashLoopBackOff). A deleted pod's host is stopped, and its
 * address is reused only after the stop completes. Every start and stop is tracked so
 * `cluster.settle()` can wait for them. Its parts: `pod-host-spec.ts` (what a pod runs as),
 * `kubelet-containers.ts` (start outcomes, exits, restarts), `kubelet-status.ts` (batched status
 * reports), `kubelet-pod.ts` (a managed pod and the shared context), `kubelet-sync.ts` (admitting
 * and killing a pod).
 */
import type { WatchEvent } from '../api/api-server.ts';
import { PODS } from '../api/builtin-resources.ts';
import type { Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { timestamp } from '../api/time.ts';
import type { Rng } from '../random.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { HostId } from '../types.ts';
import { ContainerBackoff } from './backoff.ts';
import type { ConfigMapVolumes } from './configmap-volumes.ts';
import type { Controller } from './controller.ts';
import type { EventBroadcaster } from './events.ts';
import { keyOf, splitKey, WorkQueue } from './informers.ts';
import { NodeIpam } from './ipam.ts';
import type { KubeletContext, Managed } from './kubelet-pod.ts';
import { syncEphemeral } from './kubelet-ephemeral.ts';
import { DeletedMirrors } from './kubelet-mirror.ts';
import { StatusReports } from './kubelet-status.ts';
import { admitPod, killPod, type PodManager } from './kubelet-sync.ts';
import type { NodeInfo } from './nodes.ts';
import { isActivePod } from './pods.ts';

export interface Kubelet extends Controller {
	/** Host starts and stops still in flight. */
	pending(): Promise<void>[];
	/** Where a running pod's host lives, for exec and logs. */
	hostOf(namespace: string, name: string): HostId | undefined;
	/** A container's log of its last terminated run, kept across the restart; undefined: none. */
	previousLogs(namespace: string, name: string, container: string): readonly string[] | undefined;
	/** The log of a container of a pod that ran to completion (its host stopped); by pod uid. */
	terminatedLogs(uid: string, container: string): Promise<readonly string[] | undefined>;
}

/** A deleted pod's kept logs go with it. */
function forgetLogs(pods: PodManager, key: string): void {
	for (const [uid, t] of pods.terminatedLogs) if (t.key === key) pods.terminatedLogs.delete(uid);
}

function find(
	managed: ReadonlyMap<string, Managed>,
	namespace: string,
	name: string
): Managed | undefined {
	for (const m of managed.values()) if (m.namespace === namespace && m.name === name) return m;
	return undefined;
}

export function createKubelet(
	api: ClusterApiServer,
	runtime: Runtime,
	nodes: readonly NodeInfo[],
	clusterSeed: number,
	rng: Rng,
	broadcaster: EventBroadcaster,
	generation = 0,
	volumes?: Pick<ConfigMapVolumes, 'filesFor'>,
	booting?: () => boolean
): Kubelet {
	let seq = 0;
	const pods: PodManager = {
		ipam: new Map(nodes.map((n) => [n.name, new NodeIpam(n.podCidr)])),
		managed: new Map(),
		stops: new Map(),
		byKey: new Map(),
		terminatedLogs: new Map(),
		nextSeq: () => seq++,
		clusterSeed,
		generation,
		volumes,
		booting
	};
	const { managed, byKey } = pods;
	const inflight = new Set<Promise<void>>();
	const ctx: KubeletContext = {
		api,
		runtime,
		recorders: new Map(
			nodes.map((n) => [n.name, broadcaster.recorder({ component: 'kubelet', host: n.name })])
		),
		backoff: new ContainerBackoff(),
		reports: new StatusReports(),
		now: () => timestamp(runtime.now()),
		containerId() {
			let hex = '';
			while (hex.length < 64) hex += rng.int(0x10000).toString(16).padStart(4, '0');
			return `containerd://${hex}`;
		},
		track(p) {
			const tracked = p.finally(() => inflight.delete(tracked));
			inflight.add(tracked);
			return tracked;
		}
	};
	/** Pods written since the last sync: only those can need a start or a stop. */
	const queue = new WorkQueue();
	/** Their static pods keep running: the kubelet creates the mirrors again. */
	const mirrors = new DeletedMirrors();
	for (const p of api.peek(PODS) as readonly Pod[]) queue.add(keyOf(p));
	api.addEventHandler(PODS, {
		onAdd: (p) => queue.add(keyOf(p)),
		onUpdate: (_, p) => queue.add(keyOf(p)),
		onDelete: (p) => {
			mirrors.note(p);
			queue.add(keyOf(p));
		}
	});

	/** The pods of `keys` that are gone (deleted, replaced, unscheduled), in start order. */
	function gone(keys: readonly string[]): Managed[] {
		const out: Managed[] = [];
		for (const key of keys)
			for (const m of byKey.get(key) ?? []) {
				const pod = api.peekObject(PODS, m.namespace, m.name) as Pod | undefined;
				const live = pod?.metadata.uid === m.uid && Boolean(pod.spec.nodeName) && isActivePod(pod);
				if (!live) out.push(m);
			}
		return out.sort((a, b) => a.seq - b.seq);
	}

	return {
		name: 'kubelet',
		wants: (e: WatchEvent) => e.resource.group === '' && e.resource.kind === 'Pod',
		sync() {
			ctx.reports.flush();
			const keys = queue.take();
			for (const key of keys) {
				const { namespace, name } = splitKey(key);
				const pod = api.peekObject(PODS, namespace, name) as Pod | undefined;
				if (!pod) forgetLogs(pods, key);
				// An unscheduled pod is no kubelet's yet (thousands may wait Pending).
				if (!pod?.spec.nodeName || !isActivePod(pod)) continue;
				const running = managed.get(pod.metadata.uid);
				if (running) {
					syncEphemeral(ctx, running, pod);
					continue;
				}
				const node = nodes.find((n) => n.name === pod.spec.nodeName);
				// No address free yet (stopped pods release theirs later): try again next sync.
				if (node && !admitPod(ctx, pods, pod, node)) queue.add(key);
			}
			// Stops after starts and in the order the pods were started, as a full relist did.
			for (const m of gone(keys)) if (!mirrors.recreate(ctx, managed, m)) killPod(ctx, pods, m);
			mirrors.clear();
		},
		held: () => ctx.reports.held,
		attach: (wake) => ctx.reports.attach(wake),
		pending: () => [...inflight, ctx.reports.pending].filter((p) => p !== undefined),
		previousLogs: (namespace, name, container) =>
			find(managed, namespace, name)?.previousLogs?.get(container),
		hostOf: (namespace, name) => find(managed, namespace, name)?.host,
		terminatedLogs: async (uid, c) => (await pods.terminatedLogs.get(uid)?.logs)?.get(c)
	};
}
