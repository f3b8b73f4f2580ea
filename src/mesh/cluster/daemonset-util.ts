/**
 * What the DaemonSet controller's parts share (kube-controller-manager
 * `pkg/controller/daemon/util/daemonset_util.go`): the DaemonSet shape, its pod labels, the
 * tolerations every daemon pod gets, which nodes a daemon should run on (`NodeShouldRunDaemonPod`)
 * and the node a daemon pod is for (`GetTargetNodeName`).
 */
import type { KubeObject, NodeObject, Pod, PodSpec } from '../api/objects.ts';
import { type Toleration, untoleratedTaint } from './scheduler-plugins.ts';

export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';
export const POD_TEMPLATE_GENERATION = 'pod-template-generation';

export interface DaemonSet extends KubeObject {
	spec: {
		selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
		template: {
			metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
			spec: PodSpec;
		};
		updateStrategy?: {
			type?: string;
			rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string };
		};
		[field: string]: unknown;
	};
	status?: Record<string, unknown>;
}

/** `util.AddOrUpdateDaemonPodTolerations`: daemons survive node conditions that evict others. */
const DAEMON_TOLERATIONS: readonly Toleration[] = [
	{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
	{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
	{ key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
	{ key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
	{ key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
	{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }
];

/** The template's tolerations plus the daemon ones it does not already carry. */
export function daemonTolerations(spec: PodSpec): Toleration[] {
	const tolerations = [...((spec.tolerations ?? []) as Toleration[])];
	for (const t of DAEMON_TOLERATIONS)
		if (!tolerations.some((x) => x.key === t.key && x.effect === t.effect))
			tolerations.push({ ...t });
	return tolerations;
}

/** Should this DaemonSet run a pod on this node? (daemon/util NodeShouldRunDaemonPod) */
export function nodeShouldRunDaemon(ds: DaemonSet, node: NodeObject): boolean {
	if (untoleratedTaint(node, daemonTolerations(ds.spec.template.spec))) return false;
	const selector = (ds.spec.template.spec.nodeSelector ?? {}) as Record<string, string>;
	const labels = node.metadata.labels ?? {};
	return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * pkg/controller/daemon/util GetTargetNodeName: the node a daemon pod is bound to, or the one
 * its `metadata.name` node affinity names while it waits for the scheduler.
 */
export function targetNodeName(pod: Pod): string | undefined {
	if (pod.spec.nodeName) return pod.spec.nodeName;
	const terms = (
		pod.spec['affinity'] as
			| {
					nodeAffinity?: {
						requiredDuringSchedulingIgnoredDuringExecution?: {
							nodeSelectorTerms?: {
								matchFields?: { key?: string; operator?: string; values?: string[] }[];
							}[];
						};
					};
			  }
			| undefined
	)?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
	for (const term of terms ?? [])
		for (const f of term.matchFields ?? [])
			if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1)
				return f.values[0];
	return undefined;
}
