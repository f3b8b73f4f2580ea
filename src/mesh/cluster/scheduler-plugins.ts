/**
 * The scheduler's filters (kube-scheduler `pkg/scheduler/framework/plugins`: TaintToleration,
 * NodeAffinity with `nodeSelector`, NodeResourcesFit counting pods) and the FitError message an
 * impossible pod gets (`framework/types.go`).
 */
import type { NodeObject, Pod } from '../api/objects.ts';
import { matchesRequiredNodeAffinity } from './node-affinity.ts';

export interface Taint {
	key: string;
	value?: string;
	effect: string;
}
export interface Toleration {
	key?: string;
	operator?: string;
	value?: string;
	effect?: string;
}

/** k8s.io/api core/v1 Toleration.ToleratesTaint: an empty key with `Exists` tolerates all. */
export function tolerates(tolerations: readonly Toleration[], taint: Taint): boolean {
	return tolerations.some((t) => {
		if (t.effect && t.effect !== taint.effect) return false;
		if (t.operator === 'Exists') return !t.key || t.key === taint.key;
		return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
	});
}

/**
 * The first NoSchedule/NoExecute taint of `node` that `tolerations` do not tolerate (the
 * TaintToleration filter plugin; PreferNoSchedule only scores, so it never blocks).
 */
export function untoleratedTaint(
	node: NodeObject,
	tolerations: readonly Toleration[]
): Taint | undefined {
	const taints = (node.spec.taints ?? []) as Taint[];
	return taints.find(
		(t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t)
	);
}

type Verdict = 'ok' | 'taint' | 'selector' | 'full';

/** `status.allocatable.pods` (the kubelet's max-pods, 110 by default). */
function podCapacity(node: NodeObject): number {
	const pods = Number(
		(node.status as { allocatable?: { pods?: string } } | undefined)?.allocatable?.pods
	);
	return Number.isFinite(pods) ? pods : 110;
}

export function fits(
	pod: Pod,
	node: NodeObject,
	load: number
): { verdict: Verdict; taint?: Taint } {
	const bad = untoleratedTaint(node, (pod.spec.tolerations ?? []) as Toleration[]);
	if (bad) return { verdict: 'taint', taint: bad };
	const selector = (pod.spec.nodeSelector ?? {}) as Record<string, string>;
	const labels = node.metadata.labels ?? {};
	if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) return { verdict: 'selector' };
	if (!matchesRequiredNodeAffinity(pod, node)) return { verdict: 'selector' };
	// The NodeResourcesFit plugin counts pods as a resource: a full node is "Too many pods".
	if (load >= podCapacity(node)) return { verdict: 'full' };
	return { verdict: 'ok' };
}

export const TOO_MANY_PODS = 'Too many pods';

/**
 * The scheduler's FitError message. Preemption could help only where a resource was short (a
 * full node), and with every pod at the same priority it finds no victims there.
 */
export function unschedulableMessage(nodes: number, reasons: Map<string, number>): string {
	const count = (m: Map<string, number>): string =>
		[...m.entries()]
			.map(([reason, n]) => `${n} ${reason}`)
			.sort()
			.join(', ');
	const full = reasons.get(TOO_MANY_PODS) ?? 0;
	const preemption = new Map<string, number>();
	if (nodes - full > 0) preemption.set('Preemption is not helpful for scheduling', nodes - full);
	if (full > 0) preemption.set('No preemption victims found for incoming pod', full);
	return `0/${nodes} nodes are available: ${count(reasons)}. preemption: 0/${nodes} nodes are available: ${count(preemption)}.`;
}
