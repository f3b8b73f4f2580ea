/**
 * The kubelets of every node, as one bridge to the runtime: a scheduled pod gets an address from
 * its node's podCIDR, a host started from its spec, and the status the host's start earns
 * (Running/Ready, ErrImagePull, CrashLoopBackOff). A deleted pod's host is stopped, and its
 * address is reused only after the stop completes. Every start and stop is tracked so
 * `cluster.settle()` can wait for them.
 */
import type { WatchEvent } from '../api/api-server.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { serviceEnv } from './service-env.ts';
import { PODS } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { Pod } from '../api/objects.ts';
import { timestamp } from '../api/time.ts';
import { hashString, type Rng } from '../random.ts';
import type { ExitListener, HostSpec, HostStartResult } from '../runtime/host.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { hostId, ip, ms, nodeName, type HostId } from '../types.ts';
import type { ConfigMapVolumes } from './configmap-volumes.ts';
import type { Controller } from './controller.ts';
import type { EventBroadcaster, EventRecorder } from './events.ts';
import {
	backOffEvent,
	containerEvents,
	podRef,
	restartEvents,
	type StartedContainer
} from './kubelet-events.ts';
import { NodeIpam } from './ipam.ts';
import type { NodeInfo } from './nodes.ts';
import {
	creatingStatus,
	exitedStatus,
	imagePullStatus,
	runningStatus,
	type ContainerHistory,
	type PodAddresses
} from './pod-status.ts';
import { ContainerBackoff, goDuration } from './backoff.ts';
import type { Cancel } from '../clock.ts';
import { keyOf, splitKey, WorkQueue } from './informers.ts';
import { isActivePod } from './pods.ts';

interface Managed {
	/** Admission order: stops run in it. */
	readonly seq: number;
	readonly uid: string;
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
}

/** The host a pod runs as: `<namespace>/<name>`. */
export function podHostId(namespace: string, name: string): HostId {
	return hostId(`${namespace}/${name}`);
}

/**
 * A container's environment: literal values, and `valueFrom.fieldRef` resolved against the pod
 * as kubelet's downward API does (Istio's templates read the pod's name, namespace, service
 * account and IP this way). Other sources (secrets, config maps) are not modelled.
 */
function containerEnv(
	env: readonly { name: string; value?: string; valueFrom?: unknown }[],
	pod: Pod,
	addr: PodAddresses,
	node: string
): Record<string, string> {
	const fields: Record<string, string | undefined> = {
		'metadata.name': pod.metadata.name,
		'metadata.namespace': pod.metadata.namespace ?? 'default',
		'metadata.uid': pod.metadata.uid,
		'spec.serviceAccountName': pod.spec.serviceAccountName ?? 'default',
		'spec.nodeName': node,
		'status.podIP': addr.podIP,
		'status.hostIP': addr.hostIP
	};
	const out: Record<string, string> = {};
	for (const e of env) {
		if (typeof e.value === 'string') out[e.name] = e.value;
		else {
			const path = (e.valueFrom as { fieldRef?: { fieldPath?: unknown } } | undefined)?.fieldRef
				?.fieldPath;
			const value = typeof path === 'string' ? fields[path] : undefined;
			if (value !== undefined) out[e.name] = value;
		}
	}
	return out;
}

export function hostSpecFor(
	pod: Pod,
	addr: PodAddresses,
	node: string,
	clusterSeed: number,
	/** Service links (service-env.ts); the container's own `env` wins over them. */
	links: Readonly<Record<string, string>> = {},
	generation = 0,
	/** Files from ConfigMap volumes (configmap-volumes.ts). */
	files: Readonly<Record<string, string>> = {}
): HostSpec {
	const ns = pod.metadata.namespace ?? 'default';
	return {
		id: podHostId(ns, pod.metadata.name),
		kind: 'pod',
		ip: ip(addr.podIP),
		node: nodeName(node),
		namespace: ns,
		name: pod.metadata.name,
		containers: pod.spec.containers.map((c) => ({
			name: c.name,
			image: c.image,
			env: { ...links, ...containerEnv(c.env ?? [], pod, addr, node) },
			ports: (c.ports ?? []).map((p) => p.containerPort),
			...(Array.isArray(c.args) ? { args: c.args.filter((a) => typeof a === 'string') } : {})
		})),
		seed: hashString(`${ns}/${pod.metadata.name}/${pod.metadata.uid}`, clusterSeed),
		...(generation ? { generation } : {}),
		...(Object.keys(files).length > 0 ? { files } : {})
	};
}

