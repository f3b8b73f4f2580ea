/**
 * One resource's stored objects with client-go's `cache.Indexer` shape (tools/cache/index.go,
 * thread_safe_store.go): objects by key, kept in list order, plus named indexes whose
 * `IndexFunc` files each object under some values. `byIndex('namespace', 'default')` is then the
 * objects of one namespace without a walk over every object, so a controller's work per event
 * grows with what changed, not with the store.
 *
 * Every list this hands out (all objects, one index value) is in key order, as `list` returns
 * them, and is kept sorted on each write by binary search (no re-sort): controllers reconcile in
 * list order, and the seeded names and uids they create depend on it.
 */
import type { KubeObject } from './objects.ts';
import { SortedList } from './sorted-list.ts';

/** client-go `cache.IndexFunc`: the values an object is filed under in one index. */
export type IndexFunc = (obj: KubeObject) => readonly string[];

/** client-go `cache.Indexers`: index name → its function. */
export type Indexers = Readonly<Record<string, IndexFunc>>;

/** client-go `cache.NamespaceIndex`. */
export const NAMESPACE_INDEX = 'namespace';

/** client-go `cache.MetaNamespaceIndexFunc`: an object's namespace (`''` when cluster-scoped). */
export const metaNamespaceIndexFunc: IndexFunc = (obj) => [obj.metadata.namespace ?? ''];

/**
 * kube-controller-manager's `podControllerUID` index (pkg/controller/controller_utils.go
 * `AddPodControllerUIDIndexer`), for every kind: the uid of the object's controller owner, so a
 * ReplicaSet finds its pods, a Deployment its ReplicaSets and a Service its slices directly.
 */
export const CONTROLLER_UID_INDEX = 'controllerUID';

export const controllerUIDIndexFunc: IndexFunc = (obj) => {
	const ref = obj.metadata.ownerReferences?.find((r) => r.controller === true);
	return ref?.uid ? [ref.uid] : [];
};

/**
 * The garbage collector's dependents lookup (its graph builder's `owners → dependents` edges):
 * the uid of every owner an object names, controller or not.
 */
export const OWNER_UID_INDEX = 'ownerUID';

export const ownerUIDIndexFunc: IndexFunc = (obj) =>
	(obj.metadata.ownerReferences ?? []).flatMap((r) => (r.uid ? [r.uid] : []));

/**
 * Objects by `key=value` label: a selector's equality requirements start from the smallest of
 * their lists instead of from every object (the API server's own trick is a field index; a
 * label index is what a simulator with many pods of one template needs).
 */
export const LABEL_INDEX = 'label';

export const labelIndexFunc: IndexFunc = (obj) => {
	const labels = obj.metadata.labels;
	if (!labels) return [];
	const out: string[] = [];
	for (const k in labels) out.push(`${k}=${labels[k]}`);
	return out;
};

/** The indexes every resource's store keeps. */
export const DEFAULT_INDEXERS: Indexers = {
	[NAMESPACE_INDEX]: metaNamespaceIndexFunc,
	[CONTROLLER_UID_INDEX]: controllerUIDIndexFunc,
	[OWNER_UID_INDEX]: ownerUIDIndexFunc,
	[LABEL_INDEX]: labelIndexFunc
};

const NONE: readonly KubeObject[] = Object.freeze([]);

export class Indexer {
	readonly #items = new Map<string, KubeObject>();
	readonly #all = new SortedList();
	readonly #indexers: Indexers;
	/** index name → indexed value → the objects filed under it. */
	readonly #indices = new Map<string, Map<string, SortedList>>();
	/** key → index name → the values it is filed under (to unfile on update or delete). */
	readonly #filed = new Map<string, Map<string, readonly string[]>>();

	constructor(indexers: Indexers = DEFAULT_INDEXERS) {
		this.#indexers = indexers;
		for (const name of Object.keys(indexers)) this.#indices.set(name, new Map());
	}

	get(key: string): KubeObject | undefined {
		return this.#items.get(key);
	}

	has(key: string): boolean {
		return this.#items.has(key);
	}

	get size(): number {
		return this.#items.size;
	}

	values(): IterableIterator<KubeObject> {
		return this.#items.values();
	}

	/** Adds or replaces the object at `key` and refiles it in every index. */
	set(key: string, obj: KubeObject): void {
		this.#items.set(key, obj);
		this.#all.set(key, obj);
		const filed = this.#filed.get(key) ?? new Map<string, readonly string[]>();
		this.#filed.set(key, filed);
		for (const [name, fn] of Object.entries(this.#indexers)) {
			const index = this.#indices.get(name) as Map<string, SortedList>;
			const before = filed.get(name) ?? [];
			const after = fn(obj);
			for (const v of before) if (!after.includes(v)) this.#unfile(index, v, key);
			for (const v of after) {
				let list = index.get(v);
				if (!list) index.set(v, (list = new SortedList()));
				list.set(key, obj);
			}
			filed.set(name, after);
		}
	}

	delete(key: string): void {
		if (!this.#items.delete(key)) return;
		this.#all.delete(key);
		const filed = this.#filed.get(key);
		this.#filed.delete(key);
		for (const [name, values] of filed ?? []) {
			const index = this.#indices.get(name) as Map<string, SortedList>;
			for (const v of values) this.#unfile(index, v, key);
		}
	}

	#unfile(index: Map<string, SortedList>, value: string, key: string): void {
		const list = index.get(value);
		if (!list) return;
		list.delete(key);
		if (list.size === 0) index.delete(value);
	}

	/** Every object in key order: the stored objects themselves, for readers only. */
	list(): readonly KubeObject[] {
		return this.#all.objs;
	}

	/**
	 * client-go `Indexer.ByIndex`: the objects filed under `indexedValue`, in key order; the
	 * stored objects themselves (never mutate them) and a live view (copy it to keep it).
	 */
	byIndex(indexName: string, indexedValue: string): readonly KubeObject[] {
		return this.#indices.get(indexName)?.get(indexedValue)?.objs ?? NONE;
	}

	/** How many objects `byIndex` would return, without building anything. */
	indexCount(indexName: string, indexedValue: string): number {
		return this.#indices.get(indexName)?.get(indexedValue)?.size ?? 0;
	}
}

/**
 * client-go `cache.ResourceEventHandler`. The store calls it synchronously as each write is
 * stored (unlike a watch, whose events are queued until the write's cascade step ends), so a
 * controller marking keys dirty here sees exactly what its next sync would read. It must only
 * record; never write from it.
 */
export interface ResourceEventHandler {
	onAdd?(obj: KubeObject): void;
	onUpdate?(oldObj: KubeObject, newObj: KubeObject): void;
	onDelete?(obj: KubeObject): void;
}
