/**
 * The API server's storage: one `Indexer` per served resource, the resourceVersion counter, the
 * ordered watch hub and the informer-style event handlers that see each write as it is stored.
 * Writes go through `write.ts` and `delete.ts`; this only keeps what they decided.
 */
import type { ResourceType, WatchEvent, WatchEventType } from './api-server.ts';
import { resourceKey } from './builtin-resources.ts';
import { Indexer, type ResourceEventHandler } from './indexer.ts';
import type { KubeObject } from './objects.ts';
import { ResourceRegistry } from './registry.ts';
import { WatchHub } from './watch.ts';

export const keyOf = (namespace: string | undefined, name: string): string =>
	`${namespace ?? ''}/${name}`;

export class Storage {
	readonly registry = new ResourceRegistry();
	readonly hub = new WatchHub();
	readonly #objects = new Map<string, Indexer>();
	readonly #handlers = new Map<string, Set<ResourceEventHandler>>();
	#resourceVersion = 0;

	bucket(type: ResourceType): Indexer {
		const key = resourceKey(type);
		let b = this.#objects.get(key);
		if (!b) this.#objects.set(key, (b = new Indexer()));
		return b;
	}

	/** Forgets a resource's objects at once (its CRD was deleted). */
	drop(type: ResourceType): void {
		this.#objects.delete(resourceKey(type));
	}

	/** The live stored object: never mutate it. `namespace` is already defaulted by the caller. */
	live(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
		return this.bucket(type).get(keyOf(namespace, name));
	}

	/**
	 * Stores `obj` at `key` (undefined: removes it) and tells the type's event handlers at once,
	 * with the object it replaced: they see the store as a sync reading it would.
	 */
	store(type: ResourceType, key: string, obj: KubeObject | undefined): void {
		const b = this.bucket(type);
		const old = b.get(key);
		if (obj) b.set(key, obj);
		else b.delete(key);
		const hs = this.#handlers.get(resourceKey(type));
		if (!hs) return;
		for (const h of [...hs])
			try {
				if (obj && old) h.onUpdate?.(old, obj);
				else if (obj) h.onAdd?.(obj);
				else if (old) h.onDelete?.(old);
			} catch (e) {
				if (this.hub.errors.length < 100) this.hub.errors.push(e);
			}
	}

	nextVersion(): string {
		return String(++this.#resourceVersion);
	}

	/**
	 * Queues the watch event with the stored object itself, as an informer shares its cache's
	 * objects: stored objects are replaced on a write, never changed, so it stays the version
	 * this write made. Listeners must not mutate it (one that keeps or sends it on copies it).
	 */
	emit(type: WatchEventType, resource: ResourceType, object: KubeObject): void {
		this.hub.emit({ type, resource, object } satisfies WatchEvent);
	}

	addEventHandler(type: ResourceType, handler: ResourceEventHandler): () => void {
		const key = resourceKey(type);
		let hs = this.#handlers.get(key);
		if (!hs) this.#handlers.set(key, (hs = new Set()));
		const entry: ResourceEventHandler = { ...handler };
		hs.add(entry);
		return () => hs.delete(entry);
	}
}
