/**
 * One scheduling attempt (kube-scheduler `pkg/scheduler/schedule_one.go`): filter the nodes
 * (`findNodesThatFitPod`), take the least-loaded feasible one (ties by node name), then bind,
 * or mark the pod Unschedulable with the FitError message (`handleSchedulingFailure`).
 */
import { PODS } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { NodeObject, Pod, PodCondition } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { timestamp } from '../api/time.ts';
import type { SimMillis } from '../types.ts';
import type { EventRecorder } from './events.ts';
import { requiredTerms } from './node-affinity.ts';
import { fits, TOO_MANY_PODS, unschedulableMessage } from './scheduler-plugins.ts';

/** What one sync's attempts share. */
export interface SchedulingCycle {
	readonly api: ClusterApiServer;
	readonly now: () => SimMillis;
	readonly events: EventRecorder;
	/** Nodes sorted by name. */
	readonly nodes: readonly NodeObject[];
	/** Pods per node name, counting this sync's bindings. */
	readonly load: Map<string, number>;
	/**
	 * Scheduling shape → FitError message. Pods of one template fail alike: while no pod binds
	 * (loads unchanged), a failure found for a shape holds for every pod of that shape, so
	 * thousands of Pending pods cost one evaluation each, not one per node each.
	 */
	readonly failures: Map<string, string>;
}

/** `findNodesThatFitPod` + the least-loaded pick: the node, or why none fits. */
function findNode(cycle: SchedulingCycle, pod: Pod): NodeObject | Map<string, number> {
	const { nodes, load } = cycle;
	const reasons = new Map<string, number>();
	let best: NodeObject | undefined;
	for (const node of nodes) {
		const { verdict, taint } = fits(pod, node, load.get(node.metadata.name) ?? 0);
		if (verdict === 'ok') {
			if (!best || (load.get(node.metadata.name) ?? 0) < (load.get(best.metadata.name) ?? 0))
				best = node;
			continue;
		}
		const reason =
			verdict === 'taint'
				? `node(s) had untolerated taint {${taint?.key}: ${taint?.value ?? ''}}`
				: verdict === 'full'
					? TOO_MANY_PODS
					: "node(s) didn't match Pod's node affinity/selector";
		reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
	}
	return best ?? reasons;
}

/** `bind`: sets `spec.nodeName` and PodScheduled=True, with the Scheduled event. */
function bind(cycle: SchedulingCycle, pod: Pod, nodeName: string): void {
	const at = timestamp(cycle.now());
	cycle.load.set(nodeName, (cycle.load.get(nodeName) ?? 0) + 1);
	cycle.failures.clear();
	const bound = cycle.api.patchLive(PODS, pod.metadata.namespace, pod.metadata.name, (draft) => {
		const p = draft as Pod;
		p.spec.nodeName = nodeName;
		p.status = {
			...(p.status ?? { phase: 'Pending' }),
			conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: at }]
		};
	});
	if (!isApiError(bound))
		cycle.events.event(
			bound,
			'Normal',
			'Scheduled',
			`Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
			{ action: 'Binding' }
		);
}

/** `handleSchedulingFailure`: PodScheduled=False with the message, unless it already says so. */
function markUnschedulable(cycle: SchedulingCycle, pod: Pod, message: string): void {
	const old = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
	if (old && old.status === 'False' && (old as { message?: string }).message === message) return;
	const condition: PodCondition = {
		type: 'PodScheduled',
		status: 'False',
		lastTransitionTime: timestamp(cycle.now()),
		reason: 'Unschedulable',
		message
	} as PodCondition;
	const marked = cycle.api.patch(PODS, pod.metadata.namespace, pod.metadata.name, (draft) => {
		const p = draft as Pod;
		p.status = { ...(p.status ?? { phase: 'Pending' }), conditions: [condition] };
	});
	if (!isApiError(marked))
		cycle.events.event(marked, 'Warning', 'FailedScheduling', message, { action: 'Scheduling' });
}

/** `scheduleOne`: binds `pod` or records why it cannot be. */
export function scheduleOne(cycle: SchedulingCycle, pod: Pod): void {
	const shape = JSON.stringify([
		pod.spec.tolerations ?? [],
		pod.spec.nodeSelector ?? {},
		requiredTerms(pod) ?? []
	]);
	let message = cycle.failures.get(shape);
	if (message === undefined) {
		const found = findNode(cycle, pod);
		if (!(found instanceof Map)) {
			bind(cycle, pod, found.metadata.name);
			return;
		}
		cycle.failures.set(shape, (message = unschedulableMessage(cycle.nodes.length, found)));
	}
	markUnschedulable(cycle, pod, message);
}