/** kubelet's generic PLEG relists containers every second (pkg/kubelet/kubelet.go genericPlegRelistPeriod). */
const PLEG_RELIST_PERIOD = 1000;

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
	const recorders = new Map<string, EventRecorder>(
		nodes.map((n) => [n.name, broadcaster.recorder({ component: 'kubelet', host: n.name })])
	);
	const ipam = new Map(nodes.map((n) => [n.name, new NodeIpam(n.podCidr)]));
	const managed = new Map<string, Managed>();
	/** The last stop per host id: a pod recreated under the same name waits for it. */
	const stops = new Map<HostId, Promise<void>>();
	const inflight = new Set<Promise<void>>();
	const now = (): string => timestamp(runtime.now());
	const backoff = new ContainerBackoff();
	/** Managed pods by `namespace/name` (two while a recreated pod's old run stops). */
	const byKey = new Map<string, Managed[]>();
	let seq = 0;
	/** Pods written since the last sync: only those can need a start or a stop. */
	const queue = new WorkQueue();
	for (const p of api.peek(PODS) as readonly Pod[]) queue.add(keyOf(p));
	api.addEventHandler(PODS, {
		onAdd: (p) => queue.add(keyOf(p)),
		onUpdate: (_, p) => queue.add(keyOf(p)),
		onDelete: (p) => queue.add(keyOf(p))
	});

	/**
	 * Status reports of finished starts, written together in the next pass (as the kubelet's
	 * status manager batches): hundreds of pods starting at once make one cascade, not hundreds.
	 */
	const reports: (() => void)[] = [];
	let reported: { promise: Promise<void>; resolve: () => void } | undefined;
	let wake = (): void => {};

	function queueReport(write: () => void): void {
		reports.push(write);
		if (!reported) {
			let resolve = (): void => {};
			const promise = new Promise<void>((r) => (resolve = r));
			reported = { promise, resolve };
		}
		wake();
	}

	function flushReports(): void {
		const batch = reports.splice(0);
		const done = reported;
		reported = undefined;
		try {
			for (const write of batch) write();
		} finally {
			done?.resolve();
		}
	}

	function track(p: Promise<void>): Promise<void> {
		const tracked = p.finally(() => inflight.delete(tracked));
		inflight.add(tracked);
		return tracked;
	}

	const containerId = (): string => {
		let hex = '';
		while (hex.length < 64) hex += rng.int(0x10000).toString(16).padStart(4, '0');
		return `containerd://${hex}`;
	};

	/**
	 * Patches status only if the pod is still the one we started (same uid), then records what
	 * the kubelet did to get there as Events (`outcome`; none for the sandbox being created).
	 */
	function report(
		m: Managed,
		status: (pod: Pod) => Pod['status'],
		outcome?: Parameters<typeof containerEvents>[2]
	): void {
		const live = api.get(PODS, m.namespace, m.name);
		if (isApiError(live) || live.metadata.uid !== m.uid) return;
		const patched = api.patch(PODS, m.namespace, m.name, (draft) => {
			const pod = draft as Pod;
			pod.status = status(pod);
		});
		const events = recorders.get(m.node.name);
		if (outcome && events && !isApiError(patched))
			m.running = containerEvents(events, patched as Pod, outcome);
	}

	function onStarted(m: Managed, result: HostStartResult): void {
		if (m.stopping) return;
		switch (result.type) {
			case 'ready': {
				const at = timestamp(result.at);
				const restarted = m.restarting;
				m.restarting = undefined;
				queueReport(() => {
					if (m.stopping) return;
					m.startedAt = at;
					const id = (name: string): string => {
						const fresh = containerId();
						m.ids.set(name, fresh);
						return fresh;
					};
					report(
						m,
						(pod) => runningStatus(pod, m.addr, at, id, m.history),
						restarted ? undefined : { type: 'ready' }
					);
					if (restarted) restarted_(m, restarted);
				});
				return;
			}
			case 'image-pull-error': {
				const at = now();
				queueReport(() => {
					if (!m.stopping)
						report(m, (pod) => imagePullStatus(pod, m.addr, at, result.container), result);
				});
				return;
			}
			case 'crash': {
				const at = now();
				const restarted = m.restarting;
				m.restarting = undefined;
				if (restarted)
					queueReport(() => {
						const live = api.get(PODS, m.namespace, m.name);
						const events = recorders.get(m.node.name);
						if (!m.stopping && !isApiError(live) && live.metadata.uid === m.uid && events)
							restartEvents(events, live as Pod, restarted);
					});
				else
					queueReport(() => {
						if (m.stopping) return;
						m.startedAt = at;
						const live = api.get(PODS, m.namespace, m.name);
						const events = recorders.get(m.node.name);
						if (!isApiError(live) && live.metadata.uid === m.uid && events)
							m.running = containerEvents(events, live as Pod, result);
					});
				died(m, result.container, result.exitCode ?? 1, at);
				return;
			}
		}
	}

	/** A restarted container is running again: its events, and it counts as running. */
	function restarted_(m: Managed, container: string): void {
		const live = api.get(PODS, m.namespace, m.name);
		const events = recorders.get(m.node.name);
		if (isApiError(live) || live.metadata.uid !== m.uid || !events) return;
		const started = restartEvents(events, live as Pod, container);
		m.running = [...(m.running ?? []).filter((c) => c.container !== container), started];
	}

	const exitListener =
		(m: Managed): ExitListener =>
		(exit) => {
			if (!m.stopping) died(m, exit.container, exit.exitCode, timestamp(exit.at));
		};

	/**
	 * A container died: kubelet records its run, then restarts it as the pod's restartPolicy
	 * says: at once the first time, later after its back-off (CrashLoopBackOff meanwhile).
	 */
	function died(m: Managed, container: string, exitCode: number, at: string): void {
		const h = m.history.get(container) ?? { restartCount: 0 };
		m.history.set(container, h);
		h.last = {
			reason: exitCode === 0 ? 'Completed' : 'Error',
			exitCode,
			startedAt: m.startedAt ?? at,
			finishedAt: at,
			containerID: m.ids.get(container) ?? containerId()
		};
		m.running = m.running?.filter((c) => c.container !== container);
		const live = api.get(PODS, m.namespace, m.name);
		const policy = isApiError(live) ? 'Always' : ((live as Pod).spec.restartPolicy ?? 'Always');
		if (policy === 'Never' || (policy === 'OnFailure' && exitCode === 0)) {
			queueReport(() => {
				if (!m.stopping)
					report(m, (pod) => exitedStatus(pod, m.addr, at, container, m.history, undefined, true));
			});
			return;
		}
		const key = `${m.uid}/${container}`;
		const finished = runtime.now();
		const delay = backoff.delay(key, finished, finished);
		if (delay === 0) {
			queueReport(() => {
				if (!m.stopping) report(m, (pod) => exitedStatus(pod, m.addr, at, container, m.history));
			});
			// kubelet notices the death at its next PLEG relist, then restarts at once.
			m.backoffTimer = runtime.after?.(ms(PLEG_RELIST_PERIOD), () => restart(m, container));
			return;
		}
		const serving = goDuration(backoff.current(key));
		queueReport(() => {
			if (m.stopping) return;
			report(m, (pod) => exitedStatus(pod, m.addr, at, container, m.history, serving));
			const events = recorders.get(m.node.name);
			const pod = api.get(PODS, m.namespace, m.name);
			if (events && !isApiError(pod)) backOffEvent(events, pod as Pod, container);
		});
		m.backoffTimer = runtime.after?.(ms(delay), () => restart(m, container));
	}

	function restart(m: Managed, container: string): void {
		m.backoffTimer = undefined;
		const spec = m.spec;
		if (m.stopping || !spec) return;
		backoff.next(`${m.uid}/${container}`, runtime.now());
		const h = m.history.get(container);
		if (h) h.restartCount++;
		m.restarting = container;
		const onExit = exitListener(m);
		// The kubelet keeps the last terminated run's log (the runtime keeps one per container).
		const saved = Promise.all(
			spec.containers.map((c) =>
				runtime.logs(m.host, c.name).then(
					(lines): [string, readonly string[]] => [c.name, lines],
					(): [string, readonly string[]] => [c.name, []]
				)
			)
		);
		const started = saved.then((logs) => {
			m.previousLogs = new Map(logs);
			return runtime.restartHost
				? runtime.restartHost(spec, onExit)
				: runtime.stopHost(m.host).then(() => runtime.startHost(spec, onExit));
		});
		m.started = track(
			started.then(
				(result) => onStarted(m, result),
				(e: unknown) => onStarted(m, { type: 'crash', container, message: String(e) })
			)
		);
	}

	function admit(pod: Pod, node: NodeInfo): boolean {
		const pool = ipam.get(node.name);
		const podIP = pool?.allocate();
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
		const at = now();
		report(m, (p) => creatingStatus(p, addr, at));
		const fresh = api.get(PODS, ns, pod.metadata.name);
		const started = isApiError(fresh) ? pod : (fresh as Pod);
		const links = serviceEnv(api, ns, started.spec.enableServiceLinks !== false);
		const files = volumes?.filesFor(started) ?? {};
		const spec = hostSpecFor(started, addr, node.name, clusterSeed, links, generation, files);
		m.spec = spec;
		const previousStop = stops.get(m.host) ?? Promise.resolve();
		m.started = track(
			previousStop
				.then(() => runtime.startHost(spec, exitListener(m)))
				.then(
					(result) => onStarted(m, result),
					(e: unknown) =>
						onStarted(m, {
							type: 'crash',
							container: spec.containers[0]?.name ?? '',
							message: String(e)
						})
				)
		);
		return true;
	}

	function stop(m: Managed): void {
		// Only containers that started are stopped (kubelet's killContainer: `Killing`).
		if (m.running) {
			const events = recorders.get(m.node.name);
			for (const c of m.running)
				events?.event(podRef(m), 'Normal', 'Killing', `Stopping container ${c.container}`, {
					fieldPath: c.fieldPath
				});
		}
		m.stopping = true;
		m.backoffTimer?.();
		backoff.forget(`${m.uid}/`);
		managed.delete(m.uid);
		const key = `${m.namespace}/${m.name}`;
		const left = (byKey.get(key) ?? []).filter((x) => x !== m);
		if (left.length > 0) byKey.set(key, left);
		else byKey.delete(key);
		const done = track(
			m.started
				.then(() => runtime.stopHost(m.host))
				.catch(() => undefined)
				.finally(() => ipam.get(m.node.name)?.release(m.addr.podIP))
		);
		stops.set(m.host, done);
	}

	return {
		name: 'kubelet',
		wants: (e: WatchEvent) => e.resource.group === '' && e.resource.kind === 'Pod',
		sync() {
			flushReports();
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
			const gone: Managed[] = [];
			for (const key of keys)
				for (const m of byKey.get(key) ?? []) {
					const pod = api.peekObject(PODS, m.namespace, m.name) as Pod | undefined;
					const live =
						pod?.metadata.uid === m.uid && Boolean(pod.spec.nodeName) && isActivePod(pod);
					if (!live) gone.push(m);
				}
			for (const m of gone.sort((a, b) => a.seq - b.seq)) stop(m);
		},
		held: () => reports.length > 0,
		attach(w) {
			wake = w;
		},
		pending: () => (reported ? [...inflight, reported.promise] : [...inflight]),
		previousLogs(namespace, name, container) {
			for (const m of managed.values())
				if (m.namespace === namespace && m.name === name) return m.previousLogs?.get(container);
			return undefined;
		},
		hostOf(namespace, name) {
			for (const m of managed.values())
				if (m.namespace === namespace && m.name === name) return m.host;
			return undefined;
		}
	};
}
