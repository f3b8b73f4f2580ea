/**
 * What the Deployment controller's parts share (kube-controller-manager
 * `pkg/controller/deployment/util/deployment_util.go`): the annotations it writes, the
 * ReplicaSet shape, and the replica arithmetic of a rolling update.
 */
import type { Deployment, KubeObject } from '../api/objects.ts';

export const REVISION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH = 'pod-template-hash';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const ROLLBACK_TO = 'deprecated.deployment.rollback.to';

/** deployment_util.go `annotationsToSkip`: never copied from a Deployment to its ReplicaSets. */
export const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
	LAST_APPLIED,
	REVISION,
	REVISION_HISTORY,
	DESIRED_REPLICAS,
	MAX_REPLICAS,
	ROLLBACK_TO
]);

/**
 * deployment_util.go `copyDeploymentAnnotationsToReplicaSet`: the Deployment's own annotations
 * (`kubernetes.io/change-cause` among them) over the ReplicaSet's; undefined when nothing changes.
 */
export function copiedAnnotations(
	d: KubeObject,
	rs: Readonly<Record<string, string>> | undefined
): Record<string, string> | undefined {
	const out = { ...rs };
	let changed = false;
	for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
		if (ANNOTATIONS_TO_SKIP.has(k) || out[k] === v) continue;
		out[k] = v;
		changed = true;
	}
	return changed ? out : undefined;
}

export interface ReplicaSet extends KubeObject {
	spec: {
		replicas?: number;
		selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
		template: Deployment['spec']['template'];
		[field: string]: unknown;
	};
	status?: {
		replicas?: number;
		readyReplicas?: number;
		availableReplicas?: number;
		[f: string]: unknown;
	};
}

/** `25%` of 10 → 3 (surge rounds up) or 2 (unavailable rounds down); numbers pass through. */
export function intOrPercent(v: unknown, total: number, roundUp: boolean): number {
	if (typeof v === 'number') return v;
	if (typeof v === 'string' && v.endsWith('%')) {
		const x = (Number(v.slice(0, -1)) * total) / 100;
		return roundUp ? Math.ceil(x) : Math.floor(x);
	}
	const n = Number(v);
	return Number.isFinite(n) ? n : 0;
}

export const replicasOf = (o: { spec: { replicas?: number } }): number => o.spec.replicas ?? 1;
export const readyOf = (rs: ReplicaSet): number =>
	Math.min(replicasOf(rs), rs.status?.readyReplicas ?? 0);
export const revisionOf = (rs: KubeObject): number =>
	Number(rs.metadata.annotations?.[REVISION] ?? 0);

/** A Deployment's surge and unavailability budgets (the Recreate strategy has neither). */
export interface RolloutBudget {
	readonly recreate: boolean;
	readonly maxSurge: number;
	readonly maxUnavailable: number;
}

/** deployment_util.go `ResolveFenceposts`: both default to 25%; they cannot both be 0. */
export function rolloutBudget(d: Deployment): RolloutBudget {
	const desired = replicasOf(d);
	const strategy = (d.spec.strategy ?? {}) as {
		type?: string;
		rollingUpdate?: Record<string, unknown>;
	};
	const recreate = strategy.type === 'Recreate';
	let maxSurge = recreate
		? 0
		: intOrPercent(strategy.rollingUpdate?.maxSurge ?? '25%', desired, true);
	let maxUnavailable = recreate
		? desired
		: intOrPercent(strategy.rollingUpdate?.maxUnavailable ?? '25%', desired, false);
	if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
	maxSurge = Math.max(0, maxSurge);
	return { recreate, maxSurge, maxUnavailable };
}
