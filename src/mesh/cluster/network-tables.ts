/**
 * The CoreDNS and kube-proxy view of the cluster, computed from Services and Endpoints and pushed
 * to the runtime whenever it changes: `<svc>.<ns>.svc.cluster.local` records and, per service
 * port, the ready endpoints (matched to the service port by name, as kube-proxy does). A port's
 * `nodePort` is served on every node's address with the same endpoints (kube-proxy's
 * KUBE-NODEPORTS, externalTrafficPolicy Cluster), and each `status.loadBalancer.ingress` address
 * with the same endpoints (KUBE-SERVICES' rule for a load balancer's address: MetalLB's, reached
 * in the cluster and, across kind's docker network, from the other cluster: net/docker-bridge.ts).
 */
import type { WatchEvent } from '../api/api-server.ts';
import type { ClusterApiServer } from '../api/store.ts';
import { serviceEntrySpec, statusAddresses } from '../istiod/service-entries.ts';
import {
	ENDPOINTS,
	NAMESPACES,
	NETWORK_POLICIES,
	NODES,
	PODS,
	SERVICES
} from '../api/builtin-resources.ts';
import { deepEqual } from '../api/deep.ts';
import type { KubeObject, Pod, Service } from '../api/objects.ts';
import { AMBIENT_REDIRECTION_ANNOTATION, AMBIENT_REDIRECTION_ENABLED } from '../cni/enrolment.ts';
import { CLUSTER_DOMAIN } from '../net/dns.ts';
import { compilePolicies, type NetworkPolicyObject } from '../networkpolicy/compile.ts';
import {
	EMPTY_TABLES,
	type NetworkTables,
	type PolicyTable,
	type ServiceEndpoint,
	type ServicePortEntry
} from '../net/tables.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { ip, type IpAddr } from '../types.ts';
import { isNodeAgent } from '../cni/node-agents.ts';
import type { Controller } from './controller.ts';
import type { EndpointsObject } from './endpoints-controller.ts';
import { keyOf, splitKey } from './informers.ts';
import { isPodReady, listAll } from './pods.ts';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Tables without a version: what changed is decided by comparing these. */
export function computeTables(
	services: readonly Service[],
	endpoints: readonly EndpointsObject[],
	nodeIps: readonly IpAddr[] = []
): Omit<NetworkTables, 'version'> {
	const eps = new Map(endpoints.map((e) => [`${e.metadata.namespace}/${e.metadata.name}`, e]));
	const dns: Record<string, IpAddr> = {};
	const entries: ServicePortEntry[] = [];
	for (const svc of services) {
		const ns = svc.metadata.namespace ?? 'default';
		const key = `${ns}/${svc.metadata.name}`;
		const fqdn = `${svc.metadata.name}.${ns}.svc.${CLUSTER_DOMAIN}`;
		const subsets = eps.get(key)?.subsets ?? [];
		const clusterIP = svc.spec.clusterIP;
		if (clusterIP === 'None') {
			// Headless: the name resolves to a ready pod (the first; real DNS returns them all).
			const first = subsets.flatMap((s) => s.addresses ?? [])[0];
			if (first) dns[fqdn] = ip(first.ip);
			continue;
		}
		if (typeof clusterIP !== 'string' || !IPV4.test(clusterIP)) continue;
		dns[fqdn] = ip(clusterIP);
		for (const sp of svc.spec.ports ?? []) {
			const ready: ServiceEndpoint[] = [];
			for (const s of subsets) {
				const match = (s.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? ''));
				if (!match) continue;
				for (const a of s.addresses ?? []) ready.push({ ip: ip(a.ip), port: match.port });
			}
			entries.push({ vip: ip(clusterIP), port: sp.port, service: key, endpoints: ready });
			for (const lb of loadBalancerIps(svc))
				entries.push({ vip: lb, port: sp.port, service: key, endpoints: ready });
			const nodePort = (sp as { nodePort?: unknown }).nodePort;
			if (typeof nodePort === 'number')
				for (const node of nodeIps)
					entries.push({ vip: node, port: nodePort, service: key, endpoints: ready });
		}
	}
	entries.sort((a, b) =>
		a.service === b.service ? a.port - b.port : a.service < b.service ? -1 : 1
	);
	return { dns, services: entries };
}

/** The Service's load-balancer addresses (IPv4 `ip` entries of `status.loadBalancer.ingress`). */
function loadBalancerIps(svc: Service): IpAddr[] {
	const status = (svc as { status?: { loadBalancer?: { ingress?: readonly unknown[] } } }).status;
	const out: IpAddr[] = [];
	for (const i of status?.loadBalancer?.ingress ?? []) {
		const a = (i as { ip?: unknown }).ip;
		if (typeof a === 'string' && IPV4.test(a)) out.push(ip(a));
	}
	return out;
}

