/**
 * What a Service's EndpointSlices should hold (kube `pkg/controller/endpointslice` utils.go:
 * `podToEndpoint`, `getEndpointPorts`): one endpoint per ready-or-not pod with an IP, grouped
 * by the ports it resolves to, in chunks of `--max-endpoints-per-slice` (100).
 */
import type { KubeObject, Pod, Service } from '../api/objects.ts';
import { mapSelects } from '../api/selectors.ts';
import { cachedRows, resolveTargetPort, sortByIp, type RowCache } from './endpoints-controller.ts';
import { isActivePod, isPodReady } from './pods.ts';

export const MAX_ENDPOINTS_PER_SLICE = 100;
export const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER = 'endpointslice-controller.k8s.io';
export const SERVICE_NAME = 'kubernetes.io/service-name';

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
export interface SliceRow {
	readonly key: string;
	readonly ports: SlicePort[];
	readonly endpoint: SliceEndpoint;
}

/** `podToEndpoint` with the ports the pod resolves (`getEndpointPorts`). */
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
