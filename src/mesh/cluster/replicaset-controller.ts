/**
 * The ReplicaSet controller (`pkg/controller/replicaset`): keeps `spec.replicas` pods alive,
 * named `<rs>-<5 chars>` from the seeded Rng, and reports replicas/ready/available. When
 * scaling down it deletes the least useful pods first: unscheduled, then pending, then not
 * ready, then the newest (the real `ActivePodsWithRanks` order, simplified).
 *
 * As `manageReplicas` does, one RS creates or deletes at most `burstReplicas` (500) pods per
 * pass, creating in slow-start batches (1, 2, 4, …) that stop at the first batch with a
 * failure; the rest waits for a later pass (controller.ts), so a scale to 10,000 makes its
 * pods over many short passes.
 */
import type { WatchEvent } from '../api/api-server.ts';
import { PODS, REPLICA_SETS } from '../api/builtin-resources.ts';
import { clone } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import type { Rng } from '../random.ts';
import type { EventRecorder } from './events.ts';
import type { Controller } from './controller.ts';
import type { ReplicaSet } from './deployment-util.ts';
import { randomSuffix } from './names.ts';
import { keyOf, ownedBy, podNames, splitKey, WorkQueue, type PodNames } from './informers.ts';
import { byCreation, controllerRef, isActivePod, isPodReady } from './pods.ts';

interface OwnerStats {
	active: number;
	ready: number;
	/** `JSON.stringify(labels)` → the labels and how many active pods carry them. */
	readonly labelSets: Map<
		string,
		{ readonly labels: Readonly<Record<string, string>>; count: number }
	>;
}

/** Lower is deleted first. */
function rank(pod: Pod): number {
	if (!pod.spec.nodeName) return 0;
	if (pod.status?.phase === 'Pending') return 1;
	if (!isPodReady(pod)) return 2;
	return 3;
}

/** kube-controller-manager's `BurstReplicas`: pods one ReplicaSet creates or deletes per pass. */
export const BURST_REPLICAS = 500;
/** `controller.SlowStartInitialBatchSize`. */
const SLOW_START_INITIAL_BATCH = 1;

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

export interface ReplicaSetController extends Controller {
	/** Did some ReplicaSet want more pods made or removed than this pass's burst allowed? */
	throttled(): boolean;
}

