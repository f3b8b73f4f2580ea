/** Small readers over stored objects that several controllers share. */
import type { ApiServer, ListOptions, ResourceType } from '../api/api-server.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject, OwnerReference, Pod } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';

/**
 * A list that cannot fail (no selectors given); an error means a programming bug. Where the
 * server offers `peek` the objects are the stored ones, not copies: callers only read them and
 * write through `patch`/`update`.
 */
export function listAll<T extends KubeObject = KubeObject>(
	api: ApiServer,
	type: ResourceType,
	options: ListOptions = {}
): T[] {
	const r = 'peek' in api ? (api as ClusterApiServer).peek(type, options) : api.list(type, options);
	// `peek` and `list` return a fresh array: no second copy.
	return isApiError(r) ? [] : (r as T[]);
}

/** Copies, for a controller that updates its local view of the objects as it goes. */
export function listCopies<T extends KubeObject = KubeObject>(
	api: ApiServer,
	type: ResourceType,
	options: ListOptions = {}
): T[] {
	const r = api.list(type, options);
	return isApiError(r) ? [] : (r as T[]);
}

export function controllerRef(o: KubeObject): OwnerReference | undefined {
	return o.metadata.ownerReferences?.find((r) => r.controller === true);
}

export { isPodReady } from '../api/pod-ready.ts';

/** Pods that count towards a ReplicaSet: not finished, not being deleted. */
export function isActivePod(pod: Pod): boolean {
	const phase = pod.status?.phase;
	return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** Oldest first: creation time, then name (creation time has one-second resolution). */
export function byCreation(a: KubeObject, b: KubeObject): number {
	const ta = a.metadata.creationTimestamp;
	const tb = b.metadata.creationTimestamp;
	if (ta !== tb) return ta < tb ? -1 : 1;
	return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}
