/**
 * The DaemonSet controller (kube-controller-manager `pkg/controller/daemon`): one pod per eligible
 * node, named `<ds>-<5 chars>`, labelled with `controller-revision-hash` and
 * `pod-template-generation`, a rolling update when the template changes (surge first when
 * `maxSurge` allows, else `maxUnavailable` nodes at a time) and the status `kubectl get ds` reads.
 *
 * A node is eligible when its labels match `nodeSelector` and the pod's tolerations (the
 * template's plus the ones every daemon gets) cover its NoSchedule/NoExecute taints, as
 * `NodeShouldRunDaemonPod` decides: ztunnel and istio-cni tolerate everything and so run on the
 * control-plane node too, as on a kind cluster. As upstream, a pod is created with a required
 * node affinity on its node's name (not `nodeName`), and the scheduler binds it there.
 */
import type { WatchEvent } from '../api/api-server.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { DAEMON_SETS, NODES, PODS } from '../api/builtin-resources.ts';
import { clone, deepEqual } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject, NodeObject, Pod, PodSpec } from '../api/objects.ts';
import type { Rng } from '../random.ts';
import type { EventRecorder } from './events.ts';
import type { Controller } from './controller.ts';
import { intOrPercent } from './deployment-util.ts';
import { podTemplateHash, randomSuffix } from './names.ts';
import { type Toleration, untoleratedTaint } from './scheduler.ts';
import { ownedBy, podNames, type PodNames } from './informers.ts';
import { byCreation, isActivePod, isPodReady, listAll } from './pods.ts';

export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';
export const POD_TEMPLATE_GENERATION = 'pod-template-generation';

export interface DaemonSet extends KubeObject {
	spec: {
		selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
		template: {
			metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
			spec: PodSpec;
		};
		updateStrategy?: {
			type?: string;
			rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string };
		};
		[field: string]: unknown;
	};
	status?: Record<string, unknown>;
}

