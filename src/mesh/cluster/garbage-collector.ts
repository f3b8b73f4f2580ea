/**
 * The garbage collector: an object whose owners are all gone is deleted (background cascading
 * deletion, kubectl's default), so deleting a Deployment removes its ReplicaSets and then pods.
 */
import type { ApiServer, WatchEvent } from '../api/api-server.ts';
import type { Controller } from './controller.ts';
import { listAll } from './pods.ts';

export function createGarbageCollector(api: ApiServer): Controller {
	return {
		name: 'garbage-collector',
		wants: (e: WatchEvent) => e.type === 'DELETED',
		sync() {
			const types = api.resources();
			const all = types.flatMap((type) => listAll(api, type).map((object) => ({ type, object })));
			const uids = new Set(all.map((o) => o.object.metadata.uid));
			for (const { type, object } of all) {
				const owners = object.metadata.ownerReferences ?? [];
				if (owners.length > 0 && owners.every((o) => !uids.has(o.uid)))
					api.delete(type, object.metadata.namespace, object.metadata.name);
			}
		}
	};
}
