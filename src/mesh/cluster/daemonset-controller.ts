/**
 * The DaemonSet controller (kube-controller-manager `pkg/controller/daemon`): one pod per eligible
 * node, named `<ds>-<5 chars>`, labelled with `controller-revision-hash` and
 * `pod-template-generation`, a rolling update when the template changes (surge first when
 * `maxSurge` allows, else `maxUnavailable` nodes at a time) and the status `kubectl get ds` reads.
 *
 * A node is eligible when its labels match `nodeSelector` and the pod's tolerations (the
 * template's plus the ones every daemon gets) cover its NoSchedule/NoExecute taints, as
 * `NodeShouldRunDaemonPod` decides: ztunnel and istio-cni tolerate everything and so run on the
 * control-plane node too, as on a kind cluster. Its parts: `daemonset-util.ts` (the shape,
 * tolerations, eligibility), `daemonset-pods.ts` (pod create/delete), `daemonset-update.ts` (pods
 * per node and the rolling update), `daemonset-status.ts`. This file is the sync loop.
 */
import type { WatchEvent } from '../api/api-server.ts';
import { DAEMON_SETS, NODES, PODS } from '../api/builtin-resources.ts';
import type { NodeObject, Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import type { Rng } from '../random.ts';
import type { Controller } from './controller.ts';
import type { DaemonSetContext } from './daemonset-pods.ts';
import { updateDaemonSetStatus } from './daemonset-status.ts';
import { manage } from './daemonset-update.ts';
import { nodeShouldRunDaemon, type DaemonSet } from './daemonset-util.ts';
import type { EventRecorder } from './events.ts';
import { ownedBy, podNames } from './informers.ts';
import { podTemplateHash } from './names.ts';
import { listAll } from './pods.ts';

/** `syncDaemonSet`: pods per node, then the status. */
function syncDaemonSet(ctx: DaemonSetContext, ds: DaemonSet, nodes: NodeObject[]): void {
	const hash = podTemplateHash(ds.spec.template);
	const eligible = nodes.filter((n) => nodeShouldRunDaemon(ds, n));
	// Its pods from the controllerUID index, not a walk over every pod.
	const owned = ownedBy<Pod>(ctx.api, PODS, ds.metadata.uid).filter(
		(p) => p.metadata.namespace === ds.metadata.namespace
	);
	manage(ctx, ds, owned, eligible, hash);
	updateDaemonSetStatus(ctx.api, ds, eligible, hash);
}

export function createDaemonSetController(
	api: ClusterApiServer,
	rng: Rng,
	events: EventRecorder
): Controller {
	const ctx: DaemonSetContext = { api, rng, events, taken: podNames(api) };
	return {
		name: 'daemonset',
		wants: (e: WatchEvent) =>
			(e.resource.group === 'apps' && e.resource.kind === 'DaemonSet') ||
			(e.resource.group === '' && (e.resource.kind === 'Pod' || e.resource.kind === 'Node')),
		sync() {
			const sets = listAll<DaemonSet>(api, DAEMON_SETS);
			if (sets.length === 0) return;
			const nodes = listAll<NodeObject>(api, NODES).sort((a, b) =>
				a.metadata.name < b.metadata.name ? -1 : 1
			);
			for (const ds of sets) {
				if (ds.metadata.deletionTimestamp) continue;
				syncDaemonSet(ctx, ds, nodes);
			}
		}
	};
}
