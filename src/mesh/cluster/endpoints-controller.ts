/**
 * The Endpoints controller (`pkg/controller/endpoint`): for every Service with a selector, an
 * Endpoints object of the same name listing the selected pods' IPs, ready ones under
 * `addresses` and the rest under `notReadyAddresses`, with each service port's targetPort
 * resolved per pod (a named targetPort looks up the container port of that name).
 */
import type { ApiServer, WatchEvent } from '../api/api-server.ts';
import { ENDPOINTS, PODS, SERVICES } from '../api/builtin-resources.ts';
import { deepEqual } from '../api/deep.ts';
import { isApiError } from '../api/errors.ts';
import type { KubeObject, Pod, Service, ServicePort } from '../api/objects.ts';
import { mapSelects } from '../api/selectors.ts';
import { reconcileEach, type Controller } from './controller.ts';
import { isActivePod, isPodReady, listAll } from './pods.ts';

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

const byIp = (a: EndpointAddress, b: EndpointAddress): number => {
	const pa = a.ip.split('.').map(Number);
	const pb = b.ip.split('.').map(Number);
	for (let i = 0; i < 4; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
	return 0;
};

/** The subsets for a Service: pods grouped by the ports they resolve to (RepackSubsets). */
export function computeSubsets(svc: Service, pods: readonly Pod[]): EndpointSubset[] {
	const groups = new Map<string, EndpointSubset>();
	for (const pod of pods) {
		const podIP = pod.status?.podIP;
		if (!podIP || !isActivePod(pod) || !mapSelects(svc.spec.selector, pod.metadata.labels))
			continue;
		const ports: EndpointPort[] = [];
		for (const sp of svc.spec.ports ?? []) {
			const port = resolveTargetPort(sp, pod);
			if (port === undefined) continue;
			ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' });
		}
		if (ports.length === 0 && (svc.spec.ports ?? []).length > 0) continue;
		const key = JSON.stringify(ports);
		let subset = groups.get(key);
		if (!subset) groups.set(key, (subset = ports.length > 0 ? { ports } : {}));
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
		const list = isPodReady(pod) ? (subset.addresses ??= []) : (subset.notReadyAddresses ??= []);
		list.push(address);
	}
	const subsets = [...groups.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([, s]) => s);
	for (const s of subsets) {
		s.addresses?.sort(byIp);
		s.notReadyAddresses?.sort(byIp);
	}
	return subsets;
}

const managedBySelector = (svc: Service): boolean =>
	svc.spec.type !== 'ExternalName' && Object.keys(svc.spec.selector ?? {}).length > 0;

export function createEndpointsController(api: ApiServer): Controller {
	/** Endpoints this controller wrote; only those are removed with their Service. */
	const owned = new Set<string>();
	return {
		name: 'endpoints',
		wants: (e: WatchEvent) =>
			e.resource.group === '' && ['Pod', 'Service', 'Endpoints'].includes(e.resource.kind),
		sync() {
			const services = listAll<Service>(api, SERVICES);
			// Only pods with an address can be endpoints: thousands of Pending pods cost one look each.
			const podsByNs = new Map<string, Pod[]>();
			for (const p of listAll<Pod>(api, PODS)) {
				if (!p.status?.podIP || !isActivePod(p)) continue;
				const ns = p.metadata.namespace ?? 'default';
				let list = podsByNs.get(ns);
				if (!list) podsByNs.set(ns, (list = []));
				list.push(p);
			}
			const existing = new Map(
				listAll<EndpointsObject>(api, ENDPOINTS).map((e) => [
					`${e.metadata.namespace}/${e.metadata.name}`,
					e
				])
			);
			const serviceKeys = new Set(
				services.map((s) => `${s.metadata.namespace}/${s.metadata.name}`)
			);
			const reconcile = (svc: Service): void => {
				if (!managedBySelector(svc)) return;
				const ns = svc.metadata.namespace ?? 'default';
				const subsets = computeSubsets(svc, podsByNs.get(ns) ?? []);
				const labels = { ...(svc.metadata.labels ?? {}) };
				const key = `${ns}/${svc.metadata.name}`;
				owned.add(key);
				const current = existing.get(key);
				if (!current) {
					const r = api.create({
						apiVersion: 'v1',
						kind: 'Endpoints',
						metadata: { name: svc.metadata.name, namespace: ns, labels } as KubeObject['metadata'],
						...(subsets.length > 0 ? { subsets } : {})
					});
					if (isApiError(r)) return;
				} else if (
					!deepEqual(current.subsets ?? [], subsets) ||
					!deepEqual(current.metadata.labels ?? {}, labels)
				) {
					api.patch(ENDPOINTS, ns, svc.metadata.name, (draft) => {
						draft.metadata.labels = labels;
						if (subsets.length > 0) draft.subsets = subsets;
						else delete draft.subsets;
					});
				}
			};
			try {
				reconcileEach(services, reconcile);
			} finally {
				// Endpoints of a Service that is gone go with it; hand-written ones stay the user's.
				for (const [key, ep] of existing)
					if (!serviceKeys.has(key) && owned.delete(key))
						api.delete(ENDPOINTS, ep.metadata.namespace, ep.metadata.name);
			}
		}
	};
}
