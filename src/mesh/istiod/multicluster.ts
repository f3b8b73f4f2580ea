/**
 * istiod's multi-network view of the remote clusters its remote secrets name (Istio 1.30.3,
 * pilot/pkg/serviceregistry/ambient): which Services are global (services.go
 * `matchServiceScope` over meshConfig.serviceScopeConfigs: the ambient profile makes
 * `istio.io/global=true` GLOBAL), a remote cluster's global Services merged into the local one
 * of the same hostname (multicluster.go `mergeServiceInfosWithCluster`: VIPs of every cluster,
 * ordered by `network/ip`), and a remote network's workloads coalesced into one "split horizon"
 * workload per global Service behind that network's east-west gateway (`coalescedWorkloads`,
 * `createSplitHorizonWorkload`): a ztunnel never gets a pod of another network, only the
 * gateway's address. A network's gateway is an `istio-east-west` Gateway labelled with the
 * network that has a status address and an HBONE listener with TLS terminate (networks.go
 * `remoteK8sGatewayToNetworkGateways`); without one (kind's LoadBalancer stays `<pending>`
 * unless MetalLB runs) the remote endpoints are left out, as istiod's "No network gateway
 * found" warning says.
 */
import type { KubeObject, LabelSelector, Pod, Service as KubeService } from '../api/objects.ts';
import { selectorMatches } from '../api/selectors.ts';
import { ISTIO_SYSTEM_NAMESPACE } from '../cni/enrolment.ts';
import { ip } from '../types.ts';
import type { Service, Workload } from '../xds/workload-api.ts';
import { NETWORK_LABEL } from './gateway-deployment.ts';
import {
	buildServices,
	compareKeys,
	isAddressablePod,
	namespacedHostname,
	servicePorts,
	serviceSelects
} from './services.ts';
import type { ClusterSnapshot, RemoteClusterSnapshot } from './snapshot.ts';
import { trustDomainOf } from './snapshot.ts';
import { obj } from '../json.ts';

/** constants.EastWestGatewayClassName. */
export const EAST_WEST_GATEWAY_CLASS = 'istio-east-west';
const DEFAULT_HBONE_PORT = 15008;

/** model.ServiceScope. */
export type ServiceScope = 'GLOBAL' | 'LOCAL';

/**
 * matchServiceScope: GLOBAL when some GLOBAL config's namespace and service selectors both match
 * (an absent selector matches everything), else LOCAL.
 */
export function serviceScope(
	svc: KubeService,
	namespaces: readonly KubeObject[],
	configs: readonly unknown[]
): ServiceScope {
	const ns = namespaces.find((n) => n.metadata.name === svc.metadata.namespace);
	if (!ns) return 'LOCAL';
	for (const raw of configs) {
		const c = obj(raw);
		if (c['scope'] !== 'GLOBAL') continue;
		const matches = (sel: unknown, labels: Record<string, string> | undefined) =>
			sel === undefined || selectorMatches(sel as LabelSelector, labels ?? {});
		if (
			matches(c['namespaceSelector'], ns.metadata.labels) &&
			matches(c['servicesSelector'], svc.metadata.labels)
		)
			return 'GLOBAL';
	}
	return 'LOCAL';
}

/** A cluster's network: its system namespace's `topology.istio.io/network` label (networks.go). */
export function clusterNetwork(namespaces: readonly KubeObject[]): string {
	const ns = namespaces.find((n) => n.metadata.name === ISTIO_SYSTEM_NAMESPACE);
	return ns?.metadata.labels?.[NETWORK_LABEL] ?? '';
}

/** model.NetworkGateway, as a remote east-west Gateway gives it. */
export interface NetworkGateway {
	readonly network: string;
	readonly cluster: string;
	readonly address: string;
	readonly hboneMtlsPort: number;
	/** `namespace/name` of the Gateway (its ResourceName is this plus `/address`). */
	readonly source: string;
	/** kube.GatewaySA: the Gateway's service account (its name, or the annotation's). */
	readonly serviceAccount: { readonly namespace: string; readonly name: string };
}

