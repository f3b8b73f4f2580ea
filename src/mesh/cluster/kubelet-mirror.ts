/**
 * A static pod outlives its mirror: deleting the mirror pod in the API does not stop the
 * containers the kubelet runs from the node's manifest; the kubelet creates the mirror again at
 * its next sync of the static pod (pkg/kubelet/kubelet.go SyncPod: "Creating a mirror pod for
 * static pod", through pod/mirror_client.go CreateMirrorPod), and the status manager writes the
 * static pod's status to it. The new mirror has a new uid and creation time; its containers,
 * restart counts and start time are the running ones'.
 */
import { isApiError } from '../api/errors.ts';
import type { KubeObject, Pod } from '../api/objects.ts';
import { MIRROR_ANNOTATION } from '../api/pod-admission.ts';
import { type KubeletContext, type Managed, report } from './kubelet-pod.ts';

export const isMirrorPod = (pod: KubeObject): boolean =>
	pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined;

/** Mirror pods deleted since the kubelet's last sync, as they were, by uid. */
export class DeletedMirrors {
	readonly #byUid = new Map<string, Pod>();

	note(pod: KubeObject): void {
		if (isMirrorPod(pod)) this.#byUid.set(pod.metadata.uid, pod as Pod);
	}

	/** True if `m` ran a static pod whose mirror was deleted, and the mirror is back. */
	recreate(ctx: KubeletContext, managed: Map<string, Managed>, m: Managed): boolean {
		const deleted = this.#byUid.get(m.uid);
		return deleted !== undefined && recreateMirrorPod(ctx, managed, m, deleted);
	}

	clear(): void {
		this.#byUid.clear();
	}
}

/**
 * Creates `deleted`'s mirror again for the static pod `m` runs, and moves `m` to its uid;
 * false if the API refused it (the caller then stops the pod as for any deleted pod).
 */
export function recreateMirrorPod(
	ctx: KubeletContext,
	managed: Map<string, Managed>,
	m: Managed,
	deleted: Pod
): boolean {
	// What the kubelet builds from the manifest: none of the API server's own fields.
	const {
		uid: _uid,
		resourceVersion: _rv,
		creationTimestamp: _created,
		deletionTimestamp: _deleting,
		deletionGracePeriodSeconds: _grace,
		generation: _generation,
		managedFields: _managed,
		...metadata
	} = deleted.metadata as Pod['metadata'] & Record<string, unknown>;
	const created = ctx.api.create({
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: metadata as unknown as KubeObject['metadata'],
		spec: deleted.spec
	});
	if (isApiError(created)) return false;
	managed.delete(m.uid);
	m.uid = created.metadata.uid;
	managed.set(m.uid, m);
	report(ctx, m, () => deleted.status);
	return true;
}
