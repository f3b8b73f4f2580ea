/**
 * The Deployment controller (kube-controller-manager `pkg/controller/deployment`): one
 * ReplicaSet per pod template (named by its hash), a rolling update that keeps
 * `replicas - maxUnavailable` pods available and at most `replicas + maxSurge` pods in all, and
 * the status kubectl reads (READY, UP-TO-DATE, AVAILABLE, conditions).
 */
import type { WatchEvent } from '../api/api-server.ts';
import { DEPLOYMENTS, REPLICA_SETS } from '../api/builtin-resources.ts';
import { clone } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import type { Deployment, KubeObject } from '../api/objects.ts';
import { timestamp } from '../api/time.ts';
import type { SimMillis } from '../types.ts';
import type { Controller } from './controller.ts';
import type { EventRecorder } from './events.ts';
import { deploymentStatus } from './deployment-status.ts';
import { podTemplateHash } from './names.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { keyOf, ownedBy, splitKey, WorkQueue } from './informers.ts';
import { controllerRef } from './pods.ts';

export const REVISION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH = 'pod-template-hash';

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

const replicasOf = (o: { spec: { replicas?: number } }): number => o.spec.replicas ?? 1;
const readyOf = (rs: ReplicaSet): number => Math.min(replicasOf(rs), rs.status?.readyReplicas ?? 0);
const revisionOf = (rs: KubeObject): number => Number(rs.metadata.annotations?.[REVISION] ?? 0);

