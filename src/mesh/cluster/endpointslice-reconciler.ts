/**
 * Writing a Service's EndpointSlices (kube `staging/src/k8s.io/endpointslice/reconciler.go`):
 * the desired slices are laid over the existing ones by name order; a missing slice is created
 * as `<service>-<5 random chars>`, a changed one patched, a surplus one deleted.
 */
import { ENDPOINT_SLICES } from '../api/builtin-resources.ts';
import { deepEqual } from '../api/deep.ts';
import { LABEL_INDEX } from '../api/indexer.ts';
import type { KubeObject, Service } from '../api/objects.ts';
import type { ClusterApiServer } from '../api/store.ts';
import type { Rng } from '../random.ts';
import type { RowCache } from './endpoints-controller.ts';
import {
	CONTROLLER,
	desiredSlices,
	MANAGED_BY,
	SERVICE_NAME,
	type EndpointSliceObject,
	type SliceRow
} from './endpointslice-utils.ts';
import { podsSelectedBy } from './informers.ts';
import { randomSuffix } from './names.ts';

/** What the reconciler shares with the controller. */
export interface SliceContext {
	readonly api: ClusterApiServer;
	readonly rng: Rng;
	/** Each pod's endpoint row per (Service object, pod object). */
	readonly rows: RowCache<SliceRow>;
}

/** This controller's slices of the Service `namespace/name`, by name. */
export function slicesOf(
	api: ClusterApiServer,
	namespace: string,
	name: string
): EndpointSliceObject[] {
	return (
		api.byIndex(ENDPOINT_SLICES, LABEL_INDEX, `${SERVICE_NAME}=${name}`) as EndpointSliceObject[]
	)
		.filter(
			(s) => s.metadata.namespace === namespace && s.metadata.labels?.[MANAGED_BY] === CONTROLLER
		)
		.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

/** `reconcile`: the Service's slices become `desiredSlices`, written in name order. */
export function reconcile(ctx: SliceContext, svc: Service): void {
	const { api, rng, rows } = ctx;
	const ns = svc.metadata.namespace ?? 'default';
	const want = desiredSlices(svc, podsSelectedBy(api, ns, svc.spec.selector), rows);
	const have = slicesOf(api, ns, svc.metadata.name);
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
		api.replaceFields(ENDPOINT_SLICES, ns, current.metadata.name, {
			metadata: { labels },
			endpoints: slice.endpoints,
			ports: slice.ports
		});
	});
	for (const extra of have.slice(want.length)) api.delete(ENDPOINT_SLICES, ns, extra.metadata.name);
}
