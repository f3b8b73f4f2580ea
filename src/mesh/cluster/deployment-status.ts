/**
 * Deployment status as `pkg/controller/deployment/sync.go` computes it, with the condition
 * reasons and messages `kubectl describe` and `kubectl rollout status` show. Zero counts are
 * omitted, as the real API's `omitempty` does.
 */
import type { Deployment } from '../api/objects.ts';
import type { ReplicaSet } from './deployment-util.ts';

interface Condition {
	type: string;
	status: string;
	reason: string;
	message: string;
	lastUpdateTime: string;
	lastTransitionTime: string;
}

const POD_TEMPLATE_HASH = 'pod-template-hash';

/** Keeps transition times when nothing changed, so a resync writes nothing. */
function condition(
	previous: readonly Condition[],
	type: string,
	status: string,
	reason: string,
	message: string,
	at: string
): Condition {
	const old = previous.find((c) => c.type === type);
	if (old && old.status === status && old.reason === reason && old.message === message) return old;
	return {
		type,
		status,
		reason,
		message,
		lastUpdateTime: at,
		lastTransitionTime: old && old.status === status ? old.lastTransitionTime : at
	};
}

export function deploymentStatus(
	d: Deployment,
	sets: readonly ReplicaSet[],
	hash: string,
	maxUnavailable: number,
	at: string
): Record<string, unknown> {
	const desired = d.spec.replicas ?? 1;
	const current = sets.find((rs) => rs.metadata.labels?.[POD_TEMPLATE_HASH] === hash);
	const sum = (f: (rs: ReplicaSet) => number): number => sets.reduce((n, rs) => n + f(rs), 0);
	const replicas = sum((rs) => rs.status?.replicas ?? 0);
	const ready = sum((rs) => rs.status?.readyReplicas ?? 0);
	const available = sum((rs) => rs.status?.availableReplicas ?? 0);
	const updated = current?.status?.replicas ?? 0;
	const specTotal = sum((rs) => rs.spec.replicas ?? 0);
	const unavailable = Math.max(0, specTotal - available);
	const previous = ((d.status?.conditions ?? []) as Condition[]).filter(
		(c) => typeof c === 'object'
	);

	const availableCond =
		available >= desired - maxUnavailable
			? condition(
					previous,
					'Available',
					'True',
					'MinimumReplicasAvailable',
					'Deployment has minimum availability.',
					at
				)
			: condition(
					previous,
					'Available',
					'False',
					'MinimumReplicasUnavailable',
					'Deployment does not have minimum availability.',
					at
				);
	const name = current?.metadata.name ?? '';
	const complete =
		current !== undefined &&
		updated === desired &&
		replicas === desired &&
		(current.status?.availableReplicas ?? 0) === desired;
	const prevProgress = previous.find((c) => c.type === 'Progressing');
	const mentions = prevProgress?.message.includes(`"${name}"`) ?? false;
	const progressing = complete
		? condition(
				previous,
				'Progressing',
				'True',
				'NewReplicaSetAvailable',
				`ReplicaSet "${name}" has successfully progressed.`,
				at
			)
		: !mentions
			? condition(
					previous,
					'Progressing',
					'True',
					'NewReplicaSetCreated',
					`Created new replica set "${name}"`,
					at
				)
			: prevProgress && prevProgress.reason !== 'NewReplicaSetAvailable'
				? prevProgress
				: condition(
						previous,
						'Progressing',
						'True',
						'ReplicaSetUpdated',
						`ReplicaSet "${name}" is progressing.`,
						at
					);

	const status: Record<string, unknown> = { observedGeneration: d.metadata.generation ?? 1 };
	if (replicas > 0) status.replicas = replicas;
	if (updated > 0) status.updatedReplicas = updated;
	if (ready > 0) status.readyReplicas = ready;
	if (available > 0) status.availableReplicas = available;
	if (unavailable > 0) status.unavailableReplicas = unavailable;
	status.conditions = [availableCond, progressing];
	return status;
}