export function createDeploymentController(
	api: ClusterApiServer,
	now: () => SimMillis,
	events: EventRecorder
): Controller {
	function setReplicas(rs: ReplicaSet, replicas: number, d: Deployment, maxSurge: number): void {
		const desired = String(replicasOf(d));
		const max = String(replicasOf(d) + maxSurge);
		const a = rs.metadata.annotations ?? {};
		if (rs.spec.replicas === replicas && a[DESIRED_REPLICAS] === desired && a[MAX_REPLICAS] === max)
			return;
		const from = replicasOf(rs);
		const scaled = api.patch(REPLICA_SETS, rs.metadata.namespace, rs.metadata.name, (draft) => {
			(draft as ReplicaSet).spec.replicas = replicas;
			draft.metadata.annotations = {
				...draft.metadata.annotations,
				[DESIRED_REPLICAS]: desired,
				[MAX_REPLICAS]: max
			};
		});
		rs.spec.replicas = replicas;
		if (!isApiError(scaled) && from !== replicas)
			events.event(
				d,
				'Normal',
				'ScalingReplicaSet',
				`Scaled ${from < replicas ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${replicas}`
			);
	}

	function newReplicaSet(
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
				...(d.spec.minReadySeconds !== undefined
					? { minReadySeconds: d.spec.minReadySeconds }
					: {}),
				selector: {
					...d.spec.selector,
					matchLabels: { ...d.spec.selector.matchLabels, [POD_TEMPLATE_HASH]: hash }
				},
				template
			}
		} as unknown as ReplicaSet;
		const created = api.create(rs);
		if (isApiError(created)) return undefined;
		if (replicas > 0)
			events.event(
				d,
				'Normal',
				'ScalingReplicaSet',
				`Scaled up replica set ${rs.metadata.name} from 0 to ${replicas}`
			);
		return created as ReplicaSet;
	}

	function reconcile(d: Deployment, owned: ReplicaSet[]): void {
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

		// `rollout restart` changes a template annotation, so it hashes to a new ReplicaSet.
		const hash = podTemplateHash(d.spec.template);
		let current = owned.find((rs) => rs.metadata.labels?.[POD_TEMPLATE_HASH] === hash);
		const maxRevision = owned.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
		const olds = owned.filter((rs) => rs !== current).sort((a, b) => revisionOf(a) - revisionOf(b));
		const oldTotal = olds.reduce((n, rs) => n + replicasOf(rs), 0);

		if (!current) {
			const initial = recreate
				? oldTotal > 0
					? 0
					: desired
				: Math.min(desired, Math.max(0, desired + maxSurge - oldTotal));
			current = newReplicaSet(
				d,
				hash,
				olds.length === 0 ? desired : initial,
				maxRevision + 1,
				maxSurge
			);
			if (!current) return;
		} else if (revisionOf(current) < maxRevision) {
			// Rolling back to an older template: it becomes the newest revision again.
			const rev = String(maxRevision + 1);
			api.patch(REPLICA_SETS, current.metadata.namespace, current.metadata.name, (draft) => {
				draft.metadata.annotations = { ...draft.metadata.annotations, [REVISION]: rev };
			});
		}

		// Scale the new ReplicaSet up within the surge budget (or straight to size when alone).
		const total = replicasOf(current) + oldTotal;
		let target = replicasOf(current);
		if (oldTotal === 0) target = desired;
		else if (recreate) target = 0;
		else if (target < desired)
			target = Math.min(desired, target + Math.max(0, desired + maxSurge - total));
		else if (target > desired) target = desired;
		if (recreate && oldTotal === 0) target = desired;
		setReplicas(current, target, d, maxSurge);

		// Scale old ReplicaSets down: unhealthy pods first, then as far as availability allows.
		if (olds.length > 0) {
			const minAvailable = desired - maxUnavailable;
			const allTotal = replicasOf(current) + oldTotal;
			const newUnavailable = replicasOf(current) - readyOf(current);
			let budget = recreate ? oldTotal : allTotal - minAvailable - newUnavailable;
			for (const rs of olds) {
				if (budget <= 0) break;
				const unhealthy = replicasOf(rs) - readyOf(rs);
				const cut = Math.min(unhealthy, budget);
				if (cut > 0) {
					setReplicas(rs, replicasOf(rs) - cut, d, maxSurge);
					budget -= cut;
				}
			}
			const available = [current, ...olds].reduce((n, rs) => n + readyOf(rs), 0);
			let canScale = recreate ? oldTotal : Math.min(budget, available - minAvailable);
			for (const rs of olds) {
				if (canScale <= 0) break;
				const cut = Math.min(replicasOf(rs), canScale);
				if (cut > 0) {
					setReplicas(rs, replicasOf(rs) - cut, d, maxSurge);
					canScale -= cut;
				}
			}
		}

		// Keep `revisionHistoryLimit` scaled-down ReplicaSets for `kubectl rollout undo`.
		const limit =
			typeof d.spec.revisionHistoryLimit === 'number' ? d.spec.revisionHistoryLimit : 10;
		const idle = olds.filter((rs) => replicasOf(rs) === 0 && (rs.status?.replicas ?? 0) === 0);
		for (const rs of idle.slice(0, Math.max(0, idle.length - limit)))
			api.delete(REPLICA_SETS, rs.metadata.namespace, rs.metadata.name);

		const fresh = ownedBy<ReplicaSet>(api, REPLICA_SETS, d.metadata.uid).filter(
			(rs) => rs.metadata.namespace === d.metadata.namespace
		);
		const status = deploymentStatus(d, fresh, hash, maxUnavailable, timestamp(now()));
		const revision = fresh.find((rs) => rs.metadata.labels?.[POD_TEMPLATE_HASH] === hash)?.metadata
			.annotations?.[REVISION];
		api.patch(DEPLOYMENTS, d.metadata.namespace, d.metadata.name, (draft) => {
			draft.status = status;
			if (revision)
				draft.metadata.annotations = { ...draft.metadata.annotations, [REVISION]: revision };
		});
	}

	/** Deployments whose ReplicaSets or status may be out of date. */
	const queue = new WorkQueue();
	/** uid → key of every Deployment: a ReplicaSet names its owner by uid. */
	const keysByUid = new Map<string, string>();
	for (const d of api.peek(DEPLOYMENTS) as readonly Deployment[]) {
		keysByUid.set(d.metadata.uid, keyOf(d));
		queue.add(keyOf(d));
	}
	const enqueueOwner = (rs: KubeObject): void => {
		const key = keysByUid.get(controllerRef(rs)?.uid ?? '');
		if (key) queue.add(key);
	};
	api.addEventHandler(DEPLOYMENTS, {
		onAdd: (d) => {
			keysByUid.set(d.metadata.uid, keyOf(d));
			queue.add(keyOf(d));
		},
		onUpdate: (_, d) => queue.add(keyOf(d)),
		onDelete: (d) => keysByUid.delete(d.metadata.uid)
	});
	api.addEventHandler(REPLICA_SETS, {
		onAdd: enqueueOwner,
		onUpdate: (old, rs) => {
			enqueueOwner(old);
			enqueueOwner(rs);
		},
		onDelete: enqueueOwner
	});

	return {
		name: 'deployment',
		wants: (e: WatchEvent) =>
			e.resource.group === 'apps' &&
			(e.resource.kind === 'Deployment' || e.resource.kind === 'ReplicaSet'),
		sync() {
			queue.process((key) => {
				const { namespace, name } = splitKey(key);
				const d = api.peekObject(DEPLOYMENTS, namespace, name) as Deployment | undefined;
				if (!d) return;
				// Copies: scaling updates `rs.spec.replicas` in this local view.
				reconcile(
					d,
					ownedBy<ReplicaSet>(api, REPLICA_SETS, d.metadata.uid).map((rs) => clone(rs))
				);
			});
		}
	};
}
