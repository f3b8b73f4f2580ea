/**
 * What controllers share to do work per change instead of per store: a queue of dirty keys
 * (client-go's workqueue, without rate limits: a sync drains it in list order) and the index
 * lookups (`api/indexer.ts`) that replace "list every pod, keep the ones that match".
 */
import { PODS, SERVICES } from '../api/builtin-resources.ts';
import { CONTROLLER_UID_INDEX, LABEL_INDEX, NAMESPACE_INDEX } from '../api/indexer.ts';
import type { KubeObject, Pod, Service } from '../api/objects.ts';
import { mapSelects } from '../api/selectors.ts';
import type { ClusterApiServer } from '../api/store.ts';

/** `namespace/name`, the store's key: sorting these gives list order. */
export const keyOf = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export function splitKey(key: string): { namespace: string; name: string } {
	const slash = key.indexOf('/');
	return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** Keys to reconcile; `take` hands them out in list order (the order a full relist would use). */
export class WorkQueue {
	readonly #keys = new Set<string>();

	add(key: string): void {
		this.#keys.add(key);
	}

	get size(): number {
		return this.#keys.size;
	}

	take(): string[] {
		const keys = [...this.#keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
		this.#keys.clear();
		return keys;
	}

	/**
	 * Takes every key and reconciles each; a key whose reconcile throws (a shape validation
	 * missed) is queued again and does not stop the others; the failures are rethrown together
	 * for the controller manager to record, as `reconcileEach` does.
	 */
	process(reconcile: (key: string) => void): void {
		const failures: string[] = [];
		for (const key of this.take()) {
			try {
				reconcile(key);
			} catch (e) {
				this.add(key);
				failures.push(`${key}: ${e instanceof Error ? e.message : String(e)}`);
			}
		}
		if (failures.length > 0) throw new Error(failures.join('; '));
	}
}

/**
 * The pods a Service-style selector picks in one namespace, in list order: from the smallest of
 * its `key=value` label lists, not from every pod.
 */
export function podsSelectedBy(
	api: ClusterApiServer,
	namespace: string,
	selector: Readonly<Record<string, string>> | undefined
): Pod[] {
	if (!selector) return [];
	let candidates: readonly KubeObject[] | undefined;
	for (const [k, v] of Object.entries(selector)) {
		const list = api.byIndex(PODS, LABEL_INDEX, `${k}=${v}`);
		if (!candidates || list.length < candidates.length) candidates = list;
	}
	const out: Pod[] = [];
	for (const p of candidates ?? []) {
		if (p.metadata.namespace === namespace && mapSelects(selector, p.metadata.labels))
			out.push(p as Pod);
	}
	return out;
}

/**
 * The objects whose controller owner has this uid, in list order (the `controllerUID` index);
 * a copy, so writes made while walking it do not move it.
 */
export function ownedBy<T extends KubeObject>(
	api: ClusterApiServer,
	type: Parameters<ClusterApiServer['byIndex']>[0],
	uid: string
): T[] {
	return api.byIndex(type, CONTROLLER_UID_INDEX, uid).slice() as T[];
}

/**
 * The Services in the pod's namespace whose selector picks it (GetPodServiceMemberships in
 * pkg/controller/util/endpoint): what a pod event can change.
 */
export function servicesSelecting(api: ClusterApiServer, pod: KubeObject): Service[] {
	const out: Service[] = [];
	for (const s of api.byIndex(SERVICES, NAMESPACE_INDEX, pod.metadata.namespace ?? '')) {
		const svc = s as Service;
		if (mapSelects(svc.spec.selector, pod.metadata.labels)) out.push(svc);
	}
	return out;
}

/** Is a pod name in use, in any namespace? What a controller checks before naming a new pod. */
export interface PodNames {
	has(name: string): boolean;
}

/** Pod names in use, counted per name by an event handler instead of collected on every sync. */
export function podNames(api: ClusterApiServer): PodNames {
	const counts = new Map<string, number>();
	const count = (pod: KubeObject, by: number): void => {
		const n = (counts.get(pod.metadata.name) ?? 0) + by;
		if (n > 0) counts.set(pod.metadata.name, n);
		else counts.delete(pod.metadata.name);
	};
	for (const p of api.peek(PODS) as readonly KubeObject[]) count(p, 1);
	api.addEventHandler(PODS, { onAdd: (p) => count(p, 1), onDelete: (p) => count(p, -1) });
	return { has: (name) => counts.has(name) };
}
