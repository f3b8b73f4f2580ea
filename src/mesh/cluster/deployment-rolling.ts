/**
 * A rollout step (kube-controller-manager `pkg/controller/deployment/rolling.go` and
 * `recreate.go`): the new ReplicaSet grows within the surge budget, old ones shrink, unhealthy
 * pods first, as far as `replicas - maxUnavailable` available pods allow.
 */
import { REPLICA_SETS } from '../api/builtin-resources.ts';
import type { Deployment } from '../api/objects.ts';
import {
	readyOf,
	replicasOf,
	revisionOf,
	REVISION,
	REVISION_HISTORY,
	copiedAnnotations,
	POD_TEMPLATE_HASH,
	type ReplicaSet,
	type RolloutBudget
} from './deployment-util.ts';
import { newReplicaSet, scaleReplicaSet, type DeploymentContext } from './deployment-sync.ts';

/** The template's ReplicaSet, created (or made the newest revision again on a rollback). */
export function currentReplicaSet(
	ctx: DeploymentContext,
	d: Deployment,
	hash: string,
	owned: readonly ReplicaSet[],
	olds: readonly ReplicaSet[],
	budget: RolloutBudget
): ReplicaSet | undefined {
	const desired = replicasOf(d);
	const current = owned.find((rs) => rs.metadata.labels?.[POD_TEMPLATE_HASH] === hash);
	const maxRevision = owned.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
	if (!current) {
		const oldTotal = olds.reduce((n, rs) => n + replicasOf(rs), 0);
		const initial = budget.recreate
			? oldTotal > 0
				? 0
				: desired
			: Math.min(desired, Math.max(0, desired + budget.maxSurge - oldTotal));
		return newReplicaSet(
			ctx,
			d,
			hash,
			olds.length === 0 ? desired : initial,
			maxRevision + 1,
			budget.maxSurge
		);
	}
	// SetNewReplicaSetAnnotations: the Deployment's annotations, and on a rollback the next
	// revision, the old one kept in `revision-history`.
	const copied = copiedAnnotations(d, current.metadata.annotations);
	const rollback = revisionOf(current) < maxRevision;
	if (copied || rollback) {
		const old = String(revisionOf(current));
		ctx.api.patch(REPLICA_SETS, current.metadata.namespace, current.metadata.name, (draft) => {
			const a = { ...draft.metadata.annotations, ...copied };
			if (rollback) {
				const history = a[REVISION_HISTORY];
				a[REVISION_HISTORY] = history ? `${history},${old}` : old;
				a[REVISION] = String(maxRevision + 1);
			}
			draft.metadata.annotations = a;
		});
	}
	return current;
}

/** `reconcileNewReplicaSet`: scale the new ReplicaSet up within the surge budget (or straight to size when alone). */
export function reconcileNewReplicaSet(
	ctx: DeploymentContext,
	d: Deployment,
	current: ReplicaSet,
	oldTotal: number,
	budget: RolloutBudget
): void {
	const desired = replicasOf(d);
	const total = replicasOf(current) + oldTotal;
	let target = replicasOf(current);
	if (oldTotal === 0) target = desired;
	else if (budget.recreate) target = 0;
	else if (target < desired)
		target = Math.min(desired, target + Math.max(0, desired + budget.maxSurge - total));
	else if (target > desired) target = desired;
	scaleReplicaSet(ctx, current, target, d, budget.maxSurge);
}

/** `reconcileOldReplicaSets`: unhealthy pods first, then as far as availability allows. */
export function reconcileOldReplicaSets(
	ctx: DeploymentContext,
	d: Deployment,
	current: ReplicaSet,
	olds: readonly ReplicaSet[],
	budget: RolloutBudget
): void {
	if (olds.length === 0) return;
	const desired = replicasOf(d);
	const oldTotal = olds.reduce((n, rs) => n + replicasOf(rs), 0);
	const minAvailable = desired - budget.maxUnavailable;
	const allTotal = replicasOf(current) + oldTotal;
	const newUnavailable = replicasOf(current) - readyOf(current);
	let left = budget.recreate ? oldTotal : allTotal - minAvailable - newUnavailable;
	for (const rs of olds) {
		if (left <= 0) break;
		const cut = Math.min(replicasOf(rs) - readyOf(rs), left);
		if (cut > 0) {
			scaleReplicaSet(ctx, rs, replicasOf(rs) - cut, d, budget.maxSurge);
			left -= cut;
		}
	}
	const available = [current, ...olds].reduce((n, rs) => n + readyOf(rs), 0);
	let canScale = budget.recreate ? oldTotal : Math.min(left, available - minAvailable);
	for (const rs of olds) {
		if (canScale <= 0) break;
		const cut = Math.min(replicasOf(rs), canScale);
		if (cut > 0) {
			scaleReplicaSet(ctx, rs, replicasOf(rs) - cut, d, budget.maxSurge);
			canScale -= cut;
		}
	}
}
