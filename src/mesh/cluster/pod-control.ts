/**
 * kube-controller-manager's `podControl.CreatePodsWithControllerRef`, shared by the ReplicaSet
 * and Job controllers: a pod from the owner's template named `<owner>-<5 chars>` from the seeded
 * Rng, with a controller ownerReference, and the owner's SuccessfulCreate / FailedCreate event.
 */
import { clone } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import type { Rng } from '../random.ts';
import type { EventRecorder } from './events.ts';
import type { PodNames } from './informers.ts';
import { randomSuffix } from './names.ts';

export interface PodControl {
	readonly api: ClusterApiServer;
	readonly rng: Rng;
	readonly events: EventRecorder;
	readonly taken: PodNames;
}

/** An object whose `spec.template` makes its pods. */
export interface PodOwner extends KubeObject {
	readonly spec: {
		readonly template: {
			metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
			spec: Pod['spec'];
		};
	};
}

/** Creates one pod for `owner` (`apiVersion`/`kind` of its ownerReference); true when created. */
export function createPodWithControllerRef(
	ctx: PodControl,
	owner: PodOwner,
	apiVersion: string,
	kind: string
): boolean {
	const template = clone(owner.spec.template);
	for (let attempt = 0; attempt < 20; attempt++) {
		const name = `${owner.metadata.name}-${randomSuffix(ctx.rng)}`;
		if (ctx.taken.has(name)) continue;
		const pod = {
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {
				name,
				generateName: `${owner.metadata.name}-`,
				namespace: owner.metadata.namespace,
				labels: { ...template.metadata?.labels },
				...(template.metadata?.annotations
					? { annotations: { ...template.metadata.annotations } }
					: {}),
				ownerReferences: [
					{
						apiVersion,
						kind,
						name: owner.metadata.name,
						uid: owner.metadata.uid,
						controller: true,
						blockOwnerDeletion: true
					}
				]
			},
			spec: template.spec
		} as unknown as Pod;
		const r = ctx.api.create(pod);
		if (!isApiError(r)) {
			ctx.events.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`);
			return true;
		}
		if (r.reason !== 'AlreadyExists') {
			ctx.events.event(owner, 'Warning', 'FailedCreate', `Error creating: ${r.message}`);
			return false;
		}
	}
	return false;
}
