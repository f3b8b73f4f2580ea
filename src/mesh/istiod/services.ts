/**
 * Kubernetes Services as ztunnel sees them. Mirrors istio
 * pilot/pkg/serviceregistry/ambient/services.go (`constructService`, `getVIPs`) and the port
 * mapping of workloads.go (`constructServices`, `FindPortName`): a named targetPort is 0 on the
 * Service and resolved per endpoint, and an endpoint without that port name drops the port.
 */
import type { KubeObject, Pod, Service as KubeService, ServicePort } from '../api/objects.ts';
import { serviceLoadBalancing } from './load-balancing.ts';
import { isPodReady } from '../api/pod-ready.ts';
import type { Service, ServiceEndpoint } from '../xds/workload-api.ts';
import { ip, type IpAddr } from '../types.ts';
import { CLUSTER_ID } from '../istio/cluster-id.ts';

export const DOMAIN_SUFFIX = 'cluster.local';

/** kube.ServiceHostname: `<name>.<namespace>.svc.cluster.local`. */
export function serviceHostname(name: string, namespace: string): string {
	return `${name}.${namespace}.svc.${DOMAIN_SUFFIX}`;
}

/** `namespace/hostname`, the key of Workload.services (namespacedHostname). */
export function namespacedHostname(svc: KubeService): string {
	const ns = svc.metadata.namespace ?? 'default';
	return `${ns}/${serviceHostname(svc.metadata.name, ns)}`;
}

/** A pod that is (or will be) an address: has an IP and has not finished (CheckPodTerminal). */
export function isAddressablePod(pod: Pod): boolean {
	const phase = pod.status?.phase;
	return phase !== 'Succeeded' && phase !== 'Failed' && podIp(pod) !== undefined;
}

export function podIp(pod: Pod): IpAddr | undefined {
	const first = pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP;
	return first ? ip(first) : undefined;
}

/** IsPodReady and not being deleted: Kubernetes' "ready" endpoint condition. */
export function isHealthy(pod: Pod): boolean {
	return isPodReady(pod) && pod.metadata.deletionTimestamp === undefined;
}

/** A selector Service in the pod's namespace whose selector is a subset of the pod's labels. */
export function serviceSelects(svc: KubeService, pod: Pod): boolean {
	if (svc.metadata.namespace !== pod.metadata.namespace) return false;
	const selector = svc.spec.selector;
	if (!selector || Object.keys(selector).length === 0) return false;
	const labels = pod.metadata.labels ?? {};
	return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** FindPortName: the containerPort of a TCP container port with this name. */
export function findPortName(pod: Pod, name: string): number | undefined {
	for (const c of pod.spec.containers ?? []) {
		for (const p of c.ports ?? []) {
			if (p.name === name && (p.protocol ?? 'TCP') === 'TCP') return p.containerPort;
		}
	}
	return undefined;
}

function tcpPorts(svc: KubeService): ServicePort[] {
	return (svc.spec.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP');
}

/** The Service's port map: a numeric targetPort (defaulting to the port), 0 when named. */
export function servicePorts(svc: KubeService): Record<number, number> {
	const out: Record<number, number> = {};
	for (const p of tcpPorts(svc)) {
		const t = p.targetPort;
		out[p.port] = typeof t === 'string' ? (/^\d+$/.test(t) ? Number(t) : 0) : (t ?? p.port);
	}
	return out;
}

/** service port → target port on this pod; a named target port the pod lacks is left out. */
export function endpointPorts(svc: KubeService, pod: Pod): Record<number, number> {
	const out: Record<number, number> = {};
	for (const p of tcpPorts(svc)) {
		const t = p.targetPort;
		if (typeof t === 'string' && !/^\d+$/.test(t)) {
			const resolved = findPortName(pod, t);
			if (resolved !== undefined) out[p.port] = resolved;
		} else {
			out[p.port] = t === undefined ? p.port : Number(t);
		}
	}
	return out;
}

/** getVIPs: clusterIPs without `None` (headless Services have no VIP). */
function vips(svc: KubeService): IpAddr[] {
	const all = svc.spec.clusterIPs ?? (svc.spec.clusterIP ? [svc.spec.clusterIP] : []);
	return all.filter((a) => a !== '' && a !== 'None').map(ip);
}

export function podUid(pod: Pod, cluster = CLUSTER_ID): string {
	return `${cluster}//Pod/${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}

/** The pod as one of the Service's endpoints, or undefined when it is not one. */
export function serviceEndpoint(svc: KubeService, pod: Pod): ServiceEndpoint | undefined {
	if (!isAddressablePod(pod) || !serviceSelects(svc, pod)) return undefined;
	return {
		workloadUid: podUid(pod),
		ports: endpointPorts(svc, pod),
		status: isHealthy(pod) ? 'Healthy' : 'Unhealthy'
	};
}

/** One Service per Kubernetes Service (ExternalName has no workloads and is skipped). */
export function buildServices(
	services: readonly KubeService[],
	pods: readonly Pod[],
	namespaces: readonly KubeObject[] = []
): Service[] {
	const out: Service[] = [];
	const nsByName = new Map(namespaces.map((n) => [n.metadata.name, n]));
	for (const svc of services) {
		if (svc.spec.type === 'ExternalName') continue;
		const namespace = svc.metadata.namespace ?? 'default';
		const endpoints: ServiceEndpoint[] = [];
		for (const p of pods) {
			const e = serviceEndpoint(svc, p);
			if (e) endpoints.push(e);
		}
		const service: Service = {
			name: svc.metadata.name,
			namespace,
			hostname: serviceHostname(svc.metadata.name, namespace),
			vips: vips(svc),
			ports: servicePorts(svc),
			endpoints
		};
		const lb = serviceLoadBalancing(svc, nsByName.get(namespace));
		out.push(lb ? { ...service, loadBalancing: lb } : service);
	}
	return out.sort((a, b) => compareKeys(a.namespace, a.name, b.namespace, b.name));
}

export function compareKeys(ns1: string, n1: string, ns2: string, n2: string): number {
	if (ns1 !== ns2) return ns1 < ns2 ? -1 : 1;
	return n1 < n2 ? -1 : n1 > n2 ? 1 : 0;
}
