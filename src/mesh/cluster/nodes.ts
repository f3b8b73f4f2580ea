/**
 * The cluster's nodes, shaped like a kind cluster named `ambient`: a control-plane node (tainted
 * NoSchedule: only kube-system's add-ons and node agents land there) and workers. Node i gets podCIDR 10.244.i.0/24 and
 * InternalIP 172.18.0.(i+2), as Docker's kind network hands them out (.1 is the bridge gateway).
 * A second kind cluster (multicluster) has its own names (`cluster2-worker`) and the next
 * addresses on that same docker network (`firstHost`), with its own pod CIDRs (kind's default).
 */
import type { NodeObject } from '../api/objects.ts';

/** The playground's one cluster: `kind create cluster --name ambient`. */
export const KIND_CLUSTER = 'ambient';
export const CONTROL_PLANE = controlPlaneName(KIND_CLUSTER);

/** kind's node name for a cluster's control plane: `<cluster>-control-plane`. */
export function controlPlaneName(cluster: string): string {
	return `${cluster}-control-plane`;
}

/** The kind cluster a node belongs to, from its control plane's name. */
export function kindClusterOf(controlPlane: NodeInfo): string {
	return controlPlane.name.replace(/-control-plane$/, '');
}
/** How many worker nodes a cluster may start with (`?workers=`, `--workers`, a scenario's). */
export const WORKER_COUNT = { min: 1, max: 10, default: 2 } as const;

/**
 * kind's worker names for a cluster named `ambient`: `ambient-worker`, `ambient-worker2`, …
 * (kind's node namer adds a number from the second node of a role on).
 */
export function workerNames(count: number, cluster = KIND_CLUSTER): string[] {
	return Array.from({ length: count }, (_, i) => `${cluster}-worker${i === 0 ? '' : i + 1}`);
}

export const DEFAULT_WORKERS: readonly string[] = workerNames(WORKER_COUNT.default);

/**
 * A requested worker count checked against WORKER_COUNT: the count, or the message a user reads
 * (the caller then starts with the default).
 */
export function parseWorkerCount(raw: string): number | { error: string } {
	const text = raw.trim();
	const n = /^\d+$/.test(text) ? Number(text) : NaN;
	if (Number.isInteger(n) && n >= WORKER_COUNT.min && n <= WORKER_COUNT.max) return n;
	return {
		error: `invalid worker count "${raw}": must be a whole number from ${WORKER_COUNT.min} to ${WORKER_COUNT.max}`
	};
}
export const KUBELET_VERSION = 'v1.34.0';
export const CONTROL_PLANE_TAINT = {
	key: 'node-role.kubernetes.io/control-plane',
	effect: 'NoSchedule'
};
/**
 * A worker joins NotReady, tainted by the node lifecycle controller, until its CNI runs
 * (node-network.ts); the control-plane node was Ready before any worker joined.
 */
export const NOT_READY_TAINT = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };
const NETWORK_NOT_READY =
	'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

export interface NodeInfo {
	readonly name: string;
	readonly index: number;
	/** `10.244.<index>.0/24`. */
	readonly podCidr: string;
	readonly internalIp: string;
	readonly controlPlane: boolean;
}

export function clusterNodes(
	workers: readonly string[],
	cluster = KIND_CLUSTER,
	/** The control plane's host number on kind's docker network (172.18.0.N). */
	firstHost = 2
): NodeInfo[] {
	return [controlPlaneName(cluster), ...workers].map((name, index) => ({
		name,
		index,
		podCidr: `10.244.${index}.0/24`,
		internalIp: `172.18.0.${index + firstHost}`,
		controlPlane: index === 0
	}));
}

export function nodeObject(n: NodeInfo, at: string): NodeObject {
	return nodeManifest(n, at) as unknown as NodeObject;
}

function nodeManifest(n: NodeInfo, at: string): Record<string, unknown> {
	const labels: Record<string, string> = {
		'beta.kubernetes.io/arch': 'amd64',
		'beta.kubernetes.io/os': 'linux',
		'kubernetes.io/arch': 'amd64',
		'kubernetes.io/hostname': n.name,
		'kubernetes.io/os': 'linux'
	};
	if (n.controlPlane) {
		labels['node-role.kubernetes.io/control-plane'] = '';
		labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
	}
	const condition = (type: string, status: string, reason: string, message: string) => ({
		type,
		status,
		reason,
		message,
		lastHeartbeatTime: at,
		lastTransitionTime: at
	});
	const capacity = {
		cpu: '8',
		'ephemeral-storage': '101917688Ki',
		'hugepages-1Gi': '0',
		'hugepages-2Mi': '0',
		memory: '32827560Ki',
		pods: '110'
	};
	return {
		apiVersion: 'v1',
		kind: 'Node',
		metadata: {
			name: n.name,
			labels,
			annotations: {
				'node.alpha.kubernetes.io/ttl': '0',
				'volumes.kubernetes.io/controller-managed-attach-detach': 'true'
			}
		},
		spec: {
			podCIDR: n.podCidr,
			podCIDRs: [n.podCidr],
			providerID: `kind://docker/ambient/${n.name}`,
			taints: [n.controlPlane ? CONTROL_PLANE_TAINT : NOT_READY_TAINT]
		},
		status: {
			addresses: [
				{ type: 'InternalIP', address: n.internalIp },
				{ type: 'Hostname', address: n.name }
			],
			allocatable: capacity,
			capacity,
			conditions: [
				condition(
					'MemoryPressure',
					'False',
					'KubeletHasSufficientMemory',
					'kubelet has sufficient memory available'
				),
				condition(
					'DiskPressure',
					'False',
					'KubeletHasNoDiskPressure',
					'kubelet has no disk pressure'
				),
				condition(
					'PIDPressure',
					'False',
					'KubeletHasSufficientPID',
					'kubelet has sufficient PID available'
				),
				n.controlPlane
					? condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')
					: condition('Ready', 'False', 'KubeletNotReady', NETWORK_NOT_READY)
			],
			nodeInfo: {
				architecture: 'amd64',
				containerRuntimeVersion: 'containerd://2.1.3',
				kernelVersion: '6.8.0-60-generic',
				kubeProxyVersion: KUBELET_VERSION,
				kubeletVersion: KUBELET_VERSION,
				operatingSystem: 'linux',
				osImage: 'Debian GNU/Linux 12 (bookworm)'
			}
		}
	};
}
