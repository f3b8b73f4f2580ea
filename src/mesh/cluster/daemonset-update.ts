/**
 * The DaemonSet controller's pods per node (kube-controller-manager `pkg/controller/daemon`:
 * `manage` in daemon_controller.go, `rollingUpdate` in update.go, walked node by node here):
 * a failed or misscheduled pod is deleted, a node without a pod gets one, and when the template
 * changes the old pods are replaced, surge first when `maxSurge` allows, else `maxUnavailable`
 * nodes at a time. `OnDelete` leaves old pods until someone deletes them.
 */
import type { NodeObject, Pod } from '../api/objects.ts';
import { createDaemonPod, deleteDaemonPod, type DaemonSetContext } from './daemonset-pods.ts';
import { CONTROLLER_REVISION_HASH, targetNodeName, type DaemonSet } from './daemonset-util.ts';
import { intOrPercent } from './deployment-util.ts';
import { byCreation, isActivePod, isPodReady } from './pods.ts';

/** `updatedDesiredNodeCounts`: how many nodes may surge, and how many may be unavailable. */
function rollingParams(ds: DaemonSet, desired: number): { surge: number; unavailable: number } {
	const strategy = ds.spec.updateStrategy ?? {};
	if (strategy.type === 'OnDelete') return { surge: 0, unavailable: 0 };
	const surge = intOrPercent(strategy.rollingUpdate?.maxSurge ?? 0, desired, true);
	let unavailable = intOrPercent(strategy.rollingUpdate?.maxUnavailable ?? 1, desired, true);
	if (surge === 0 && unavailable === 0) unavailable = 1;
	return { surge: Math.max(0, surge), unavailable: Math.max(0, unavailable) };
}

/** Deletes finished pods and pods on nodes that should not run the daemon; returns the rest. */
function deleteUnwanted(
	ctx: DaemonSetContext,
	ds: DaemonSet,
	owned: Pod[],
	eligibleNames: ReadonlySet<string>
): Pod[] {
	// A failed daemon pod is replaced, as the real controller does.
	for (const p of owned) {
		const phase = p.status?.phase;
		if ((phase === 'Failed' || phase === 'Succeeded') && !p.metadata.deletionTimestamp)
			deleteDaemonPod(ctx, ds, p);
	}
	const active = owned.filter(isActivePod);
	for (const p of active)
		if (!eligibleNames.has(targetNodeName(p) ?? '')) deleteDaemonPod(ctx, ds, p);
	return active;
}

/** One pass over the eligible nodes (sorted by name), at template revision `hash`. */
export function manage(
	ctx: DaemonSetContext,
	ds: DaemonSet,
	owned: Pod[],
	eligible: readonly NodeObject[],
	hash: string
): void {
	const eligibleNames = new Set(eligible.map((n) => n.metadata.name));
	const active = deleteUnwanted(ctx, ds, owned, eligibleNames);
	const { surge, unavailable } = rollingParams(ds, eligible.length);
	const onDelete = ds.spec.updateStrategy?.type === 'OnDelete';
	const onNode = (node: string): Pod[] =>
		active.filter((p) => targetNodeName(p) === node).sort(byCreation);
	let unavailableNow = eligible.filter((n) => !onNode(n.metadata.name).some(isPodReady)).length;
	let surged = 0;
	for (const node of eligible) {
		const name = node.metadata.name;
		const pods = onNode(name);
		if (pods.length === 0) {
			createDaemonPod(ctx, ds, name, hash);
			continue;
		}
		const updated = pods.filter((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash);
		const old = pods.filter((p) => !updated.includes(p));
		for (const extra of updated.slice(1)) deleteDaemonPod(ctx, ds, extra);
		if (old.length === 0) {
			if (pods.length > 1) for (const extra of pods.slice(1)) deleteDaemonPod(ctx, ds, extra);
			continue;
		}
		if (onDelete) continue;
		if (surge > 0) {
			// Surge: start the new pod beside the old one; drop the old one once the new is ready.
			if (updated.length === 0) {
				if (surged < surge) {
					createDaemonPod(ctx, ds, name, hash);
					surged++;
				}
			} else if (updated.some(isPodReady)) for (const p of old) deleteDaemonPod(ctx, ds, p);
			continue;
		}
		const nodeReady = pods.some(isPodReady);
		if (nodeReady && unavailableNow >= unavailable) continue;
		for (const p of old) deleteDaemonPod(ctx, ds, p);
		if (nodeReady) unavailableNow++;
	}
}
