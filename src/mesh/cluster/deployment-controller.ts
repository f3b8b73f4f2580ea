/**
 * The Deployment controller (kube-controller-manager `pkg/controller/deployment`): one
 * ReplicaSet per pod template (named by its hash), a rolling update that keeps
 * `replicas - maxUnavailable` pods available and at most `replicas + maxSurge` pods in all, and
 * the status kubectl reads (READY, UP-TO-DATE, AVAILABLE, conditions). Its parts:
 * `deployment-rolling.ts` (a rollout step), `deployment-sync.ts` (ReplicaSets and status),
 * `deployment-util.ts` (annotations and arithmetic).
 */
import type { WatchEvent } from '../api/api-server.ts';
import { DEPLOYMENTS, REPLICA_SETS } from '../api/builtin-resources.ts';
import { clone } from '../api/deep.ts';
import type { Deployment, KubeObject } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import type { SimMillis } from '../types.ts';
import type { Controller } from './controller.ts';
import {
	currentReplicaSet,
	reconcileNewReplicaSet,
	reconcileOldReplicaSets
} from './deployment-rolling.ts';
import {
	cleanupDeployment,
	syncDeploymentStatus,
	type DeploymentContext
} from './deployment-sync.ts';
import {
	POD_TEMPLATE_HASH,
	replicasOf,
	revisionOf,
	rolloutBudget,
	type ReplicaSet
} from './deployment-util.ts';
import type { EventRecorder } from './events.ts';
import { keyOf, ownedBy, splitKey, WorkQueue } from './informers.ts';
import { podTemplateHash } from './names.ts';
import { controllerRef } from './pods.ts';

/** One sync of a Deployment against copies of the ReplicaSets it owns. */
function reconcile(ctx: DeploymentContext, d: Deployment, owned: ReplicaSet[]): void {
	const budget = rolloutBudget(d);
	// `rollout restart` changes a template annotation, so it hashes to a new ReplicaSet.
	const hash = podTemplateHash(d.spec.template);
	const existing = owned.find((rs) => rs.metadata.labels?.[POD_TEMPLATE_HASH] === hash);
	const olds = owned.filter((rs) => rs !== existing).sort((a, b) => revisionOf(a) - revisionOf(b));
	const current = currentReplicaSet(ctx, d, hash, owned, olds, budget);
	if (!current) return;
	const oldTotal = olds.reduce((n, rs) => n + replicasOf(rs), 0);
	reconcileNewReplicaSet(ctx, d, current, oldTotal, budget);
	reconcileOldReplicaSets(ctx, d, current, olds, budget);
	cleanupDeployment(ctx, d, olds);
	syncDeploymentStatus(ctx, d, hash, budget.maxUnavailable);
}

export function createDeploymentController(
	api: ClusterApiServer,
	now: () => SimMillis,
	events: EventRecorder
): Controller {
	const ctx: DeploymentContext = { api, events, now };
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
					ctx,
					d,
					ownedBy<ReplicaSet>(api, REPLICA_SETS, d.metadata.uid).map((rs) => clone(rs))
				);
			});
		}
	};
}
