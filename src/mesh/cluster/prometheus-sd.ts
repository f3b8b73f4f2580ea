/**
 * The API server's side of Prometheus's Kubernetes service discovery (`role: pod`): while a pod
 * runs `prom/prometheus`, it is sent the cluster's pods whenever they change, as a real
 * Prometheus would learn them from its watch. Nothing is computed while no Prometheus runs, so
 * the addon costs nothing until `samples/addons/prometheus.yaml` is applied.
 */
import type { ApiServer, WatchEvent } from '../api/api-server.ts';
import { PODS } from '../api/builtin-resources.ts';
import type { Pod, PodStatus } from '../api/objects.ts';
import type { KubernetesSdUpdate, SdPod } from '../runtime/kubernetes-sd.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { HostId } from '../types.ts';
import type { Controller } from './controller.ts';
import { listAll } from './pods.ts';

const IMAGE = /(^|\/)prom\/prometheus(:|@|$)/;

type Container = {
	name: string;
	image?: string;
	ports?: { name?: string; containerPort: number; protocol?: string }[];
};

/** The container running Prometheus in `pod`, if any. */
function prometheusContainer(pod: Pod): string | undefined {
	return (pod.spec.containers as Container[]).find((c) => IMAGE.test(c.image ?? ''))?.name;
}

function sdPod(pod: Pod): SdPod {
	const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
	const containers = (list: Container[] | undefined, init: boolean) =>
		(list ?? []).map((c) => ({
			name: c.name,
			image: c.image ?? '',
			init,
			ports: (c.ports ?? []).map((p) => ({
				...(p.name ? { name: p.name } : {}),
				number: p.containerPort,
				protocol: p.protocol ?? 'TCP'
			}))
		}));
	const status: Partial<PodStatus> = pod.status ?? {};
	return {
		namespace: pod.metadata.namespace ?? 'default',
		name: pod.metadata.name,
		uid: pod.metadata.uid,
		ip: status.podIP ?? '',
		hostIp: status.hostIP ?? '',
		node: pod.spec.nodeName ?? '',
		phase: status.phase ?? 'Pending',
		ready: (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
		labels: pod.metadata.labels ?? {},
		annotations: pod.metadata.annotations ?? {},
		...(owner ? { controller: { kind: owner.kind, name: owner.name } } : {}),
		containers: [
			...containers((pod.spec as { initContainers?: Container[] }).initContainers, true),
			...containers(pod.spec.containers as Container[], false)
		]
	};
}

export interface PrometheusSd extends Controller {
	/** Updates still in flight, for `settle()`. */
	pending(): Promise<unknown>[];
}

export function createPrometheusSd(
	api: ApiServer,
	runtime: Pick<Runtime, 'control'>,
	hostOf: (namespace: string, name: string) => HostId | undefined
): PrometheusSd {
	/** Prometheus pod uid → the pod list it last accepted, as JSON. */
	const delivered = new Map<string, string>();
	const inflight = new Set<Promise<unknown>>();

	return {
		name: 'prometheus-sd',
		wants: (e: WatchEvent) =>
			e.resource.kind === 'Pod' &&
			(delivered.size > 0 || prometheusContainer(e.object as Pod) !== undefined),
		sync() {
			const pods = listAll<Pod>(api, PODS);
			const servers = pods.filter((p) => prometheusContainer(p) && p.status?.phase === 'Running');
			const live = new Set(servers.map((p) => p.metadata.uid));
			for (const uid of [...delivered.keys()]) if (!live.has(uid)) delivered.delete(uid);
			if (servers.length === 0) return;
			const update: KubernetesSdUpdate = { type: 'kubernetes-sd', pods: pods.map(sdPod) };
			const json = JSON.stringify(update);
			for (const server of servers) {
				const uid = server.metadata.uid;
				if (delivered.get(uid) === json) continue;
				const host = hostOf(server.metadata.namespace ?? 'default', server.metadata.name);
				const container = prometheusContainer(server);
				if (!host || !container) continue;
				delivered.set(uid, json);
				const done = runtime
					.control(host, container, update)
					.catch(() => undefined)
					.then((reply) => {
						inflight.delete(done);
						// Not started yet: the next pod change (its own Ready) sends again.
						if (reply === undefined && delivered.get(uid) === json) delivered.set(uid, '');
					});
				inflight.add(done);
			}
		},
		pending: () => [...inflight]
	};
}
