/**
 * The API server's delete path with the cascades that happen at once here: a namespace takes
 * everything inside it (the namespace controller's job), a CRD takes its custom resources.
 */
import type { ResourceType } from './api-server.ts';
import { NAMESPACES, resourceKey } from './builtin-resources.ts';
import { clone } from './deep.ts';
import type { ApiError } from './errors.ts';
import type { KubeObject } from './objects.ts';
import type { ServiceIps } from './service-ips.ts';
import { forbidden, notFound } from './status-errors.ts';
import { keyOf, type Storage } from './storage.ts';

/** `kubectl delete ns default` is refused (NamespaceLifecycle admission's immortal namespaces). */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

export function deleteObject(
	storage: Storage,
	ips: ServiceIps,
	type: ResourceType,
	namespace: string | undefined,
	name: string
): KubeObject | ApiError {
	const ns = type.namespaced ? (namespace ?? 'default') : undefined;
	const live = storage.live(type, ns, name);
	if (!live) return notFound(type, name);
	if (resourceKey(type) === resourceKey(NAMESPACES) && IMMORTAL_NAMESPACES.has(name))
		return forbidden(type, name, 'this namespace may not be deleted');
	const remove = (t: ResourceType, obj: KubeObject): void => {
		storage.store(t, keyOf(obj.metadata.namespace, obj.metadata.name), undefined);
		if (t.kind === 'Service' && t.group === '') ips.release(obj);
		// A new object for the deletion's resourceVersion: the stored one may still be held.
		const resourceVersion = storage.nextVersion();
		const gone = { ...obj, metadata: { ...obj.metadata, resourceVersion } };
		if (t === type && obj === live) deleted = gone;
		storage.emit('DELETED', t, gone);
	};
	let deleted = live;
	storage.hub.atomically(() => {
		if (resourceKey(type) === resourceKey(NAMESPACES)) {
			for (const t of storage.registry.all())
				if (t.namespaced)
					// Insertion order, as before the indexes: it decides the order of DELETED events.
					for (const o of [...storage.bucket(t).values()])
						if (o.metadata.namespace === name) remove(t, o);
		}
		if (type.kind === 'CustomResourceDefinition') {
			const served = storage.registry.unregister(name);
			if (served) {
				for (const o of [...storage.bucket(served).values()]) remove(served, o);
				storage.drop(served);
			}
		}
		remove(type, live);
	});
	return clone(deleted);
}
