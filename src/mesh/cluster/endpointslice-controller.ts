/**
 * The EndpointSlice controller (`pkg/controller/endpointslice`): for every Service with a
 * selector, slices of at most 100 endpoints (`--max-endpoints-per-slice`), one set of slices per
 * distinct port mapping, named `<service>-<5 random chars>`, labelled with the service name and
 * the controller that manages them. Each endpoint carries its pod's IP, readiness conditions,
 * node and a reference to the pod. kube-proxy and Istio read these; `v1 Endpoints` is deprecated
 * since v1.33 (the API server warns on it).
 */
import type { WatchEvent } from '../api/api-server.ts';
import { ENDPOINT_SLICES, PODS, SERVICES } from '../api/builtin-resources.ts';
import { deepEqual } from '../api/deep.ts';
import type { KubeObject, Pod, Service } from '../api/objects.ts';
import { mapSelects } from '../api/selectors.ts';
import type { Rng } from '../random.ts';
import { LABEL_INDEX } from '../api/indexer.ts';
import type { ClusterApiServer } from '../api/store.ts';
import type { Controller } from './controller.ts';
import { keyOf, podsSelectedBy, servicesSelecting, splitKey, WorkQueue } from './informers.ts';
import { cachedRows, resolveTargetPort, sortByIp, type RowCache } from './endpoints-controller.ts';
import { randomSuffix } from './names.ts';
import { isActivePod, isPodReady } from './pods.ts';

export const MAX_ENDPOINTS_PER_SLICE = 100;
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const CONTROLLER = 'endpointslice-controller.k8s.io';
const SERVICE_NAME = 'kubernetes.io/service-name';

export interface SlicePort {
	name: string;
	port: number;
	protocol: string;
}

export interface SliceEndpoint {
	addresses: string[];
	conditions: { ready: boolean; serving: boolean; terminating: boolean };
	nodeName?: string;
	targetRef: { kind: 'Pod'; name: string; namespace: string; uid: string };
}

export interface EndpointSliceObject extends KubeObject {
	addressType: 'IPv4';
	endpoints: SliceEndpoint[];
	ports: SlicePort[];
}

/** What one pod adds to a Service's slices; null: nothing. */
interface SliceRow {
	readonly key: string;
	readonly ports: SlicePort[];
	readonly endpoint: SliceEndpoint;
}

