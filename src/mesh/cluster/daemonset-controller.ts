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
import type { KubeObject, NodeObject, Pod } from '../api/objects.ts';
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
import { controllerRef, listAll } from './pods.ts';

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
	// As the real controller's pod handlers do, a pod event queues only the DaemonSet that owns
	// it (kube-system's kindnet and kube-proxy always exist: no work for other pods' writes);
	// a DaemonSet or Node event queues every DaemonSet.
	const dirty = new Set<string>();
	let all = true;
	const owner = (p: KubeObject): void => {
		const ref = controllerRef(p);
		if (ref?.kind === 'DaemonSet') dirty.add(ref.uid);
	};
	api.addEventHandler(PODS, {
		onAdd: owner,
		onUpdate: (old, p) => {
			owner(old);
			owner(p);
		},
		onDelete: owner
	});
	const everything = {
		onAdd: () => (all = true),
		onUpdate: () => (all = true),
		onDelete: () => (all = true)
	};
	api.addEventHandler(DAEMON_SETS, everything);
	api.addEventHandler(NODES, everything);
	return {
		name: 'daemonset',
		wants: (e: WatchEvent) =>
			(e.resource.group === 'apps' && e.resource.kind === 'DaemonSet') ||
			(e.resource.group === '' && (e.resource.kind === 'Pod' || e.resource.kind === 'Node')),
		sync() {
			const every = all;
			const owners = new Set(dirty);
			all = false;
			dirty.clear();
			if (!every && owners.size === 0) return;
			const sets = listAll<DaemonSet>(api, DAEMON_SETS).filter(
				(ds) => every || owners.has(ds.metadata.uid)
			);
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
