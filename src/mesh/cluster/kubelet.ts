/**
 * The kubelets of every node, as one bridge to the runtime: a scheduled pod gets an address from
 * its node's podCIDR, a host started from its spec, and the status the host's start earns
 * (Running/Ready, ErrImagePull, CrashLoopBackOff). A deleted pod's host is stopped, and its
 * address is reused only after the stop completes. Every start and stop is tracked so
 * `cluster.settle()` can wait for them. Its parts: `pod-host-spec.ts` (what a pod runs as),
 * `kubelet-containers.ts` (start outcomes, exits, restarts), `kubelet-status.ts` (batched status
 * reports), `kubelet-pod.ts` (a managed pod and the shared context).
 */
import type { WatchEvent } from '../api/api-server.ts';
import { PODS } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { timestamp } from '../api/time.ts';
import type { Rng } from '../random.ts';
import type { HostStartResult } from '../runtime/host.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { HostId } from '../types.ts';
import { ContainerBackoff } from './backoff.ts';
import type { ConfigMapVolumes } from './configmap-volumes.ts';
import type { Controller } from './controller.ts';
import type { EventBroadcaster } from './events.ts';
import { keyOf, splitKey, WorkQueue } from './informers.ts';
import { NodeIpam } from './ipam.ts';
import { exitListener, onStarted } from './kubelet-containers.ts';
import { podRef, stopOrder } from './kubelet-events.ts';
import { report, type KubeletContext, type Managed } from './kubelet-pod.ts';
import { StatusReports } from './kubelet-status.ts';
import type { NodeInfo } from './nodes.ts';
import { hostSpecFor, podHostId } from './pod-host-spec.ts';
import { creatingStatus, type PodAddresses } from './pod-status.ts';
import { isActivePod } from './pods.ts';
import { serviceEnv } from './service-env.ts';

export interface Kubelet extends Controller {
	/** Host starts and stops still in flight. */
	pending(): Promise<void>[];
	/** Where a running pod's host lives, for exec and logs. */
	hostOf(namespace: string, name: string): HostId | undefined;
	/** A container's log of its last terminated run, kept across the restart; undefined: none. */
	previousLogs(namespace: string, name: string, container: string): readonly string[] | undefined;
}

export function createKubelet(
	api: ClusterApiServer,
	runtime: Runtime,
	nodes: readonly NodeInfo[],
	clusterSeed: number,
	rng: Rng,
	broadcaster: EventBroadcaster,
	generation = 0,
	volumes?: Pick<ConfigMapVolumes, 'filesFor'>
): Kubelet {
	const ipam = new Map(nodes.map((n) => [n.name, new NodeIpam(n.podCidr)]));
	const managed = new Map<string, Managed>();
	/** The last stop per host id: a pod recreated under the same name waits for it. */
	const stops = new Map<HostId, Promise<void>>();
	const inflight = new Set<Promise<void>>();
	/** Managed pods by `namespace/name` (two while a recreated pod's old run stops). */
	const byKey = new Map<string, Managed[]>();
	let seq = 0;
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
	for (const p of api.peek(PODS) as readonly Pod[]) queue.add(keyOf(p));
	api.addEventHandler(PODS, {
		onAdd: (p) => queue.add(keyOf(p)),
		onUpdate: (_, p) => queue.add(keyOf(p)),
		onDelete: (p) => queue.add(keyOf(p))
	});

	function admit(pod: Pod, node: NodeInfo): boolean {
		const podIP = ipam.get(node.name)?.allocate();
		if (!podIP) return false;
		const ns = pod.metadata.namespace ?? 'default';
		const addr: PodAddresses = { podIP, hostIP: node.internalIp };
		const m: Managed = {
			seq: seq++,
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
		managed.set(m.uid, m);
		const key = `${ns}/${m.name}`;
		byKey.set(key, [...(byKey.get(key) ?? []), m]);
		const at = ctx.now();
		report(ctx, m, (p) => creatingStatus(p, addr, at));
		const fresh = api.get(PODS, ns, pod.metadata.name);
		const started = isApiError(fresh) ? pod : (fresh as Pod);
		const links = serviceEnv(api, ns, started.spec.enableServiceLinks !== false);
		const files = volumes?.filesFor(started) ?? {};
		const spec = hostSpecFor(started, addr, node.name, clusterSeed, links, generation, files);
		m.spec = spec;
		const previousStop = stops.get(m.host) ?? Promise.resolve();
		const crash = (e: unknown): HostStartResult => ({
			type: 'crash',
			container: spec.containers[0]?.name ?? '',
			message: String(e)
		});
		m.started = ctx.track(
			previousStop
				.then(() => runtime.startHost(spec, exitListener(ctx, m)))
				.then(
					(result) => onStarted(ctx, m, result),
					(e: unknown) => onStarted(ctx, m, crash(e))
				)
		);
		return true;
	}

	function stop(m: Managed): void {
		// Only containers that started are stopped (kubelet's killContainer: `Killing`).
		const events = ctx.recorders.get(m.node.name);
		for (const c of stopOrder(m.running ?? []))
			events?.event(podRef(m), 'Normal', 'Killing', `Stopping container ${c.container}`, {
				fieldPath: c.fieldPath
			});
		m.stopping = true;
		m.backoffTimer?.();
		ctx.backoff.forget(`${m.uid}/`);
		managed.delete(m.uid);
		const key = `${m.namespace}/${m.name}`;
		const left = (byKey.get(key) ?? []).filter((x) => x !== m);
		if (left.length > 0) byKey.set(key, left);
		else byKey.delete(key);
		const done = ctx.track(
			m.started
				.then(() => runtime.stopHost(m.host))
				.catch(() => undefined)
				.finally(() => ipam.get(m.node.name)?.release(m.addr.podIP))
		);
		stops.set(m.host, done);
	}

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

	const find = (namespace: string, name: string): Managed | undefined => {
		for (const m of managed.values()) if (m.namespace === namespace && m.name === name) return m;
		return undefined;
	};

	return {
		name: 'kubelet',
		wants: (e: WatchEvent) => e.resource.group === '' && e.resource.kind === 'Pod',
		sync() {
			ctx.reports.flush();
			const keys = queue.take();
			for (const key of keys) {
				const { namespace, name } = splitKey(key);
				const pod = api.peekObject(PODS, namespace, name) as Pod | undefined;
				// An unscheduled pod is no kubelet's yet (thousands may wait Pending).
				if (!pod?.spec.nodeName || !isActivePod(pod) || managed.has(pod.metadata.uid)) continue;
				const node = nodes.find((n) => n.name === pod.spec.nodeName);
				// No address free yet (stopped pods release theirs later): try again next sync.
				if (node && !admit(pod, node)) queue.add(key);
			}
			// Stops after starts and in the order the pods were started, as a full relist did.
			for (const m of gone(keys)) stop(m);
		},
		held: () => ctx.reports.held,
		attach: (wake) => ctx.reports.attach(wake),
		pending: () => {
			const reported = ctx.reports.pending;
			return reported ? [...inflight, reported] : [...inflight];
		},
		previousLogs: (namespace, name, container) =>
			find(namespace, name)?.previousLogs?.get(container),
		hostOf: (namespace, name) => find(namespace, name)?.host
	};
}
