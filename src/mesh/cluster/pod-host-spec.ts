/**
 * What the kubelet starts for a pod: the runtime's HostSpec (containers, environment with the
 * downward API and service links, files from ConfigMap volumes, a seed of its own).
 */
import type { Container, Pod } from '../api/objects.ts';
import { plainInitContainers, runningContainers } from '../api/pod-containers.ts';
import { isNodeAgent } from '../cni/node-agents.ts';
import { hashString } from '../random.ts';
import type { HostSpec } from '../runtime/host.ts';
import { hostId, ip, nodeName, type HostId } from '../types.ts';
import type { PodAddresses } from './pod-status.ts';

/** The host a pod runs as: `<namespace>/<name>`. */
/**
 * kubelet's resolv.conf choice (pkg/kubelet/network/dns): `ClusterFirst` (the default) names
 * kube-dns, except on the host network, where only `ClusterFirstWithHostNet` does.
 */
function usesClusterDns(pod: Pod): boolean {
	const policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
	return pod.spec.hostNetwork === true
		? policy === 'ClusterFirstWithHostNet'
		: policy === 'ClusterFirst' || policy === 'ClusterFirstWithHostNet';
}

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
	const runToCompletion =
		pod.spec.restartPolicy === 'Never' || pod.spec.restartPolicy === 'OnFailure';
	const container = (c: Container) => ({
		name: c.name,
		image: c.image,
		env: { ...links, ...containerEnv(c.env ?? [], pod, addr, node) },
		ports: (c.ports ?? []).map((p) => p.containerPort),
		...(Array.isArray(c.args) ? { args: c.args.filter((a) => typeof a === 'string') } : {}),
		...(Array.isArray(c.command)
			? { command: c.command.filter((a) => typeof a === 'string') }
			: {}),
		...(runToCompletion ? { runToCompletion: true } : {})
	});

	const inits = plainInitContainers(pod);
	return {
		id: podHostId(ns, pod.metadata.name),
		kind: 'pod',
		ip: ip(addr.podIP),
		node: nodeName(node),
		namespace: ns,
		name: pod.metadata.name,
		// Start order: sidecars (restartable init containers) first, as kubelet starts them.
		containers: runningContainers(pod).map(container),
		// Run to completion before the rest, in spec order.
		...(inits.length > 0 ? { initContainers: inits.map(container) } : {}),
		seed: hashString(`${ns}/${pod.metadata.name}/${pod.metadata.uid}`, clusterSeed),
		...(isNodeAgent(pod) ? { nodeAgent: true } : {}),
		...(usesClusterDns(pod) ? { clusterDns: true } : {}),
		...(generation ? { generation } : {}),
		...(Object.keys(files).length > 0 ? { files } : {})
	};
}
