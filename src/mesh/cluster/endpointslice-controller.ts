/**
 * The EndpointSlice controller (`pkg/controller/endpointslice`): for every Service with a
 * selector, slices of at most 100 endpoints (`--max-endpoints-per-slice`), one set of slices per
 * distinct port mapping, named `<service>-<5 random chars>`, labelled with the service name and
 * the controller that manages them. Each endpoint carries its pod's IP, readiness conditions,
 * node and a reference to the pod. kube-proxy and Istio read these; `v1 Endpoints` is deprecated
 * since v1.33 (the API server warns on it). Its parts: `endpointslice-utils.ts` (the slices a
 * Service should have), `endpointslice-reconciler.ts` (writing them). This file is the queue.
 */
import type { WatchEvent } from '../api/api-server.ts';
import { ENDPOINT_SLICES, PODS, SERVICES } from '../api/builtin-resources.ts';
import type { KubeObject, Service } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import type { Rng } from '../random.ts';
import type { Controller } from './controller.ts';
import { reconcile, slicesOf, type SliceContext } from './endpointslice-reconciler.ts';
import { CONTROLLER, MANAGED_BY, SERVICE_NAME } from './endpointslice-utils.ts';
import { keyOf, servicesSelecting, splitKey, WorkQueue } from './informers.ts';

const managedBySelector = (svc: Service): boolean =>
	svc.spec.type !== 'ExternalName' && Object.keys(svc.spec.selector ?? {}).length > 0;

export function createEndpointSliceController(api: ClusterApiServer, rng: Rng): Controller {
	/** Services whose slices may be out of date: what changed since the last sync. */
	const queue = new WorkQueue();
	const ctx: SliceContext = { api, rng, rows: new WeakMap() };
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
						reconcile(ctx, svc);
					} catch (e) {
						queue.add(key);
						failures.push(`${key}: ${e instanceof Error ? e.message : String(e)}`);
					}
			}
			// Slices of a Service that is gone (the garbage collector would too, by owner).
			for (const key of gone) {
				const { namespace, name } = splitKey(key);
				for (const s of slicesOf(api, namespace, name))
					api.delete(ENDPOINT_SLICES, s.metadata.namespace, s.metadata.name);
			}
			if (failures.length > 0) throw new Error(failures.join('; '));
		}
	};
}
