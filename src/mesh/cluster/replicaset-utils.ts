/**
 * The ReplicaSet controller's status (kube-controller-manager
 * `pkg/controller/replicaset/replica_set_utils.go`: `calculateStatus`, `updateReplicaSetStatus`).
 * The counts come from `OwnerPodCounts`, kept by the pod handler, so writing a status needs no
 * walk over the pods.
 */
import { PODS, REPLICA_SETS } from '../api/builtin-resources.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import type { ReplicaSet } from './deployment-util.ts';
import { controllerRef, isActivePod, isPodReady } from './pods.ts';

export interface OwnerStats {
	active: number;
	ready: number;
	/** `JSON.stringify(labels)` → the labels and how many active pods carry them. */
	readonly labelSets: Map<
		string,
		{ readonly labels: Readonly<Record<string, string>>; count: number }
	>;
}

/**
 * Per controller owner (`namespace/uid`): its active pods, how many are ready, and how many
 * carry each label set.
 */
export interface OwnerPodCounts {
	statsOf(rs: ReplicaSet): OwnerStats | undefined;
	/** Counts `pod` in (`by` 1) or out (`by` -1) of its controller owner's stats. */
	countPod(pod: KubeObject, by: number): void;
}

/** Counts the pods already stored; the controller's pod handler keeps it current. */
export function ownerPodCounts(api: ClusterApiServer): OwnerPodCounts {
	const stats = new Map<string, OwnerStats>();
	const countPod = (pod: KubeObject, by: number): void => {
		const uid = controllerRef(pod)?.uid;
		if (uid === undefined || !isActivePod(pod as Pod)) return;
		const key = `${pod.metadata.namespace}/${uid}`;
		let s = stats.get(key);
		if (!s) stats.set(key, (s = { active: 0, ready: 0, labelSets: new Map() }));
		s.active += by;
		if (isPodReady(pod as Pod)) s.ready += by;
		const labels = pod.metadata.labels ?? {};
		const text = JSON.stringify(labels);
		const set = s.labelSets.get(text) ?? { labels, count: 0 };
		set.count += by;
		if (set.count > 0) s.labelSets.set(text, set);
		else s.labelSets.delete(text);
		if (s.active === 0) stats.delete(key);
	};
	for (const p of api.peek(PODS) as readonly Pod[]) countPod(p, 1);
	return {
		statsOf: (rs) => stats.get(`${rs.metadata.namespace}/${rs.metadata.uid}`),
		countPod
	};
}

/** `calculateStatus`: replicas, fully labeled, ready and available (ready: no minReadySeconds). */
export function calculateStatus(
	rs: ReplicaSet,
	now: OwnerStats | undefined
): Record<string, unknown> {
	const templateLabels = Object.entries(rs.spec.template.metadata?.labels ?? {});
	let labelled = 0;
	for (const { labels, count } of now?.labelSets.values() ?? [])
		if (templateLabels.every(([k, v]) => labels[k] === v)) labelled += count;
	const ready = now?.ready ?? 0;
	const status: Record<string, unknown> = { replicas: now?.active ?? 0 };
	if (labelled > 0) status.fullyLabeledReplicas = labelled;
	if (ready > 0) {
		status.readyReplicas = ready;
		status.availableReplicas = ready;
	}
	status.observedGeneration = rs.metadata.generation ?? 1;
	return status;
}

/** `updateReplicaSetStatus`. */
export function updateReplicaSetStatus(
	api: ClusterApiServer,
	rs: ReplicaSet,
	status: Record<string, unknown>
): void {
	api.patch(REPLICA_SETS, rs.metadata.namespace, rs.metadata.name, (draft) => {
		draft.status = status;
	});
}