/** annotation.GatewayServiceAccount. */
const GATEWAY_SA_ANNOTATION = 'gateway.istio.io/service-account';

/** remoteK8sGatewayToNetworkGateways. */
export function remoteNetworkGateways(
	cluster: string,
	gateways: readonly KubeObject[]
): NetworkGateway[] {
	const out: NetworkGateway[] = [];
	for (const gw of gateways) {
		const network = gw.metadata.labels?.[NETWORK_LABEL] ?? '';
		const spec = obj(gw['spec']);
		if (network === '' || spec['gatewayClassName'] !== EAST_WEST_GATEWAY_CLASS) continue;
		const listeners = Array.isArray(spec['listeners']) ? spec['listeners'].map(obj) : [];
		const hbone = listeners.some(
			(l) => l['protocol'] === 'HBONE' && obj(l['tls'])['mode'] === 'Terminate'
		);
		const addresses = obj(gw['status'])['addresses'];
		for (const a of Array.isArray(addresses) ? addresses.map(obj) : []) {
			if (a['type'] !== 'IPAddress' && a['type'] !== 'Hostname') continue;
			if (!hbone || typeof a['value'] !== 'string') continue;
			out.push({
				network,
				cluster,
				address: a['value'],
				// The remote form leaves the port unset: createSplitHorizonWorkload's 15008.
				hboneMtlsPort: DEFAULT_HBONE_PORT,
				source: `${gw.metadata.namespace ?? 'default'}/${gw.metadata.name}`,
				serviceAccount: {
					namespace: gw.metadata.namespace ?? 'default',
					name: gw.metadata.annotations?.[GATEWAY_SA_ANNOTATION] || gw.metadata.name
				}
			});
		}
	}
	return out;
}

/**
 * workloads.go convertGateway: each remote network gateway as a workload of its own, so that a
 * ztunnel's fetch_network_gateway finds it (by network and address) and knows the identity the
 * gateway must prove: its service account's. A remote gateway's model leaves HBONEPort unset,
 * hence the `/0` of its uid (gatewayUID).
 */
export function networkGatewayWorkload(gw: NetworkGateway, trustDomain: string): Workload {
	const uid = `NetworkGateway/${gw.network}/${gw.address}/0`;
	const isIp = /^[\d.]+$/.test(gw.address);
	return {
		uid,
		name: uid,
		namespace: gw.serviceAccount.namespace,
		address: ip(isIp ? gw.address : ''),
		...(isIp ? {} : { hostname: gw.address }),
		node: '',
		serviceAccount: gw.serviceAccount.name,
		trustDomain,
		protocol: 'TCP',
		workloadName: '',
		canonicalName: '',
		canonicalRevision: '',
		status: 'Healthy',
		authorizationPolicies: [],
		services: {},
		network: gw.network,
		// convertGateway sets no cluster: the config dump's `clusterId` is empty.
		clusterId: ''
	};
}

/** generateSplitHorizonWorkloadUID(network, gateway.ResourceName(), service). */
export const splitHorizonUid = (network: string, gw: NetworkGateway, service: string): string =>
	`${network}/SplitHorizonWorkload/${gw.source}/${gw.address}/${service}`;

/** A global Service's VIP with the network it is on, for the merge's ordering. */
interface NetworkVip {
	readonly network: string;
	readonly ip: string;
}

/** A Service of one cluster, with where it came from. */
interface ClusterService {
	readonly cluster: string | undefined;
	readonly network: string;
	readonly service: Service;
	readonly source: KubeService;
	readonly pods: readonly Pod[];
}

/** What the merge reads once per push. */
interface MergeContext {
	readonly localNetwork: string;
	readonly gateways: readonly NetworkGateway[];
	readonly trustDomain: string;
}

/** A merged Service, with the split-horizon workloads its remote endpoints became. */
interface Merged {
	readonly service: Service;
	readonly workloads: readonly Workload[];
	/** multicluster.go's log lines (`No network gateway found for network …`). */
	readonly warnings: readonly string[];
}

