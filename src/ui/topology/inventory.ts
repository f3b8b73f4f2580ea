/**
 * What the topology draws, from API objects alone: node regions holding namespace groups, which
 * hold service groups, which hold pods; each node's ztunnel; waypoints in their namespace. Also
 * the address book (pod IP, ClusterIP) that turns captured addresses into drawn things.
 * Pure: Node tests build it from plain objects.
 */
import { t } from '../i18n/i18n.svelte.ts';
import type { KubeObject, NodeObject, Pod, Service } from '../../mesh/api/objects.ts';
import { runningContainers } from '../../mesh/api/pod-containers.ts';
import {
	AMBIENT_REDIRECTION_ANNOTATION,
	AMBIENT_REDIRECTION_ENABLED,
	DATAPLANE_MODE_LABEL,
	SIDECAR_STATUS_ANNOTATION
} from '../../mesh/cni/enrolment.ts';

/** Enrolment as a learner reads it: ambient (ztunnel captures), sidecar, or none. */
export type MeshMode = 'ambient' | 'sidecar' | 'none';

/** `external`: a host on the simulated internet, drawn once traffic reached it. */
export type ItemKind = 'pod' | 'ztunnel' | 'waypoint' | 'control' | 'external';

/** One drawn box: a pod, a node's ztunnel, a waypoint pod, istiod or an external host. */
export interface TopologyItem {
	/** `pod:<namespace>/<name>`; stable across rebuilds so keyed blocks and layouts reuse it. */
	readonly id: string;
	readonly kind: ItemKind;
	readonly name: string;
	readonly namespace: string;
	readonly node: string;
	readonly ip: string;
	readonly mode: MeshMode;
	readonly status: string;
	/** `namespace/name` of the waypoint Gateway, for waypoint pods. */
	readonly waypoint?: string;
	/** The Service this pod is grouped under (the first, by name, whose selector matches). */
	readonly service?: string;
}

export interface TopologyGroup {
	/** `ns:<node>/<namespace>` or `svc:<node>/<namespace>/<service>`. */
	readonly id: string;
	readonly kind: 'namespace' | 'service';
	readonly label: string;
	/** Namespace groups: `istio.io/dataplane-mode` on the namespace; `ambient` enrols its pods. */
	readonly dataplaneMode?: string;
	/** Namespace groups: `istio.io/use-waypoint` on the namespace. */
	readonly useWaypoint?: string;
	readonly groups: readonly TopologyGroup[];
	readonly items: readonly TopologyItem[];
}

export interface TopologyRegion {
	readonly id: string;
	readonly name: string;
	readonly ip: string;
	readonly ztunnel?: TopologyItem;
	readonly groups: readonly TopologyGroup[];
}

export interface Inventory {
	readonly regions: readonly TopologyRegion[];
	/** Every item by id. */
	readonly items: ReadonlyMap<string, TopologyItem>;
	/** Pod IP → item; ClusterIP → the first ready item of that Service. */
	readonly byIp: ReadonlyMap<string, TopologyItem>;
	/** `namespace/name` of a waypoint Gateway → one of its pods. */
	readonly waypoints: ReadonlyMap<string, TopologyItem>;
	/** `namespace/name` of a workload, as TrafficPeer.workload spells it → item. */
	readonly byWorkload: ReadonlyMap<string, TopologyItem>;
	/** Changes only when the layout must: boxes added, removed or moved between groups. */
	readonly structureKey: string;
}

export interface InventoryInput {
	readonly nodes: readonly NodeObject[];
	readonly pods: readonly Pod[];
	readonly services: readonly Service[];
	readonly namespaces: readonly KubeObject[];
	/** Hosts outside the cluster that traffic has reached (only those are drawn). */
	readonly external?: readonly { readonly name: string; readonly ip: string }[];
}

/** The region the simulated internet's hosts sit in, beside the nodes. */
export const INTERNET_REGION = 'internet';