function sliceRow(svc: Service, pod: Pod): SliceRow | null {
	const ip = pod.status?.podIP;
	if (!ip || !isActivePod(pod) || !mapSelects(svc.spec.selector, pod.metadata.labels)) return null;
	const ports: SlicePort[] = [];
	for (const sp of svc.spec.ports ?? []) {
		const port = resolveTargetPort(sp, pod);
		if (port !== undefined)
			ports.push({ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' });
	}
	const ready = isPodReady(pod);
	const terminating = pod.metadata.deletionTimestamp !== undefined;
	const endpoint: SliceEndpoint = {
		addresses: [ip],
		conditions: { ready: ready && !terminating, serving: ready, terminating },
		...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
		targetRef: {
			kind: 'Pod',
			name: pod.metadata.name,
			namespace: pod.metadata.namespace ?? '',
			uid: pod.metadata.uid
		}
	};
	return { key: JSON.stringify(ports), ports, endpoint };
}

/**
 * The endpoints of a Service, grouped by the ports they resolve to, in chunks of 100. The
 * objects in them may be shared with earlier results (`cache`): never change them.
 */
export function desiredSlices(
	svc: Service,
	pods: readonly Pod[],
	cache?: RowCache<SliceRow>
): { ports: SlicePort[]; endpoints: SliceEndpoint[] }[] {
	const rows = cachedRows(cache, svc);
	const groups = new Map<string, { ports: SlicePort[]; endpoints: SliceEndpoint[] }>();
	for (const pod of pods) {
		let row = rows.get(pod);
		if (row === undefined) rows.set(pod, (row = sliceRow(svc, pod)));
		if (!row) continue;
		let group = groups.get(row.key);
		if (!group) groups.set(row.key, (group = { ports: row.ports, endpoints: [] }));
		group.endpoints.push(row.endpoint);
	}
	const out: { ports: SlicePort[]; endpoints: SliceEndpoint[] }[] = [];
	const keys = [...groups.keys()].sort();
	for (const key of keys) {
		const g = groups.get(key)!;
		g.endpoints = sortByIp(g.endpoints, (e) => e.addresses[0] ?? '');
		for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE)
			out.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
	}
	// A Service that selects nothing still has one placeholder slice: no ports, no endpoints.
	if (out.length === 0) out.push({ ports: [], endpoints: [] });
	return out;
}

const managedBySelector = (svc: Service): boolean =>
	svc.spec.type !== 'ExternalName' && Object.keys(svc.spec.selector ?? {}).length > 0;

export function createEndpointSliceController(api: ClusterApiServer, rng: Rng): Controller {
	/** Services whose slices may be out of date: what changed since the last sync. */
	const queue = new WorkQueue();
	const rows: RowCache<SliceRow> = new WeakMap();
	for (const s of api.peek(SERVICES) as readonly Service[]) queue.add(keyOf(s));
	// Our own writes are queued too: a second look at new slices may reorder them by name, as
	// the full relist this replaces did.
	const enqueuePod = (pod: KubeObject): void => {
		for (const svc of servicesSelecting(api, pod)) queue.add(keyOf(svc));
	};
	const enqueueSlice = (slice: KubeObject): void => {
		const labels = slice.metadata.labels;
		if (labels?.[MANAGED_BY] === CONTROLLER)
			queue.add(`${slice.metadata.namespace}/${labels[SERVICE_NAME] ?? ''}`);
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
		onAdd: (s) => queue.add(keyOf(s)),
		onUpdate: (_, s) => queue.add(keyOf(s)),
		onDelete: (s) => queue.add(keyOf(s))
	});
	api.addEventHandler(ENDPOINT_SLICES, {
		onAdd: enqueueSlice,
		onUpdate: (old, slice) => {
			enqueueSlice(old);
			enqueueSlice(slice);
		},
		onDelete: enqueueSlice
	});

	/** This controller's slices of the Service `namespace/name`, by name. */
	function slicesOf(namespace: string, name: string): EndpointSliceObject[] {
		return (
			api.byIndex(ENDPOINT_SLICES, LABEL_INDEX, `${SERVICE_NAME}=${name}`) as EndpointSliceObject[]
		)
			.filter(
				(s) => s.metadata.namespace === namespace && s.metadata.labels?.[MANAGED_BY] === CONTROLLER
			)
			.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
	}

	function reconcile(svc: Service): void {
		const ns = svc.metadata.namespace ?? 'default';
		const want = desiredSlices(svc, podsSelectedBy(api, ns, svc.spec.selector), rows);
		const have = slicesOf(ns, svc.metadata.name);
		const labels = {
			...(svc.metadata.labels ?? {}),
			[MANAGED_BY]: CONTROLLER,
			[SERVICE_NAME]: svc.metadata.name
		};
		want.forEach((slice, i) => {
			const current = have[i];
			if (!current) {
				api.create({
					apiVersion: 'discovery.k8s.io/v1',
					kind: 'EndpointSlice',
					metadata: {
						name: `${svc.metadata.name}-${randomSuffix(rng)}`,
						generateName: `${svc.metadata.name}-`,
						namespace: ns,
						labels,
						ownerReferences: [
							{
								apiVersion: 'v1',
								kind: 'Service',
								name: svc.metadata.name,
								uid: svc.metadata.uid,
								controller: true,
								blockOwnerDeletion: true
							}
						]
					} as unknown as KubeObject['metadata'],
					addressType: 'IPv4',
					endpoints: slice.endpoints,
					ports: slice.ports
				});
				return;
			}
			if (
				deepEqual(current.endpoints ?? [], slice.endpoints) &&
				deepEqual(current.ports ?? [], slice.ports) &&
				deepEqual(current.metadata.labels ?? {}, labels)
			)
				return;
			api.patch(ENDPOINT_SLICES, ns, current.metadata.name, (draft) => {
				const d = draft as EndpointSliceObject;
				d.metadata.labels = labels;
				d.endpoints = slice.endpoints;
				d.ports = slice.ports;
			});
		});
		for (const extra of have.slice(want.length))
			api.delete(ENDPOINT_SLICES, ns, extra.metadata.name);
	}

	return {
		name: 'endpointslice',
		wants: (e: WatchEvent) =>
			(e.resource.group === '' && ['Pod', 'Service'].includes(e.resource.kind)) ||
			e.resource.kind === 'EndpointSlice',
		sync() {
			const keys = queue.take();
			const gone: string[] = [];
			const failures: string[] = [];
			for (const key of keys) {
				const { namespace, name } = splitKey(key);
				const svc = api.peekObject(SERVICES, namespace, name) as Service | undefined;
				if (!svc || !managedBySelector(svc)) gone.push(key);
				else
					try {
						reconcile(svc);
					} catch (e) {
						queue.add(key);
						failures.push(`${key}: ${e instanceof Error ? e.message : String(e)}`);
					}
			}
			// Slices of a Service that is gone (the garbage collector would too, by owner).
			for (const key of gone) {
				const { namespace, name } = splitKey(key);
				for (const s of slicesOf(namespace, name))
					api.delete(ENDPOINT_SLICES, s.metadata.namespace, s.metadata.name);
			}
			if (failures.length > 0) throw new Error(failures.join('; '));
		}
	};
}
