/**
 * The Endpoints controller (`pkg/controller/endpoint`): for every Service with a selector, an
 * Endpoints object of the same name listing the selected pods' IPs, ready ones under
 * `addresses` and the rest under `notReadyAddresses`, with each service port's targetPort
 * resolved per pod (a named targetPort looks up the container port of that name).
 */
import type { WatchEvent } from '../api/api-server.ts';
import { ENDPOINTS, PODS, SERVICES } from '../api/builtin-resources.ts';
import { deepEqual } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject, Pod, Service, ServicePort } from '../api/objects.ts';
import { mapSelects } from '../api/selectors.ts';
import type { ClusterApiServer } from '../api/store.ts';
import type { Controller } from './controller.ts';
import { keyOf, podsSelectedBy, servicesSelecting, splitKey, WorkQueue } from './informers.ts';
import { isActivePod, isPodReady } from './pods.ts';

export interface EndpointAddress {
	ip: string;
	nodeName?: string;
	targetRef?: { kind: 'Pod'; name: string; namespace: string; uid: string };
}

export interface EndpointPort {
	name?: string;
	port: number;
	protocol: string;
}

export interface EndpointSubset {
	addresses?: EndpointAddress[];
	notReadyAddresses?: EndpointAddress[];
	ports?: EndpointPort[];
}

export interface EndpointsObject extends KubeObject {
	subsets?: EndpointSubset[];
}

/** The container port a service port reaches on this pod; undefined when a named port is missing. */
export function resolveTargetPort(port: ServicePort, pod: Pod): number | undefined {
	const target = port.targetPort ?? port.port;
	if (typeof target === 'number') return target;
	if (/^\d+$/.test(target)) return Number(target);
	for (const c of pod.spec.containers)
		for (const p of Array.isArray(c.ports) ? c.ports : [])
			if (p.name === target) return p.containerPort;
	return undefined;
}

/** An IPv4 address as one number, so sorting compares numbers, not split strings. */
function ipNumber(addr: string): number {
	let n = 0;
	let part = 0;
	let parts = 0;
	for (let i = 0; i <= addr.length; i++) {
		const c = i < addr.length ? addr.charCodeAt(i) : 46;
		if (c === 46) {
			n = n * 256 + part;
			part = 0;
			parts++;
		} else part = part * 10 + (c - 48);
	}
	for (; parts < 4; parts++) n *= 256;
	return n;
}

/** `items` sorted by address (stable: equal addresses keep their order), numbers computed once. */
export function sortByIp<T>(items: readonly T[], ipOf: (item: T) => string): T[] {
	const keyed = items.map((item, i) => ({ item, n: ipNumber(ipOf(item)), i }));
	keyed.sort((a, b) => a.n - b.n || a.i - b.i);
	return keyed.map((k) => k.item);
}

/** What one pod adds to a Service's Endpoints; null: nothing (no address, not selected …). */
export interface EndpointsRow {
	readonly key: string;
	readonly ports: EndpointPort[];
	readonly address: EndpointAddress;
	readonly ready: boolean;
}

/**
 * Per Service object, each pod object's row: stored objects are replaced, never changed, on a
 * write, so a row stays right until its pod or Service is written, and a pod event recomputes one
 * row instead of every pod's.
 */
export type RowCache<R> = WeakMap<Service, WeakMap<Pod, R | null>>;

export function cachedRows<R>(
	cache: RowCache<R> | undefined,
	svc: Service
): WeakMap<Pod, R | null> {
	let rows = cache?.get(svc);
	if (!rows) {
		rows = new WeakMap();
		cache?.set(svc, rows);
	}
	return rows;
}

function endpointsRow(svc: Service, pod: Pod): EndpointsRow | null {
	const podIP = pod.status?.podIP;
	if (!podIP || !isActivePod(pod) || !mapSelects(svc.spec.selector, pod.metadata.labels))
		return null;
	const ports: EndpointPort[] = [];
	for (const sp of svc.spec.ports ?? []) {
		const port = resolveTargetPort(sp, pod);
		if (port === undefined) continue;
		ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' });
	}
	if (ports.length === 0 && (svc.spec.ports ?? []).length > 0) return null;
	const address: EndpointAddress = {
		ip: podIP,
		...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
		targetRef: {
			kind: 'Pod',
			name: pod.metadata.name,
			namespace: pod.metadata.namespace ?? '',
			uid: pod.metadata.uid
		}
	};
	return { key: JSON.stringify(ports), ports, address, ready: isPodReady(pod) };
}

/**
 * The subsets for a Service: pods grouped by the ports they resolve to (RepackSubsets). The
 * objects in them may be shared with earlier results (`cache`): never change them.
 */
