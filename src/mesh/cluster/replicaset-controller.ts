/**
 * The ReplicaSet controller (`pkg/controller/replicaset`): keeps `spec.replicas` pods alive,
 * named `<rs>-<5 chars>` from the seeded Rng, and reports replicas/ready/available. Its parts:
 * `replicaset-manage.ts` (creating and deleting pods within the burst, `replica_set.go`),
 * `replicaset-utils.ts` (pod counts per owner and the status, `replica_set_utils.go`). This
 * file is the wiring: the work queue, the event handlers and `syncReplicaSet`.
 */
import type { WatchEvent } from '../api/api-server.ts';
import { PODS, REPLICA_SETS } from '../api/builtin-resources.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import type { Rng } from '../random.ts';
import type { Controller } from './controller.ts';
import type { ReplicaSet } from './deployment-util.ts';
import type { EventRecorder } from './events.ts';
import { keyOf, ownedBy, podNames, splitKey, WorkQueue } from './informers.ts';
import { controllerRef } from './pods.ts';
import { manageReplicas, type ReplicaSetContext } from './replicaset-manage.ts';
import {
	calculateStatus,
	ownerPodCounts,
	updateReplicaSetStatus,
	type OwnerPodCounts
} from './replicaset-utils.ts';

export interface ReplicaSetController extends Controller {
	/** Did some ReplicaSet want more pods made or removed than this pass's burst allowed? */
	throttled(): boolean;
}

/** `syncReplicaSet`: scale toward `spec.replicas`, then write the status from the counts. */
function syncReplicaSet(
	ctx: ReplicaSetContext,
	counts: OwnerPodCounts,
	queue: WorkQueue,
	rs: ReplicaSet
): void {
	const want = rs.spec.replicas ?? 1;
	// Counts kept by the pod handler: only a scale-down needs the pods themselves.
	manageReplicas(ctx, rs, counts.statsOf(rs)?.active ?? 0, want);
	const now = counts.statsOf(rs);
	// Short of or past its replicas (a burst cut, a failed create): look again next sync.
	if ((now?.active ?? 0) !== want) queue.add(keyOf(rs));
	updateReplicaSetStatus(ctx.api, rs, calculateStatus(rs, now));
}

export function createReplicaSetController(
	api: ClusterApiServer,
	rng: Rng,
	events: EventRecorder
): ReplicaSetController {
	const counts = ownerPodCounts(api);
	/** ReplicaSets whose pods or status may be out of date. */
	const queue = new WorkQueue();
	/** uid → key of every ReplicaSet: a pod names its owner by uid. */
	const keysByUid = new Map<string, string>();
	const ctx: ReplicaSetContext = {
		api,
		rng,
		events,
		taken: podNames(api),
		spent: new Map(),
		cut: new Set(),
		// The `controllerUID` index, in list order.
		ownedPods: (rs) =>
			ownedBy<Pod>(api, PODS, rs.metadata.uid).filter(
				(p) => p.metadata.namespace === rs.metadata.namespace
			)
	};
	const enqueueOwner = (pod: KubeObject): void => {
		const key = keysByUid.get(controllerRef(pod)?.uid ?? '');
		if (key) queue.add(key);
	};
	for (const rs of api.peek(REPLICA_SETS) as readonly ReplicaSet[]) {
		keysByUid.set(rs.metadata.uid, keyOf(rs));
		queue.add(keyOf(rs));
	}
	api.addEventHandler(REPLICA_SETS, {
		onAdd: (rs) => {
			keysByUid.set(rs.metadata.uid, keyOf(rs));
			queue.add(keyOf(rs));
		},
		onUpdate: (_, rs) => queue.add(keyOf(rs)),
		onDelete: (rs) => keysByUid.delete(rs.metadata.uid)
	});
	api.addEventHandler(PODS, {
		onAdd: (p) => {
			counts.countPod(p, 1);
			enqueueOwner(p);
		},
		onUpdate: (old, p) => {
			counts.countPod(old, -1);
			counts.countPod(p, 1);
			enqueueOwner(old);
			enqueueOwner(p);
		},
		onDelete: (p) => {
			counts.countPod(p, -1);
			enqueueOwner(p);
		}
	});

	return {
		name: 'replicaset',
		wants: (e: WatchEvent) =>
			(e.resource.group === 'apps' && e.resource.kind === 'ReplicaSet') ||
			(e.resource.group === '' && e.resource.kind === 'Pod'),
		sync() {
			queue.process((key) => {
				const { namespace, name } = splitKey(key);
				const rs = api.peekObject(REPLICA_SETS, namespace, name) as ReplicaSet | undefined;
				if (rs) syncReplicaSet(ctx, counts, queue, rs);
			});
		},
		held: () => ctx.spent.size > 0,
		resume() {
			ctx.spent.clear();
			ctx.cut.clear();
		},
		throttled: () => ctx.cut.size > 0
	};
}
