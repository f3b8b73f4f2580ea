/**
 * The DaemonSet controller's pod writes (kube-controller-manager
 * `pkg/controller/daemon/daemon_controller.go` `syncNodes`): a daemon pod is created with a
 * required node affinity on its node's name (not `nodeName`), so the scheduler binds it there,
 * and named `<ds>-<5 chars>` from the seeded Rng.
 */
import { PODS } from '../api/builtin-resources.ts';
import { clone } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import type { Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import type { Rng } from '../random.ts';
import {
	CONTROLLER_REVISION_HASH,
	daemonTolerations,
	POD_TEMPLATE_GENERATION,
	type DaemonSet
} from './daemonset-util.ts';
import type { EventRecorder } from './events.ts';
import type { PodNames } from './informers.ts';
import { randomSuffix } from './names.ts';

/** What the DaemonSet controller's parts share. */
export interface DaemonSetContext {
	readonly api: ClusterApiServer;
	readonly rng: Rng;
	readonly events: EventRecorder;
	/** Pod names in use (a new pod's name must be free in every namespace). */
	readonly taken: PodNames;
}

/** The daemon pod for `node`, at template revision `hash`. */
function daemonPod(ds: DaemonSet, name: string, node: string, hash: string): Pod {
	const template = clone(ds.spec.template);
	const spec = template.spec;
	const tolerations = daemonTolerations(spec);
	return {
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
}

/** Creates the daemon pod for `node`, with its SuccessfulCreate or FailedCreate event. */
export function createDaemonPod(
	ctx: DaemonSetContext,
	ds: DaemonSet,
	node: string,
	hash: string
): void {
	for (let attempt = 0; attempt < 20; attempt++) {
		const name = `${ds.metadata.name}-${randomSuffix(ctx.rng)}`;
		if (ctx.taken.has(name)) continue;
		const r = ctx.api.create(daemonPod(ds, name, node, hash));
		if (!isApiError(r)) {
			ctx.events.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`);
			return;
		}
		if (r.reason !== 'AlreadyExists') {
			ctx.events.event(ds, 'Warning', 'FailedCreate', `Error creating: ${r.message}`);
			return;
		}
	}
}

/** Deletes a daemon pod, with its SuccessfulDelete event. */
export function deleteDaemonPod(ctx: DaemonSetContext, ds: DaemonSet, p: Pod): void {
	if (!isApiError(ctx.api.delete(PODS, p.metadata.namespace, p.metadata.name)))
		ctx.events.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
}
