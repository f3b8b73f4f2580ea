/**
 * A read-only picture of nodes and their pods, rebuilt from the API server at display rate.
 * Pure (no Svelte), so Node tests cover it. Columns follow `kubectl get pods -o wide`.
 */
import type { ApiServer } from '../../mesh/api/api-server.ts';
import type { KubeObject, NodeObject, Pod } from '../../mesh/api/objects.ts';
import { runningContainers, runningContainerStatuses } from '../../mesh/api/pod-containers.ts';

/** Drives the coloured dot: the colour is never the only signal, the STATUS text is shown too. */
export type PodHealth = 'ok' | 'progress' | 'error' | 'done';

export interface PodView {
	readonly name: string;
	readonly namespace: string;
	/** Empty until the pod has an IP, as `kubectl get pods -o wide` shows `<none>`. */
	readonly ip: string;
	readonly phase: string;
	/** kubectl's STATUS column: `Running`, `ContainerCreating`, `ErrImagePull`, `Terminating` … */
	readonly status: string;
	/** kubectl's READY column, `1/1`. */
	readonly ready: string;
	readonly health: PodHealth;
}

export interface NodeView {
	readonly name: string;
	/** The kubeconfig context of the node's cluster, with more than one cluster. */
	readonly cluster?: string;
	readonly ready: boolean;
	readonly ip: string;
	readonly pods: readonly PodView[];
}

export interface ClusterSnapshot {
	readonly nodes: readonly NodeView[];
	/** Pods the scheduler has not placed yet (no `spec.nodeName`). */
	readonly unscheduled: readonly PodView[];
}

export const emptySnapshot: ClusterSnapshot = { nodes: [], unscheduled: [] };

const ERROR_REASONS = new Set([
	'ErrImagePull',
	'ImagePullBackOff',
	'CrashLoopBackOff',
	'CreateContainerConfigError',
	'Error',
	'OOMKilled'
]);

/** Mirrors kubectl's printPod STATUS logic for the cases the simulation produces. */
export function podStatus(pod: Pod): string {
	if (pod.metadata.deletionTimestamp) return 'Terminating';
	const statuses = runningContainerStatuses(pod);
	for (const cs of statuses) {
		const reason = cs.state.waiting?.reason ?? cs.state.terminated?.reason;
		if (reason && !cs.ready) return reason;
	}
	return pod.status?.phase ?? 'Pending';
}

function health(status: string, phase: string, allReady: boolean): PodHealth {
	if (ERROR_REASONS.has(status) || phase === 'Failed') return 'error';
	if (phase === 'Succeeded' || status === 'Completed') return 'done';
	if (status === 'Running' && allReady) return 'ok';
	return 'progress';
}

export function podView(pod: Pod): PodView {
	// Sidecar (restartable init) containers count, as in kubectl's READY.
	const containers = runningContainers(pod).length;
	const ready = runningContainerStatuses(pod).filter((c) => c.ready).length;
	const phase = pod.status?.phase ?? 'Pending';
	const status = podStatus(pod);
	return {
		name: pod.metadata.name,
		namespace: pod.metadata.namespace ?? 'default',
		ip: pod.status?.podIP ?? '',
		phase,
		status,
		ready: `${ready}/${containers}`,
		health: health(status, phase, containers > 0 && ready === containers)
	};
}

function nodeReady(node: NodeObject): boolean {
	return (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function nodeIp(node: NodeObject): string {
	return (node.status?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address ?? '';
}

const byNamespaceThenName = (a: PodView, b: PodView): number =>
	a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);

/** Groups pods under their node; nodes keep the API server's name order. */
export function buildSnapshot(nodes: readonly NodeObject[], pods: readonly Pod[]): ClusterSnapshot {
	const byNode = new Map<string, PodView[]>();
	const unscheduled: PodView[] = [];
	for (const pod of pods) {
		const view = podView(pod);
		const nodeName = pod.spec.nodeName;
		if (!nodeName) unscheduled.push(view);
		else byNode.set(nodeName, [...(byNode.get(nodeName) ?? []), view]);
	}
	const nodeViews = [...nodes]
		.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
		.map((n) => ({
			name: n.metadata.name,
			ready: nodeReady(n),
			ip: nodeIp(n),
			pods: (byNode.get(n.metadata.name) ?? []).sort(byNamespaceThenName)
		}));
	return { nodes: nodeViews, unscheduled: unscheduled.sort(byNamespaceThenName) };
}

/** Reads nodes and pods from the API server; an error (kind not served yet) reads as empty. */
export function readSnapshot(api: ApiServer): ClusterSnapshot {
	const list = (typed: string): KubeObject[] => {
		const type = api.resolve(typed);
		if (!type) return [];
		const items = api.list(type);
		return Array.isArray(items) ? items : [];
	};
	return buildSnapshot(list('nodes') as NodeObject[], list('pods') as Pod[]);
}

/** True when a watch event can change what the snapshot shows. */
export function affectsSnapshot(kind: string): boolean {
	return kind === 'Pod' || kind === 'Node';
}