export function computeSubsets(
	svc: Service,
	pods: readonly Pod[],
	cache?: RowCache<EndpointsRow>
): EndpointSubset[] {
	const rows = cachedRows(cache, svc);
	const groups = new Map<string, EndpointSubset>();
	for (const pod of pods) {
		let row = rows.get(pod);
		if (row === undefined) rows.set(pod, (row = endpointsRow(svc, pod)));
		if (!row) continue;
		let subset = groups.get(row.key);
		if (!subset) groups.set(row.key, (subset = row.ports.length > 0 ? { ports: row.ports } : {}));
		const list = row.ready ? (subset.addresses ??= []) : (subset.notReadyAddresses ??= []);
		list.push(row.address);
	}
	const subsets = [...groups.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([, s]) => s);
	for (const s of subsets) {
		if (s.addresses) s.addresses = sortByIp(s.addresses, (a) => a.ip);
		if (s.notReadyAddresses) s.notReadyAddresses = sortByIp(s.notReadyAddresses, (a) => a.ip);
	}
	return subsets;
}

const managedBySelector = (svc: Service): boolean =>
	svc.spec.type !== 'ExternalName' && Object.keys(svc.spec.selector ?? {}).length > 0;

export function createEndpointsController(api: ClusterApiServer): Controller {
	/** Endpoints this controller wrote; only those are removed with their Service. */
	const owned = new Set<string>();
	const rows: RowCache<EndpointsRow> = new WeakMap();
	/** Services whose Endpoints may be out of date: what changed since the last sync. */
	const queue = new WorkQueue();
	for (const s of api.peek(SERVICES) as readonly Service[]) queue.add(keyOf(s));
	/** Our own writes change nothing we would redo: their events are not queued. */
	let writing = false;
	const enqueuePod = (pod: KubeObject): void => {
		for (const svc of servicesSelecting(api, pod)) queue.add(keyOf(svc));
	};
	const enqueue = (o: KubeObject): void => {
		if (!writing) queue.add(keyOf(o));
	};
	api.addEventHandler(PODS, {
		onAdd: enqueuePod,
		onUpdate: (old, pod) => {
			enqueuePod(old);
			enqueuePod(pod);
		},
		onDelete: enqueuePod
	});
	api.addEventHandler(SERVICES, {
		onAdd: enqueue,
		onUpdate: (_, s) => enqueue(s),
		onDelete: enqueue
	});
	api.addEventHandler(ENDPOINTS, {
		onAdd: enqueue,
		onUpdate: (_, e) => enqueue(e),
		onDelete: enqueue
	});

	/** Writes the Endpoints of `svc`; false when the write failed (retried at the next sync). */
	function reconcile(svc: Service): boolean {
		const ns = svc.metadata.namespace ?? 'default';
		// Only pods with an address can be endpoints: thousands of Pending pods cost one look each.
		const pods = podsSelectedBy(api, ns, svc.spec.selector).filter(
			(p) => p.status?.podIP && isActivePod(p)
		);
		const subsets = computeSubsets(svc, pods, rows);
		const labels = { ...(svc.metadata.labels ?? {}) };
		owned.add(`${ns}/${svc.metadata.name}`);
		const current = api.peekObject(ENDPOINTS, ns, svc.metadata.name) as EndpointsObject | undefined;
		if (!current) {
			const r = api.create({
				apiVersion: 'v1',
				kind: 'Endpoints',
				metadata: { name: svc.metadata.name, namespace: ns, labels } as KubeObject['metadata'],
				...(subsets.length > 0 ? { subsets } : {})
			});
			return !isApiError(r);
		}
		if (
			deepEqual(current.subsets ?? [], subsets) &&
			deepEqual(current.metadata.labels ?? {}, labels)
		)
			return true;
		return !isApiError(
			api.replaceFields(ENDPOINTS, ns, svc.metadata.name, {
				metadata: { labels },
				subsets: subsets.length > 0 ? subsets : undefined
			})
		);
	}

	return {
		name: 'endpoints',
		wants: (e: WatchEvent) =>
			e.resource.group === '' && ['Pod', 'Service', 'Endpoints'].includes(e.resource.kind),
		sync() {
			const keys = queue.take();
			const gone: string[] = [];
			const failures: string[] = [];
			writing = true;
			try {
				for (const key of keys) {
					const { namespace, name } = splitKey(key);
					const svc = api.peekObject(SERVICES, namespace, name) as Service | undefined;
					if (!svc) gone.push(key);
					else if (managedBySelector(svc))
						try {
							if (!reconcile(svc)) queue.add(key);
						} catch (e) {
							queue.add(key);
							failures.push(`${key}: ${e instanceof Error ? e.message : String(e)}`);
						}
				}
				// Endpoints of a Service that is gone go with it; hand-written ones stay the user's.
				for (const key of gone) {
					const { namespace, name } = splitKey(key);
					if (api.peekObject(ENDPOINTS, namespace, name) && owned.delete(key))
						api.delete(ENDPOINTS, namespace, name);
				}
			} finally {
				writing = false;
			}
			if (failures.length > 0) throw new Error(failures.join('; '));
		}
	};
}
