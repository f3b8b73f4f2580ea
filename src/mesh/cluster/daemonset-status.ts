/**
 * The status `kubectl get ds` reads (kube-controller-manager
 * `pkg/controller/daemon/daemon_controller.go` `updateDaemonSetStatus`), counted per node from
 * the DaemonSet's pods as they are after this pass's writes. Unchanged status: no write.
 */
import { DAEMON_SETS, PODS } from '../api/builtin-resources.ts';
import { deepEqual } from '../api/deep.ts';
import type { NodeObject, Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { CONTROLLER_REVISION_HASH, targetNodeName, type DaemonSet } from './daemonset-util.ts';
import { ownedBy } from './informers.ts';
import { isActivePod, isPodReady } from './pods.ts';

export function updateDaemonSetStatus(
	api: ClusterApiServer,
	ds: DaemonSet,
	eligible: readonly NodeObject[],
	hash: string
): void {
	const eligibleNames = new Set(eligible.map((n) => n.metadata.name));
	const fresh = ownedBy<Pod>(api, PODS, ds.metadata.uid).filter(
		(p) => p.metadata.namespace === ds.metadata.namespace && isActivePod(p)
	);
	const nodesWith = (pred: (p: Pod) => boolean): Set<string> =>
		new Set(fresh.filter(pred).map((p) => targetNodeName(p) ?? ''));
	const scheduled = nodesWith(() => true);
	const ready = nodesWith(isPodReady);
	const current = nodesWith((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash);
	const count = (set: Set<string>): number =>
		eligible.filter((n) => set.has(n.metadata.name)).length;
	const desired = eligible.length;
	const available = count(ready);
	// DaemonSetStatus: the first four are always present, the rest omitted when zero.
	const status: Record<string, unknown> = {
		currentNumberScheduled: count(scheduled),
		desiredNumberScheduled: desired,
		numberMisscheduled: [...scheduled].filter((n) => !eligibleNames.has(n)).length,
		numberReady: available,
		observedGeneration: ds.metadata.generation ?? 1
	};
	if (available > 0) status.numberAvailable = available;
	if (desired - available > 0) status.numberUnavailable = desired - available;
	if (count(current) > 0) status.updatedNumberScheduled = count(current);
	if (deepEqual(status, ds.status ?? {})) return;
	api.patch(DAEMON_SETS, ds.metadata.namespace, ds.metadata.name, (draft) => {
		draft.status = status;
	});
}
