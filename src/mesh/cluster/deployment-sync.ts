/**
 * The Deployment controller's ReplicaSet bookkeeping (kube-controller-manager
 * `pkg/controller/deployment/sync.go`): creating the ReplicaSet of a new template
 * (`getNewReplicaSet`), scaling one with its events (`scaleReplicaSet`), pruning old ones past
 * `revisionHistoryLimit` (`cleanupDeployment`) and writing the status kubectl reads.
 */
import { DEPLOYMENTS, REPLICA_SETS } from '../api/builtin-resources.ts';
import { clone } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import type { Deployment } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { timestamp } from '../api/time.ts';
import type { SimMillis } from '../types.ts';
import { deploymentStatus } from './deployment-status.ts';
import {
	copiedAnnotations,
	DESIRED_REPLICAS,
	MAX_REPLICAS,
	POD_TEMPLATE_HASH,
	replicasOf,
	REVISION,
	type ReplicaSet
} from './deployment-util.ts';
import type { EventRecorder } from './events.ts';
import { ownedBy } from './informers.ts';

export interface DeploymentContext {
	readonly api: ClusterApiServer;
	readonly events: EventRecorder;
	readonly now: () => SimMillis;
}

/** Scales `rs` (and updates the local copy), with the Deployment's `ScalingReplicaSet` event. */
export function scaleReplicaSet(
	ctx: DeploymentContext,
	rs: ReplicaSet,
	replicas: number,
	d: Deployment,
	maxSurge: number
): void {
	const desired = String(replicasOf(d));
	const max = String(replicasOf(d) + maxSurge);
	const a = rs.metadata.annotations ?? {};
	if (rs.spec.replicas === replicas && a[DESIRED_REPLICAS] === desired && a[MAX_REPLICAS] === max)
		return;
	const from = replicasOf(rs);
	const scaled = ctx.api.patch(REPLICA_SETS, rs.metadata.namespace, rs.metadata.name, (draft) => {
		(draft as ReplicaSet).spec.replicas = replicas;
		draft.metadata.annotations = {
			...draft.metadata.annotations,
			[DESIRED_REPLICAS]: desired,
			[MAX_REPLICAS]: max
		};
	});
	rs.spec.replicas = replicas;
	if (!isApiError(scaled) && from !== replicas)
		ctx.events.event(
			d,
			'Normal',
			'ScalingReplicaSet',
			`Scaled ${from < replicas ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${replicas}`
		);
}

/** The ReplicaSet a template hashes to, named `<deployment>-<hash>` and owned by `d`. */
export function newReplicaSet(
	ctx: DeploymentContext,
	d: Deployment,
	hash: string,
	replicas: number,
	revision: number,
	maxSurge: number
): ReplicaSet | undefined {
	const template = clone(d.spec.template);
	template.metadata = {
		...template.metadata,
		labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash }
	};
	const rs = {
		apiVersion: 'apps/v1',
		kind: 'ReplicaSet',
		metadata: {
			name: `${d.metadata.name}-${hash}`,
			namespace: d.metadata.namespace,
			labels: { ...template.metadata.labels },
			annotations: {
				...copiedAnnotations(d, {}),
				[DESIRED_REPLICAS]: String(replicasOf(d)),
				[MAX_REPLICAS]: String(replicasOf(d) + maxSurge),
				[REVISION]: String(revision)
			},
			ownerReferences: [
				{
					apiVersion: 'apps/v1',
					kind: 'Deployment',
					name: d.metadata.name,
					uid: d.metadata.uid,
					controller: true,
					blockOwnerDeletion: true
				}
			]
		},
		spec: {
			replicas,
			...(d.spec.minReadySeconds !== undefined ? { minReadySeconds: d.spec.minReadySeconds } : {}),
			selector: {
				...d.spec.selector,
				matchLabels: { ...d.spec.selector.matchLabels, [POD_TEMPLATE_HASH]: hash }
			},
			template
		}
	} as unknown as ReplicaSet;
	const created = ctx.api.create(rs);
	if (isApiError(created)) return undefined;
	if (replicas > 0)
		ctx.events.event(
			d,
			'Normal',
			'ScalingReplicaSet',
			`Scaled up replica set ${rs.metadata.name} from 0 to ${replicas}`
		);
	return created as ReplicaSet;
}

/** Keeps `revisionHistoryLimit` scaled-down ReplicaSets for `kubectl rollout undo`. */
export function cleanupDeployment(ctx: DeploymentContext, d: Deployment, olds: ReplicaSet[]): void {
	const limit = typeof d.spec.revisionHistoryLimit === 'number' ? d.spec.revisionHistoryLimit : 10;
	const idle = olds.filter((rs) => replicasOf(rs) === 0 && (rs.status?.replicas ?? 0) === 0);
	for (const rs of idle.slice(0, Math.max(0, idle.length - limit)))
		ctx.api.delete(REPLICA_SETS, rs.metadata.namespace, rs.metadata.name);
}

/** Writes the status (READY, UP-TO-DATE, AVAILABLE, conditions) and the current revision. */
export function syncDeploymentStatus(
	ctx: DeploymentContext,
	d: Deployment,
	hash: string,
	maxUnavailable: number
): void {
	const fresh = ownedBy<ReplicaSet>(ctx.api, REPLICA_SETS, d.metadata.uid).filter(
		(rs) => rs.metadata.namespace === d.metadata.namespace
	);
	const status = deploymentStatus(d, fresh, hash, maxUnavailable, timestamp(ctx.now()));
	const revision = fresh.find((rs) => rs.metadata.labels?.[POD_TEMPLATE_HASH] === hash)?.metadata
		.annotations?.[REVISION];
	ctx.api.patch(DEPLOYMENTS, d.metadata.namespace, d.metadata.name, (draft) => {
		draft.status = status;
		if (revision)
			draft.metadata.annotations = { ...draft.metadata.annotations, [REVISION]: revision };
	});
}
