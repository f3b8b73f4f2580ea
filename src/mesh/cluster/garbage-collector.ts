/**
 * The garbage collector: an object whose owners are all gone is deleted (background cascading
 * deletion, kubectl's default), so deleting a Deployment removes its ReplicaSets and then pods.
 * Mirrors kube-controller-manager's garbagecollector: a deleted object's dependents (found by the
 * store's `ownerUID` index, the graph builder's edges) and a new object naming an owner are
 * queued (attemptToDelete), and each is deleted once none of its owners exists. Work per event
 * is the deleted object's dependents, not the whole store.
 */
import type { ResourceType, WatchEvent } from '../api/api-server.ts';
import { OWNER_UID_INDEX } from '../api/indexer.ts';
import type { KubeObject, OwnerReference } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import type { Controller } from './controller.ts';

interface Candidate {
	readonly type: ResourceType;
	readonly namespace: string | undefined;
	readonly name: string;
	readonly uid: string;
}

export function createGarbageCollector(api: ClusterApiServer): Controller {
	/** Uids of deleted objects whose dependents are still to be looked at, in event order. */
	const deleted: string[] = [];
	/** Objects created naming owners: their owners may already be gone. */
	const added: Candidate[] = [];

	/**
	 * An owner exists if an object of its kind, name and uid is stored (in the dependent's
	 * namespace). A kind the server cannot map is not proof of absence: the real collector
	 * retries such a dependent rather than delete it.
	 */
	const ownerExists = (ref: OwnerReference, namespace: string | undefined): boolean => {
		const type = api.resourceFor(ref.apiVersion, ref.kind);
		if (!type) return true;
		const owner = api.peekObject(type, type.namespaced ? namespace : undefined, ref.name);
		return owner?.metadata.uid === ref.uid;
	};

	const collect = (c: Candidate): void => {
		const live = api.peekObject(c.type, c.namespace, c.name);
		if (!live || live.metadata.uid !== c.uid) return;
		const owners = live.metadata.ownerReferences ?? [];
		if (owners.length > 0 && owners.every((o) => !ownerExists(o, c.namespace)))
			api.delete(c.type, c.namespace, c.name);
	};

	const candidate = (type: ResourceType, o: KubeObject): Candidate => ({
		type,
		namespace: o.metadata.namespace,
		name: o.metadata.name,
		uid: o.metadata.uid ?? ''
	});

	return {
		name: 'garbage-collector',
		wants(e: WatchEvent) {
			if (e.type === 'DELETED' && e.object.metadata.uid) deleted.push(e.object.metadata.uid);
			else if (e.type === 'ADDED' && e.object.metadata.ownerReferences?.length)
				added.push(candidate(e.resource, e.object));
			else return false;
			return true;
		},
		sync() {
			const types = api.resources();
			for (const c of added.splice(0)) collect(c);
			for (const uid of deleted.splice(0))
				for (const type of types)
					for (const dependent of api.byIndex(type, OWNER_UID_INDEX, uid).slice())
						collect(candidate(type, dependent));
		}
	};
}