/**
 * istio-cni's redirection: each pod the CNI enrolled (annotated `ambient.istio.io/redirection:
 * enabled`) and running, to the ready ztunnel on its node. Without a ztunnel that ever ran there
 * the pod's traffic is not redirected. Once it ran, the in-pod rules stay while it is down (a
 * crashed ztunnel in CrashLoopBackOff is still phase Running): the node's ambient traffic then
 * fails, as Istio's does, until the ztunnel is back.
 */
export function computeRedirection(pods: readonly Pod[]): Record<string, IpAddr> {
	const ztunnels = new Map<string, IpAddr>();
	const down = new Map<string, IpAddr>();
	for (const p of pods) {
		if (!isNodeAgent(p, 'ztunnel') || !p.status?.podIP || !p.spec.nodeName) continue;
		if (isPodReady(p)) ztunnels.set(p.spec.nodeName, ip(p.status.podIP));
		else if (p.status.phase === 'Running') down.set(p.spec.nodeName, ip(p.status.podIP));
	}
	for (const [node, addr] of down) if (!ztunnels.has(node)) ztunnels.set(node, addr);
	const out: Record<string, IpAddr> = {};
	for (const p of pods) {
		if (p.metadata.annotations?.[AMBIENT_REDIRECTION_ANNOTATION] !== AMBIENT_REDIRECTION_ENABLED)
			continue;
		const ztunnel = p.spec.nodeName ? ztunnels.get(p.spec.nodeName) : undefined;
		if (ztunnel && p.status?.phase === 'Running' && p.status.podIP) out[p.status.podIP] = ztunnel;
	}
	return out;
}

/**
 * Enrolled pods on a node where Istio is gone: no ztunnel pod and no istio-cni pod left. The
 * agent does not unhook captured pods when it stops (it cannot tell an uninstall from an
 * upgrade; istio/istio#49067), so their in-pod rules point at ztunnel sockets nobody holds.
 */
export function computeStranded(pods: readonly Pod[]): IpAddr[] {
	const istioNodes = new Set<string>();
	for (const p of pods) {
		if (p.spec.nodeName && isNodeAgent(p)) istioNodes.add(p.spec.nodeName);
	}
	return pods
		.filter(
			(p) =>
				p.metadata.annotations?.[AMBIENT_REDIRECTION_ANNOTATION] === AMBIENT_REDIRECTION_ENABLED &&
				p.status?.phase === 'Running' &&
				p.status.podIP &&
				p.spec.nodeName &&
				!istioNodes.has(p.spec.nodeName)
		)
		.map((p) => ip(p.status!.podIP!))
		.sort();
}

export interface NetworkPublisher extends Controller {
	current(): NetworkTables;
}

/**
 * Pods that can change the redirection table or who is stranded: enrolled ones, ztunnels and
 * istio-cni agents.
 */
function redirects(p: KubeObject): boolean {
	if (p.metadata.annotations?.[AMBIENT_REDIRECTION_ANNOTATION] === AMBIENT_REDIRECTION_ENABLED)
		return true;
	return isNodeAgent(p);
}

/**
 * ztunnel's DNS proxy table: each ServiceEntry host with its first IPv4 address, its own
 * `addresses` or the one istiod allocated (`status.addresses`); istiod sends ztunnel these
 * hosts and ztunnel answers them (dns/server.rs). Wildcard hosts and resolution NONE get none.
 */
export function computeMeshDns(api: ClusterApiServer): Record<string, IpAddr> {
	const type = api.resolve('serviceentries.networking.istio.io');
	if (!type) return {};
	const out: Record<string, IpAddr> = {};
	const list = api.peek(type);
	if (!Array.isArray(list)) return out;
	for (const se of list as readonly KubeObject[]) {
		const spec = serviceEntrySpec(se);
		if (spec.resolution === 'NONE') continue;
		const auto = statusAddresses(se);
		for (const h of spec.hosts) {
			if (h.startsWith('*') || out[h] !== undefined) continue;
			const first = (spec.addresses.length > 0 ? spec.addresses : (auto.get(h) ?? [])).find((a) =>
				IPV4.test(a)
			);
			if (first !== undefined) out[h] = ip(first);
		}
	}
	return out;
}

/**
 * kindnet's view of NetworkPolicy (networkpolicy/compile.ts), or undefined while none exists: then
 * nothing is isolated and no table travels to the hosts.
 */
export function computePolicyTable(api: ClusterApiServer): PolicyTable | undefined {
	const policies = listAll(api, NETWORK_POLICIES);
	if (policies.length === 0) return undefined;
	const namespaces = new Map(
		listAll(api, NAMESPACES).map((n) => [n.metadata.name, n.metadata.labels ?? {}])
	);
	return compilePolicies(
		policies as unknown as readonly NetworkPolicyObject[],
		listAll<Pod>(api, PODS),
		namespaces
	);
}