/**
 * The local Services and Workloads with the remote clusters folded in: global Services merged
 * across clusters, remote-only global Services added, and one split-horizon workload per
 * (remote network, global Service) that has a network gateway. Without remote clusters (or
 * without `AMBIENT_ENABLE_MULTI_NETWORK`) the inputs come back unchanged.
 */
export function withRemoteClusters(
	snapshot: ClusterSnapshot,
	services: readonly Service[],
	workloads: readonly Workload[]
): { services: Service[]; workloads: Workload[]; warnings: string[] } {
	const remotes = snapshot.remoteClusters ?? [];
	if (!snapshot.multiNetwork || remotes.length === 0)
		return { services: [...services], workloads: [...workloads], warnings: [] };
	const configs = snapshot.serviceScopeConfigs ?? [];
	const ctx: MergeContext = {
		localNetwork: clusterNetwork(snapshot.namespaces),
		gateways: remotes.flatMap((r) => remoteNetworkGateways(r.id, r.gateways)),
		trustDomain: trustDomainOf(snapshot)
	};
	const globalKeys = new Set(
		snapshot.services
			.filter((s) => serviceScope(s, snapshot.namespaces, configs) === 'GLOBAL')
			.map(namespacedHostname)
	);
	const remoteByKey = new Map<string, ClusterService[]>();
	for (const r of remotes)
		for (const cs of remoteGlobalServices(r, configs)) {
			const key = `${cs.service.namespace}/${cs.service.hostname}`;
			remoteByKey.set(key, [...(remoteByKey.get(key) ?? []), cs]);
		}
	const merged: Merged[] = [];
	for (const s of services) {
		const key = `${s.namespace}/${s.hostname}`;
		// A local Service that is not global is never merged (the local one is the base).
		const others = globalKeys.has(key) ? (remoteByKey.get(key) ?? []) : [];
		remoteByKey.delete(key);
		merged.push(
			others.length === 0
				? { service: s, workloads: [], warnings: [] }
				: merge(ctx, key, s, ctx.localNetwork, others)
		);
	}
	// A global Service only remote clusters have: the first cluster's is the base.
	for (const [key, all] of remoteByKey) {
		const [first] = all;
		if (first)
			merged.push(merge(ctx, key, { ...first.service, endpoints: [] }, first.network, all));
	}
	const out = merged
		.map((m) => m.service)
		.sort((a, b) => compareKeys(a.namespace, a.name, b.namespace, b.name));
	// LookupAllNetworkGateway: every gateway istiod knows, each once (MergedNetworkGateways).
	const gatewayWorkloads = [
		...new Map(
			ctx.gateways.map((g) => [
				`${g.network}/${g.address}`,
				networkGatewayWorkload(g, ctx.trustDomain)
			])
		).values()
	];
	return {
		services: out,
		workloads: [...workloads, ...gatewayWorkloads, ...merged.flatMap((m) => m.workloads)],
		warnings: [...new Set(merged.flatMap((m) => m.warnings))]
	};
}

/** mergeServiceInfosWithCluster: every cluster's VIPs by `network/ip`; split-horizon endpoints. */
function merge(
	ctx: MergeContext,
	key: string,
	base: Service,
	baseNetwork: string,
	others: readonly ClusterService[]
): Merged {
	const vips: NetworkVip[] = [
		...base.vips.map((v) => ({ network: baseNetwork, ip: v })),
		...others.flatMap((o) => o.service.vips.map((v) => ({ network: o.network, ip: v })))
	];
	const ordered = dedupe(vips).sort((a, b) =>
		`${a.network}/${a.ip}` < `${b.network}/${b.ip}` ? -1 : 1
	);
	const { workloads: split, warnings } = splitHorizon(ctx, key, base, others);
	const sans = remoteSans(ctx, others);
	return {
		warnings,
		service: {
			...base,
			...(sans.length > 0 ? { subjectAltNames: sans } : {}),
			vips: ordered.map((v) => ip(v.ip)),
			vipNetworks: ordered.map((v) => v.network),
			endpoints: [
				...base.endpoints,
				...split.map((w) => ({ workloadUid: w.uid, ports: base.ports, status: w.status }))
			]
		},
		workloads: split
	};
}