export function createReplicaSetController(
	api: ClusterApiServer,
	rng: Rng,
	events: EventRecorder
): ReplicaSetController {
	/** Pods created or deleted this pass, per ReplicaSet uid. */
	const spent = new Map<string, number>();
	/** ReplicaSets whose burst ran out this pass with pods still to make or remove. */
	const cut = new Set<string>();

	function createPod(rs: ReplicaSet, taken: PodNames): boolean {
		const template = clone(rs.spec.template);
		for (let attempt = 0; attempt < 20; attempt++) {
			const name = `${rs.metadata.name}-${randomSuffix(rng)}`;
			if (taken.has(name)) continue;
			const pod = {
				apiVersion: 'v1',
				kind: 'Pod',
				metadata: {
					name,
					generateName: `${rs.metadata.name}-`,
					namespace: rs.metadata.namespace,
					labels: { ...template.metadata?.labels },
					...(template.metadata?.annotations
						? { annotations: { ...template.metadata.annotations } }
						: {}),
					ownerReferences: [
						{
							apiVersion: 'apps/v1',
							kind: 'ReplicaSet',
							name: rs.metadata.name,
							uid: rs.metadata.uid,
							controller: true,
							blockOwnerDeletion: true
						}
					]
				},
				spec: template.spec
			} as unknown as Pod;
			const r = api.create(pod);
			if (!isApiError(r)) {
				events.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`);
				return true;
			}
			if (r.reason !== 'AlreadyExists') {
				events.event(rs, 'Warning', 'FailedCreate', `Error creating: ${r.message}`);
				return false;
			}
		}
		return false;
	}

	function reconcile(rs: ReplicaSet, taken: PodNames): void {
		const want = rs.spec.replicas ?? 1;
		// Counts kept by the pod handler: only a scale-down needs the pods themselves.
		const activeCount = statsOf(rs)?.active ?? 0;
		const uid = rs.metadata.uid;
		const budget = BURST_REPLICAS - (spent.get(uid) ?? 0);
		const diff = Math.min(Math.abs(activeCount - want), budget);
		if (Math.abs(activeCount - want) > budget) cut.add(uid);
		if (activeCount < want && diff > 0) {
			spent.set(uid, (spent.get(uid) ?? 0) + diff);
			slowStartBatch(diff, SLOW_START_INITIAL_BATCH, () => createPod(rs, taken));
		} else if (activeCount > want && diff > 0) {
			spent.set(uid, (spent.get(uid) ?? 0) + diff);
			const victims = ownedPods(rs)
				.filter(isActivePod)
				.sort((a, b) => rank(a) - rank(b) || byCreation(b, a))
				.slice(0, diff);
			for (const p of victims)
				if (!isApiError(api.delete(PODS, p.metadata.namespace, p.metadata.name)))
					events.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
		}
		const now = statsOf(rs);
		const replicas = now?.active ?? 0;
		// Short of or past its replicas (a burst cut, a failed create): look again next sync.
		if (replicas !== want) queue.add(keyOf(rs));
		const templateLabels = Object.entries(rs.spec.template.metadata?.labels ?? {});
		let labelled = 0;
		for (const { labels, count } of now?.labelSets.values() ?? [])
			if (templateLabels.every(([k, v]) => labels[k] === v)) labelled += count;
		const ready = now?.ready ?? 0;
		const status: Record<string, unknown> = { replicas };
		if (labelled > 0) status.fullyLabeledReplicas = labelled;
		if (ready > 0) {
			status.readyReplicas = ready;
			status.availableReplicas = ready;
		}
		status.observedGeneration = rs.metadata.generation ?? 1;
		api.patch(REPLICA_SETS, rs.metadata.namespace, rs.metadata.name, (draft) => {
			draft.status = status;
		});
	}

	/**
	 * Per controller owner (`namespace/uid`): its active pods, how many are ready, and how many
	 * carry each label set. Kept by the pod handler, so a status needs no walk over the pods.
	 */
	const stats = new Map<string, OwnerStats>();
	const statsOf = (rs: ReplicaSet): OwnerStats | undefined =>
		stats.get(`${rs.metadata.namespace}/${rs.metadata.uid}`);
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

	/** ReplicaSets whose pods or status may be out of date. */
	const queue = new WorkQueue();
	/** uid → key of every ReplicaSet: a pod names its owner by uid. */
	const keysByUid = new Map<string, string>();
	const taken = podNames(api);
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
			countPod(p, 1);
			enqueueOwner(p);
		},
		onUpdate: (old, p) => {
			countPod(old, -1);
			countPod(p, 1);
			enqueueOwner(old);
			enqueueOwner(p);
		},
		onDelete: (p) => {
			countPod(p, -1);
			enqueueOwner(p);
		}
	});

	/** The pods this ReplicaSet controls, in list order (the `controllerUID` index). */
	const ownedPods = (rs: ReplicaSet): Pod[] =>
		ownedBy<Pod>(api, PODS, rs.metadata.uid).filter(
			(p) => p.metadata.namespace === rs.metadata.namespace
		);

	return {
		name: 'replicaset',
		wants: (e: WatchEvent) =>
			(e.resource.group === 'apps' && e.resource.kind === 'ReplicaSet') ||
			(e.resource.group === '' && e.resource.kind === 'Pod'),
		sync() {
			queue.process((key) => {
				const { namespace, name } = splitKey(key);
				const rs = api.peekObject(REPLICA_SETS, namespace, name) as ReplicaSet | undefined;
				if (rs) reconcile(rs, taken);
			});
		},
		held: () => spent.size > 0,
		resume() {
			spent.clear();
			cut.clear();
		},
		throttled: () => cut.size > 0
	};
}