/** Every node's InternalIP: where kube-proxy serves node ports. */
function nodeAddresses(api: ClusterApiServer): IpAddr[] {
	const out: IpAddr[] = [];
	for (const n of api.peek(NODES) as readonly {
		status?: { addresses?: readonly { type: string; address: string }[] };
	}[]) {
		const a = n.status?.addresses?.find((x) => x.type === 'InternalIP')?.address;
		if (a && IPV4.test(a)) out.push(ip(a));
	}
	return out.sort();
}

export function createNetworkPublisher(api: ClusterApiServer, runtime: Runtime): NetworkPublisher {
	let tables: NetworkTables = EMPTY_TABLES;
	/** Which halves changed since the last sync: a pod that redirects nothing changes neither. */
	let servicesDirty = true;
	let redirectionDirty = true;
	/** Keys of the pods `redirects` picks, kept by the pod event handler. */
	const redirecting = new Set<string>();
	const trackPod = (old: KubeObject | undefined, pod: KubeObject | undefined): void => {
		if ((old && redirects(old)) || (pod && redirects(pod))) redirectionDirty = true;
		const key = keyOf((pod ?? old) as KubeObject);
		if (pod && redirects(pod)) redirecting.add(key);
		else redirecting.delete(key);
	};
	for (const p of api.peek(PODS) as readonly Pod[]) trackPod(undefined, p);
	api.addEventHandler(PODS, {
		onAdd: (p) => trackPod(undefined, p),
		onUpdate: trackPod,
		onDelete: (p) => trackPod(p, undefined)
	});
	const touchServices = (): void => {
		servicesDirty = true;
	};
	// Nodes join at boot; their addresses change node ports' entries at the next sync.
	for (const type of [SERVICES, ENDPOINTS, NODES])
		api.addEventHandler(type, {
			onAdd: touchServices,
			onUpdate: touchServices,
			onDelete: touchServices
		});
	// NetworkPolicy depends on pods' labels and addresses, namespaces' labels and the policies.
	let policyDirty = true;
	const touchPolicy = (): void => {
		policyDirty = true;
	};
	for (const type of [NETWORK_POLICIES, NAMESPACES, PODS])
		api.addEventHandler(type, { onAdd: touchPolicy, onUpdate: touchPolicy, onDelete: touchPolicy });
	let networkPolicy: PolicyTable | undefined;
	let computed: Omit<NetworkTables, 'version' | 'redirection'> = { dns: {}, services: [] };
	let redirection: Record<string, IpAddr> = {};
	let stranded: IpAddr[] = [];
	return {
		name: 'network',
		wants: (e: WatchEvent) =>
			(e.resource.group === '' &&
				(e.resource.kind === 'Service' ||
					e.resource.kind === 'Endpoints' ||
					e.resource.kind === 'Pod' ||
					e.resource.kind === 'Namespace')) ||
			(e.resource.group === 'networking.k8s.io' && e.resource.kind === 'NetworkPolicy') ||
			(e.resource.group === 'networking.istio.io' && e.resource.kind === 'ServiceEntry'),
		sync() {
			if (servicesDirty)
				computed = computeTables(
					listAll<Service>(api, SERVICES),
					listAll<EndpointsObject>(api, ENDPOINTS),
					nodeAddresses(api)
				);
			if (redirectionDirty) {
				const pods: Pod[] = [];
				for (const key of [...redirecting].sort()) {
					const { namespace, name } = splitKey(key);
					const pod = api.peekObject(PODS, namespace, name);
					if (pod) pods.push(pod as Pod);
				}
				redirection = computeRedirection(pods);
				stranded = computeStranded(pods);
			}
			if (policyDirty) networkPolicy = computePolicyTable(api);
			servicesDirty = redirectionDirty = policyDirty = false;
			const meshDns = computeMeshDns(api);
			const next = {
				...computed,
				redirection,
				stranded,
				...(Object.keys(meshDns).length > 0 ? { meshDns } : {}),
				...(networkPolicy ? { networkPolicy } : {})
			};
			if (
				tables.version > 0 &&
				deepEqual(next.dns, tables.dns) &&
				deepEqual(next.services, tables.services) &&
				deepEqual(next.redirection, tables.redirection) &&
				deepEqual(next.stranded, tables.stranded ?? []) &&
				deepEqual(next.meshDns, tables.meshDns) &&
				deepEqual(next.networkPolicy, tables.networkPolicy)
			)
				return;
			tables = { ...next, version: tables.version + 1 };
			runtime.setNetwork(tables);
		},
		current: () => tables
	};
}
