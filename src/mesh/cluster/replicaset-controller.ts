/**
 * The ReplicaSet controller (`pkg/controller/replicaset`): keeps `spec.replicas` pods alive,
 * named `<rs>-<5 chars>` from the seeded Rng, and reports replicas/ready/available. When
 * scaling down it deletes the least useful pods first: unscheduled, then pending, then not
 * ready, then the newest (the real `ActivePodsWithRanks` order, simplified).
 */
import type { ApiServer, WatchEvent } from '../api/api-server.ts';
import { PODS, REPLICA_SETS } from '../api/builtin-resources.ts';
import { clone } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import type { Pod } from '../api/objects.ts';
import type { Rng } from '../random.ts';
import type { Controller } from './controller.ts';
import type { ReplicaSet } from './deployment-controller.ts';
import { randomSuffix } from './names.ts';
import { byCreation, controllerRef, isActivePod, isPodReady, listAll } from './pods.ts';

/** Lower is deleted first. */
function rank(pod: Pod): number {
	if (!pod.spec.nodeName) return 0;
	if (pod.status?.phase === 'Pending') return 1;
	if (!isPodReady(pod)) return 2;
	return 3;
}

export function createReplicaSetController(api: ApiServer, rng: Rng): Controller {
	function createPod(rs: ReplicaSet, taken: Set<string>): void {
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
			if (!isApiError(r)) taken.add(name);
			if (!isApiError(r) || r.reason !== 'AlreadyExists') return;
		}
	}

	function reconcile(rs: ReplicaSet, pods: Pod[], taken: Set<string>): void {
		const want = rs.spec.replicas ?? 1;
		const active = pods.filter(isActivePod);
		if (active.length < want) {
			for (let i = active.length; i < want; i++) createPod(rs, taken);
		} else if (active.length > want) {
			const victims = [...active]
				.sort((a, b) => rank(a) - rank(b) || byCreation(b, a))
				.slice(0, active.length - want);
			for (const p of victims) api.delete(PODS, p.metadata.namespace, p.metadata.name);
		}
		const now = listAll<Pod>(api, PODS, { namespace: rs.metadata.namespace }).filter(
			(p) => controllerRef(p)?.uid === rs.metadata.uid && isActivePod(p)
		);
		const templateLabels = rs.spec.template.metadata?.labels ?? {};
		const labelled = now.filter((p) =>
			Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v)
		).length;
		const ready = now.filter(isPodReady).length;
		const status: Record<string, unknown> = { replicas: now.length };
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

	return {
		name: 'replicaset',
		wants: (e: WatchEvent) =>
			(e.resource.group === 'apps' && e.resource.kind === 'ReplicaSet') ||
			(e.resource.group === '' && e.resource.kind === 'Pod'),
		sync() {
			const pods = listAll<Pod>(api, PODS);
			const names = new Set(pods.map((p) => p.metadata.name));
			for (const rs of listAll<ReplicaSet>(api, REPLICA_SETS)) {
				const owned = pods.filter(
					(p) =>
						p.metadata.namespace === rs.metadata.namespace &&
						controllerRef(p)?.uid === rs.metadata.uid
				);
				reconcile(rs, owned, names);
			}
		}
	};
}