/** Labels Istio puts on a waypoint's pods (istiod/waypoints.ts has the same constants). */
const GATEWAY_MANAGED = 'gateway.istio.io/managed';
const MESH_CONTROLLER = 'istio.io-mesh-controller';
const GATEWAY_NAME = 'gateway.networking.k8s.io/gateway-name';
const USE_WAYPOINT = 'istio.io/use-waypoint';
const SYSTEM_NAMESPACE = 'istio-system';

export function meshMode(pod: Pod): MeshMode {
	const annotations = pod.metadata.annotations ?? {};
	if (annotations[SIDECAR_STATUS_ANNOTATION] !== undefined) return 'sidecar';
	// A Gateway's pod runs Envoy as its app (container istio-proxy): it is not an injected sidecar.
	const gatewayPod = pod.metadata.labels?.[GATEWAY_NAME] !== undefined;
	if (!gatewayPod && runningContainers(pod).some((c) => c.name === 'istio-proxy')) return 'sidecar';
	return annotations[AMBIENT_REDIRECTION_ANNOTATION] === AMBIENT_REDIRECTION_ENABLED
		? 'ambient'
		: 'none';
}

/**
 * kind's add-ons: Kiali leaves `kube-*` namespaces out by default (`api.namespaces.exclude`), and
 * local-path-provisioner, like istio-cni, carries no traffic.
 */
const hiddenNamespace = (ns: string | undefined): boolean =>
	ns === 'local-path-storage' || (ns ?? '').startsWith('kube-');

function itemKind(pod: Pod): ItemKind | undefined {
	if (hiddenNamespace(pod.metadata.namespace)) return undefined;
	const labels = pod.metadata.labels ?? {};
	if (labels[GATEWAY_MANAGED] === MESH_CONTROLLER) return 'waypoint';
	if (pod.metadata.namespace === SYSTEM_NAMESPACE) {
		if (labels['app'] === 'ztunnel') return 'ztunnel';
		if (labels['app'] === 'istiod') return 'control';
		// istio-cni-node is plumbing on every node: it never carries traffic, so it is not drawn.
		return undefined;
	}
	return 'pod';
}

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
	!!selector &&
	Object.keys(selector).length > 0 &&
	Object.entries(selector).every(([k, v]) => labels[k] === v);

const byName = (a: { metadata: { name: string } }, b: { metadata: { name: string } }): number =>
	a.metadata.name.localeCompare(b.metadata.name);

function podItem(pod: Pod, kind: ItemKind, services: readonly Service[]): TopologyItem {
	const namespace = pod.metadata.namespace ?? 'default';
	const labels = pod.metadata.labels ?? {};
	const service =
		kind === 'pod'
			? services.find(
					(s) =>
						(s.metadata.namespace ?? 'default') === namespace && selects(s.spec.selector, labels)
				)?.metadata.name
			: undefined;
	const gateway = labels[GATEWAY_NAME];
	return {
		id: `pod:${namespace}/${pod.metadata.name}`,
		kind,
		name: pod.metadata.name,
		namespace,
		node: pod.spec.nodeName ?? '',
		ip: pod.status?.podIP ?? '',
		mode: kind === 'pod' ? meshMode(pod) : 'none',
		status: pod.metadata.deletionTimestamp ? 'Terminating' : (pod.status?.phase ?? 'Pending'),
		...(kind === 'waypoint' && gateway ? { waypoint: `${namespace}/${gateway}` } : {}),
		...(service ? { service } : {})
	};
}

function namespaceGroups(
	node: string,
	items: readonly TopologyItem[],
	namespaces: ReadonlyMap<string, KubeObject>
): TopologyGroup[] {
	const byNs = new Map<string, TopologyItem[]>();
	for (const item of items) byNs.set(item.namespace, [...(byNs.get(item.namespace) ?? []), item]);
	return [...byNs.keys()].sort().map((ns) => {
		const members = byNs.get(ns) ?? [];
		const bySvc = new Map<string, TopologyItem[]>();
		const loose: TopologyItem[] = [];
		for (const item of members) {
			if (item.service) bySvc.set(item.service, [...(bySvc.get(item.service) ?? []), item]);
			else loose.push(item);
		}
		const labels = namespaces.get(ns)?.metadata.labels ?? {};
		const dataplaneMode = labels[DATAPLANE_MODE_LABEL];
		const useWaypoint = labels[USE_WAYPOINT];
		return {
			id: `ns:${node}/${ns}`,
			kind: 'namespace' as const,
			label: ns,
			...(dataplaneMode ? { dataplaneMode } : {}),
			...(useWaypoint ? { useWaypoint } : {}),
			groups: [...bySvc.keys()].sort().map((svc) => ({
				id: `svc:${node}/${ns}/${svc}`,
				kind: 'service' as const,
				label: svc,
				groups: [],
				items: bySvc.get(svc) ?? []
			})),
			items: loose
		};
	});
}

