/**
 * The ReplicaSet controller's scaling (kube-controller-manager
 * `pkg/controller/replicaset/replica_set.go`: `manageReplicas`, `slowStartBatch`,
 * `getPodsToDelete`). One RS creates or deletes at most `burstReplicas` (500) pods per pass,
 * creating in slow-start batches (1, 2, 4, …) that stop at the first batch with a failure; the
 * rest waits for a later pass (controller.ts), so a scale to 10,000 makes its pods over many
 * short passes.
 */
import { PODS } from '../api/builtin-resources.ts';
import { isApiError } from '../api/errors.ts';
import type { Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import type { Rng } from '../random.ts';
import type { ReplicaSet } from './deployment-util.ts';
import type { EventRecorder } from './events.ts';
import type { PodNames } from './informers.ts';
import { createPodWithControllerRef } from './pod-control.ts';
import { byCreation, isActivePod, isPodReady } from './pods.ts';

/** kube-controller-manager's `BurstReplicas`: pods one ReplicaSet creates or deletes per pass. */
export const BURST_REPLICAS = 500;
/** `controller.SlowStartInitialBatchSize`. */
const SLOW_START_INITIAL_BATCH = 1;

/** What scaling reads and writes, shared with the controller's sync. */
export interface ReplicaSetContext {
	readonly api: ClusterApiServer;
	readonly rng: Rng;
	readonly events: EventRecorder;
	/** Pod names in use (a new pod's name must be free in every namespace). */
	readonly taken: PodNames;
	/** Pods created or deleted this pass, per ReplicaSet uid. */
	readonly spent: Map<string, number>;
	/** ReplicaSets whose burst ran out this pass with pods still to make or remove. */
	readonly cut: Set<string>;
	/** The pods this ReplicaSet controls, in list order. */
	ownedPods(rs: ReplicaSet): Pod[];
}

/**
 * `slowStartBatch`: calls `fn` `count` times in batches of 1, 2, 4, …; stops after a batch with
 * a failure (kube skips the rest: an error now is likely an error for all). Returns successes.
 */
export function slowStartBatch(count: number, initial: number, fn: () => boolean): number {
	let remaining = count;
	let successes = 0;
	for (let size = Math.min(remaining, initial); size > 0; size = Math.min(2 * size, remaining)) {
		let failed = false;
		for (let i = 0; i < size; i++) {
			if (fn()) successes++;
			else failed = true;
		}
		remaining -= size;
		if (failed) break;
	}
	return successes;
}

/** Lower is deleted first (the real `ActivePodsWithRanks` order, simplified). */
function rank(pod: Pod): number {
	if (!pod.spec.nodeName) return 0;
	if (pod.status?.phase === 'Pending') return 1;
	if (!isPodReady(pod)) return 2;
	return 3;
}

/** `getPodsToDelete`: unscheduled, then pending, then not ready, then the newest. */
function getPodsToDelete(ctx: ReplicaSetContext, rs: ReplicaSet, diff: number): Pod[] {
	return ctx
		.ownedPods(rs)
		.filter(isActivePod)
		.sort((a, b) => rank(a) - rank(b) || byCreation(b, a))
		.slice(0, diff);
}

/** `manageReplicas`: creates or deletes up to this pass's burst toward `want` pods. */
export function manageReplicas(
	ctx: ReplicaSetContext,
	rs: ReplicaSet,
	activeCount: number,
	want: number
): void {
	const uid = rs.metadata.uid;
	const budget = BURST_REPLICAS - (ctx.spent.get(uid) ?? 0);
	const diff = Math.min(Math.abs(activeCount - want), budget);
	if (Math.abs(activeCount - want) > budget) ctx.cut.add(uid);
	if (activeCount < want && diff > 0) {
		ctx.spent.set(uid, (ctx.spent.get(uid) ?? 0) + diff);
		slowStartBatch(diff, SLOW_START_INITIAL_BATCH, () =>
			createPodWithControllerRef(ctx, rs, 'apps/v1', 'ReplicaSet')
		);
	} else if (activeCount > want && diff > 0) {
		ctx.spent.set(uid, (ctx.spent.get(uid) ?? 0) + diff);
		for (const p of getPodsToDelete(ctx, rs, diff))
			if (!isApiError(ctx.api.delete(PODS, p.metadata.namespace, p.metadata.name)))
				ctx.events.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
	}
}