/** `util.AddOrUpdateDaemonPodTolerations`: daemons survive node conditions that evict others. */
const DAEMON_TOLERATIONS: readonly Toleration[] = [
	{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
	{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
	{ key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
	{ key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
	{ key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
	{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }
];

/** The template's tolerations plus the daemon ones it does not already carry. */
function daemonTolerations(spec: PodSpec): Toleration[] {
	const tolerations = [...((spec.tolerations ?? []) as Toleration[])];
	for (const t of DAEMON_TOLERATIONS)
		if (!tolerations.some((x) => x.key === t.key && x.effect === t.effect))
			tolerations.push({ ...t });
	return tolerations;
}

/** Should this DaemonSet run a pod on this node? (daemon/util NodeShouldRunDaemonPod) */
export function nodeShouldRunDaemon(ds: DaemonSet, node: NodeObject): boolean {
	if (untoleratedTaint(node, daemonTolerations(ds.spec.template.spec))) return false;
	const selector = (ds.spec.template.spec.nodeSelector ?? {}) as Record<string, string>;
	const labels = node.metadata.labels ?? {};
	return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function rollingParams(ds: DaemonSet, desired: number): { surge: number; unavailable: number } {
	const strategy = ds.spec.updateStrategy ?? {};
	if (strategy.type === 'OnDelete') return { surge: 0, unavailable: 0 };
	const surge = intOrPercent(strategy.rollingUpdate?.maxSurge ?? 0, desired, true);
	let unavailable = intOrPercent(strategy.rollingUpdate?.maxUnavailable ?? 1, desired, true);
	if (surge === 0 && unavailable === 0) unavailable = 1;
	return { surge: Math.max(0, surge), unavailable: Math.max(0, unavailable) };
}

/**
 * pkg/controller/daemon/util GetTargetNodeName: the node a daemon pod is bound to, or the one
 * its `metadata.name` node affinity names while it waits for the scheduler.
 */
export function targetNodeName(pod: Pod): string | undefined {
	if (pod.spec.nodeName) return pod.spec.nodeName;
	const terms = (
		pod.spec['affinity'] as
			| {
					nodeAffinity?: {
						requiredDuringSchedulingIgnoredDuringExecution?: {
							nodeSelectorTerms?: {
								matchFields?: { key?: string; operator?: string; values?: string[] }[];
							}[];
						};
					};
			  }
			| undefined
	)?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
	for (const term of terms ?? [])
		for (const f of term.matchFields ?? [])
			if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1)
				return f.values[0];
	return undefined;
}

export function createDaemonSetController(
	api: ClusterApiServer,
	rng: Rng,
	events: EventRecorder
): Controller {
	const taken = podNames(api);

	function createPod(ds: DaemonSet, node: string, hash: string, taken: PodNames): void {
		const template = clone(ds.spec.template);
		const spec = template.spec;
		const tolerations = daemonTolerations(spec);
		for (let attempt = 0; attempt < 20; attempt++) {
			const name = `${ds.metadata.name}-${randomSuffix(rng)}`;
			if (taken.has(name)) continue;
			const pod = {
				apiVersion: 'v1',
				kind: 'Pod',
				metadata: {
					name,
					generateName: `${ds.metadata.name}-`,
					namespace: ds.metadata.namespace,
					labels: {
						...template.metadata?.labels,
						[CONTROLLER_REVISION_HASH]: hash,
						[POD_TEMPLATE_GENERATION]: String(ds.metadata.generation ?? 1)
					},
					...(template.metadata?.annotations
						? { annotations: { ...template.metadata.annotations } }
						: {}),
					ownerReferences: [
						{
							apiVersion: 'apps/v1',
							kind: 'DaemonSet',
							name: ds.metadata.name,
							uid: ds.metadata.uid,
							controller: true,
							blockOwnerDeletion: true
						}
					]
				},
				spec: {
					...spec,
					affinity: {
						nodeAffinity: {
							requiredDuringSchedulingIgnoredDuringExecution: {
								nodeSelectorTerms: [
									{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }
								]
							}
						}
					},
					tolerations
				}
			} as unknown as Pod;
			const r = api.create(pod);
			if (!isApiError(r)) {
				events.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`);
				return;
			}
			if (r.reason !== 'AlreadyExists') {
				events.event(ds, 'Warning', 'FailedCreate', `Error creating: ${r.message}`);
				return;
			}
		}
	}

	function remove(ds: DaemonSet, p: Pod): void {
		if (!isApiError(api.delete(PODS, p.metadata.namespace, p.metadata.name)))
			events.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
	}

	function reconcile(ds: DaemonSet, owned: Pod[], nodes: NodeObject[], taken: PodNames): void {
		const hash = podTemplateHash(ds.spec.template);
		const eligible = nodes.filter((n) => nodeShouldRunDaemon(ds, n));
		const eligibleNames = new Set(eligible.map((n) => n.metadata.name));
		// A failed daemon pod is replaced, as the real controller does.
		for (const p of owned) {
			const phase = p.status?.phase;
			if ((phase === 'Failed' || phase === 'Succeeded') && !p.metadata.deletionTimestamp)
				remove(ds, p);
		}
		const active = owned.filter(isActivePod);
		for (const p of active) if (!eligibleNames.has(targetNodeName(p) ?? '')) remove(ds, p);

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
				createPod(ds, name, hash, taken);
				continue;
			}
			const updated = pods.filter((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash);
			const old = pods.filter((p) => !updated.includes(p));
			for (const extra of updated.slice(1)) remove(ds, extra);
			if (old.length === 0) {
				if (pods.length > 1) for (const extra of pods.slice(1)) remove(ds, extra);
				continue;
			}
			if (onDelete) continue;
			if (surge > 0) {
				// Surge: start the new pod beside the old one; drop the old one once the new is ready.
				if (updated.length === 0) {
					if (surged < surge) {
						createPod(ds, name, hash, taken);
						surged++;
					}
				} else if (updated.some(isPodReady)) for (const p of old) remove(ds, p);
				continue;
			}
			const nodeReady = pods.some(isPodReady);
			if (nodeReady && unavailableNow >= unavailable) continue;
			for (const p of old) remove(ds, p);
			if (nodeReady) unavailableNow++;
		}

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
				// Its pods from the controllerUID index, not a walk over every pod.
				const owned = ownedBy<Pod>(api, PODS, ds.metadata.uid).filter(
					(p) => p.metadata.namespace === ds.metadata.namespace
				);
				reconcile(ds, owned, nodes, taken);
			}
		}
	};
}