/** Builds the inventory; pods not yet scheduled are left out (they have no region to sit in). */
export function buildInventory(input: InventoryInput): Inventory {
	const services = [...input.services].sort(byName);
	const namespaces = new Map(input.namespaces.map((n) => [n.metadata.name, n]));
	const items = new Map<string, TopologyItem>();
	const byIp = new Map<string, TopologyItem>();
	const waypoints = new Map<string, TopologyItem>();
	const byWorkload = new Map<string, TopologyItem>();
	const perNode = new Map<string, TopologyItem[]>();
	const ztunnels = new Map<string, TopologyItem>();
	for (const pod of [...input.pods].sort(byName)) {
		const kind = itemKind(pod);
		if (!kind || !pod.spec.nodeName) continue;
		const item = podItem(pod, kind, services);
		items.set(item.id, item);
		byWorkload.set(`${item.namespace}/${item.name}`, item);
		if (item.ip && item.status !== 'Terminating') byIp.set(item.ip, item);
		if (item.waypoint && !waypoints.has(item.waypoint)) waypoints.set(item.waypoint, item);
		if (kind === 'ztunnel') ztunnels.set(item.node, item);
		else perNode.set(item.node, [...(perNode.get(item.node) ?? []), item]);
	}
	for (const svc of services) {
		const ns = svc.metadata.namespace ?? 'default';
		const first = [...items.values()].find(
			(i) => i.service === svc.metadata.name && i.namespace === ns && i.status === 'Running'
		);
		for (const vip of svc.spec.clusterIPs ?? [svc.spec.clusterIP ?? '']) {
			if (first && vip && vip !== 'None' && !byIp.has(vip)) byIp.set(vip, first);
		}
	}
	const regions = [...input.nodes].sort(byName).map((n): TopologyRegion => {
		const name = n.metadata.name;
		const ztunnel = ztunnels.get(name);
		return {
			id: `node:${name}`,
			name,
			ip: (n.status?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address ?? '',
			...(ztunnel ? { ztunnel } : {}),
			groups: namespaceGroups(name, perNode.get(name) ?? [], namespaces)
		};
	});
	const external = [...(input.external ?? [])].sort((a, b) => a.name.localeCompare(b.name));
	if (external.length > 0) {
		const hosts = external.map((h): TopologyItem => ({
			id: `ext:${h.name}`,
			kind: 'external',
			name: h.name,
			namespace: '',
			node: INTERNET_REGION,
			ip: h.ip,
			mode: 'none',
			status: 'Running'
		}));
		for (const h of hosts) {
			items.set(h.id, h);
			byIp.set(h.ip, h);
		}
		regions.push({
			id: `node:${INTERNET_REGION}`,
			name: t('topology.internetRegion'),
			ip: '',
			groups: [
				{
					id: 'ext:hosts',
					kind: 'namespace',
					label: t('topology.externalHosts'),
					groups: [],
					items: hosts
				}
			]
		});
	}
	return { regions, items, byIp, waypoints, byWorkload, structureKey: structureKey(regions) };
}

function groupKey(g: TopologyGroup): string {
	return `${g.id}[${g.groups.map(groupKey).join(',')}|${g.items.map((i) => i.id).join(',')}]`;
}

function structureKey(regions: readonly TopologyRegion[]): string {
	return regions
		.map((r) => `${r.id}(${r.ztunnel?.id ?? ''};${r.groups.map(groupKey).join(';')})`)
		.join('\n');
}