/**
 * coalescedWorkloads: per remote network, the Service's endpoints there as one workload behind
 * the network's gateway (none without one: istiod warns "No network gateway found").
 */
function splitHorizon(
	ctx: MergeContext,
	key: string,
	base: Service,
	others: readonly ClusterService[]
): { workloads: Workload[]; warnings: string[] } {
	const byNetwork = new Map<string, number>();
	for (const o of others) {
		if (o.network === ctx.localNetwork) continue;
		const n = o.pods.filter((p) => isAddressablePod(p) && serviceSelects(o.source, p)).length;
		if (n > 0) byNetwork.set(o.network, (byNetwork.get(o.network) ?? 0) + n);
	}
	const out: Workload[] = [];
	const warnings: string[] = [];
	for (const [network, capacity] of [...byNetwork].sort(([a], [b]) => (a < b ? -1 : 1))) {
		// See istio/istio#56960: with several gateways on a network istiod takes the first.
		const gw = ctx.gateways.find((g) => g.network === network);
		if (!gw) {
			warnings.push(`No network gateway found for network ${network}`);
			continue;
		}
		const uid = splitHorizonUid(network, gw, key);
		out.push({
			uid,
			name: uid,
			namespace: base.namespace,
			address: ip(''),
			node: '',
			serviceAccount: '',
			trustDomain: ctx.trustDomain,
			protocol: 'HBONE',
			workloadName: '',
			canonicalName: '',
			canonicalRevision: '',
			status: 'Healthy',
			authorizationPolicies: [],
			services: { [key]: base.ports },
			network,
			clusterId: gw.cluster,
			capacity,
			networkGateway: { network, address: gw.address, hboneMtlsPort: gw.hboneMtlsPort }
		});
	}
	return { workloads: out, warnings };
}

/**
 * SplitHorizonServices: a global Service's SANs are the SPIFFE identities of its workloads on
 * other networks (their pods' service accounts), so a client can require one of them of the
 * inner tunnel's peer. Sorted here (istiod sends a set's order).
 */
function remoteSans(ctx: MergeContext, others: readonly ClusterService[]): string[] {
	const sans = new Set<string>();
	for (const o of others) {
		if (o.network === ctx.localNetwork) continue;
		for (const p of o.pods)
			if (isAddressablePod(p) && serviceSelects(o.source, p))
				sans.add(
					`spiffe://${ctx.trustDomain}/ns/${p.metadata.namespace ?? 'default'}/sa/${p.spec.serviceAccountName ?? 'default'}`
				);
	}
	return [...sans].sort();
}

function dedupe(vips: readonly NetworkVip[]): NetworkVip[] {
	const seen = new Set<string>();
	return vips.filter((v) => {
		const k = `${v.network}/${v.ip}`;
		if (seen.has(k)) return false;
		seen.add(k);
		return true;
	});
}

/** A remote cluster's global Services (services.go skips its local ones), built as istiod does. */
function remoteGlobalServices(
	remote: RemoteClusterSnapshot,
	configs: readonly unknown[]
): ClusterService[] {
	const network = clusterNetwork(remote.namespaces);
	const global = remote.services.filter(
		(s) => serviceScope(s, remote.namespaces, configs) === 'GLOBAL'
	);
	const built = buildServices(global, [], remote.namespaces);
	return built.flatMap((service) => {
		const source = global.find(
			(s) => s.metadata.name === service.name && s.metadata.namespace === service.namespace
		);
		return source
			? [
					{
						cluster: remote.id,
						network,
						service: { ...service, ports: servicePorts(source) },
						source,
						pods: remote.pods
					}
				]
			: [];
	});
}
