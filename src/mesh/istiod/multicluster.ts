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
import type { Service, ServiceEndpoint, Workload } from '../xds/workload-api.ts';
import { NETWORK_LABEL } from './gateway-deployment.ts';
import {
	buildServices,
	isAddressablePod,
	namespacedHostname,
	servicePorts,
	serviceSelects
} from './services.ts';
import type { ClusterSnapshot, RemoteClusterSnapshot } from './snapshot.ts';
import { trustDomainOf } from './snapshot.ts';

/** constants.EastWestGatewayClassName. */
export const EAST_WEST_GATEWAY_CLASS = 'istio-east-west';
const DEFAULT_HBONE_PORT = 15008;

type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj => (typeof x === 'object' && x !== null ? (x as Obj) : {});

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
}

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
				source: `${gw.metadata.namespace ?? 'default'}/${gw.metadata.name}`
			});
		}
	}
	return out;
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
): { services: Service[]; workloads: Workload[] } {
	const remotes = snapshot.remoteClusters ?? [];
	if (!snapshot.multiNetwork || remotes.length === 0)
		return { services: [...services], workloads: [...workloads] };
	const configs = snapshot.serviceScopeConfigs ?? [];
	const localNetwork = clusterNetwork(snapshot.namespaces);
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
	const gateways = remotes.flatMap((r) => remoteNetworkGateways(r.id, r.gateways));
	const outServices: Service[] = [];
	const outWorkloads = [...workloads];
	const merge = (
		key: string,
		base: Service,
		others: readonly ClusterService[],
		baseNet: string
	) => {
		const vips: NetworkVip[] = [
			...base.vips.map((v) => ({ network: baseNet, ip: v })),
			...others.flatMap((o) => o.service.vips.map((v) => ({ network: o.network, ip: v })))
		];
		const ordered = dedupe(vips).sort((a, b) =>
			`${a.network}/${a.ip}` < `${b.network}/${b.ip}` ? -1 : 1
		);
		const coalesced = others.length === 0 ? [] : splitHorizon(key, base, others, localNetwork);
		outWorkloads.push(...coalesced.map((c) => c.workload));
		return {
			...base,
			vips: ordered.map((v) => ip(v.ip)),
			endpoints: [...base.endpoints, ...coalesced.map((c) => c.endpoint)]
		};
	};
	const splitHorizon = (
		key: string,
		base: Service,
		others: readonly ClusterService[],
		local: string
	): { workload: Workload; endpoint: ServiceEndpoint }[] => {
		const byNetwork = new Map<string, number>();
		for (const o of others) {
			if (o.network === local) continue;
			const n = o.pods.filter((p) => isAddressablePod(p) && serviceSelects(o.source, p)).length;
			if (n > 0) byNetwork.set(o.network, (byNetwork.get(o.network) ?? 0) + n);
		}
		const out: { workload: Workload; endpoint: ServiceEndpoint }[] = [];
		for (const [network, capacity] of [...byNetwork].sort(([a], [b]) => (a < b ? -1 : 1))) {
			// See istio/istio#56960: with several gateways on a network istiod takes the first.
			const gw = gateways.find((g) => g.network === network);
			if (!gw) continue;
			const uid = splitHorizonUid(network, gw, key);
			const workload: Workload = {
				uid,
				name: uid,
				namespace: base.namespace,
				address: ip(''),
				node: '',
				serviceAccount: '',
				trustDomain: trustDomainOf(snapshot),
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
			};
			out.push({ workload, endpoint: { workloadUid: uid, ports: base.ports, status: 'Healthy' } });
		}
		return out;
	};
	for (const s of services) {
		const key = `${s.namespace}/${s.hostname}`;
		const others = globalKeys.has(key) ? (remoteByKey.get(key) ?? []) : [];
		remoteByKey.delete(key);
		outServices.push(others.length === 0 ? s : merge(key, s, others, localNetwork));
	}
	// A global Service only remote clusters have: the first cluster's is the base.
	for (const [key, all] of remoteByKey) {
		const [first] = all;
		if (!first) continue;
		outServices.push(merge(key, { ...first.service, endpoints: [] }, all, first.network));
	}
	outServices.sort((a, b) =>
		a.namespace !== b.namespace
			? a.namespace < b.namespace
				? -1
				: 1
			: a.name < b.name
				? -1
				: a.name > b.name
					? 1
					: 0
	);
	return { services: outServices, workloads: outWorkloads };
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
