/**
 * The admin port's `/config_dump`: the proxy state and certificates in the JSON shape ztunnel
 * serializes them (camelCase, `network/ip` addresses, `namespace/hostname` service keys,
 * rules as nested arrays), which `istioctl ztunnel-config` reads.
 * Mirrors ztunnel src/admin.rs ConfigDump and the serde derives of src/state/*, src/rbac.rs;
 * `workloadState` is the in-pod manager's admin handler (src/inpod/admin.rs ProxyState with
 * src/proxy/connection_manager.rs's dump of its open connections).
 */
import type { CertsDump } from '../proxy/l4/identity/manager.ts';
import type { ProxyState } from '../proxy/l4/state/proxy-state.ts';
import type {
	Authorization,
	GatewayAddress,
	IpBlock,
	Match,
	Service,
	StringMatch,
	Workload
} from '../xds/workload-api.ts';
import { CLUSTER_ID } from '../istio/cluster-id.ts';
import type { ZdsWorkloadInfo } from '../cni/zds.ts';
import type { ConnectionManager } from '../proxy/l4/connection-manager.ts';
import { formatAddr } from '../types.ts';

/** NetworkAddress: `network/ip` (the network empty where none is configured). */
const networkAddress = (ip: string, network = ''): string => `${network}/${ip}`;

function dumpWorkload(w: Workload): Record<string, unknown> {
	const services = Object.keys(w.services).sort();
	return {
		workloadIps: w.address ? [w.address] : [],
		...(w.hostname ? { hostname: w.hostname } : {}),
		protocol: w.protocol,
		networkMode: 'Standard',
		uid: w.uid,
		name: w.name,
		namespace: w.namespace,
		trustDomain: w.trustDomain,
		serviceAccount: w.serviceAccount,
		workloadName: w.workloadName,
		workloadType: 'pod',
		canonicalName: w.canonicalName,
		canonicalRevision: w.canonicalRevision,
		node: w.node,
		...(w.authorizationPolicies.length > 0
			? { authorizationPolicies: [...w.authorizationPolicies] }
			: {}),
		status: w.status,
		clusterId: w.clusterId ?? CLUSTER_ID,
		...(w.network ? { network: w.network } : {}),
		...(services.length > 0 ? { services } : {}),
		...(w.waypoint ? { waypoint: dumpGatewayAddress(w.waypoint) } : {}),
		...(w.networkGateway
			? {
					networkGateway: {
						destination: `${w.networkGateway.network}/${w.networkGateway.address}`,
						hboneMtlsPort: w.networkGateway.hboneMtlsPort
					}
				}
			: {}),
		capacity: w.capacity ?? 1
	};
}

/** GatewayAddress with a hostname destination serializes as `namespace/hostname`. */
function dumpGatewayAddress(g: GatewayAddress): Record<string, unknown> {
	return { destination: `${g.namespace}/${g.hostname}`, hboneMtlsPort: g.hboneMtlsPort };
}

function dumpService(s: Service): Record<string, unknown> {
	const endpoints: Record<string, unknown> = {};
	for (const e of s.endpoints) {
		endpoints[e.workloadUid] = {
			workloadUid: e.workloadUid,
			port: { ...e.ports },
			status: e.status
		};
	}
	return {
		name: s.name,
		namespace: s.namespace,
		hostname: s.hostname,
		vips: s.vips.map((ip, i) => networkAddress(ip, s.vipNetworks?.[i])),
		ports: { ...s.ports },
		endpoints,
		subjectAltNames: [...(s.subjectAltNames ?? [])],
		...(s.waypoint ? { waypoint: dumpGatewayAddress(s.waypoint) } : {}),
		// ztunnel 1.30.3's Service (src/state/service.rs) has no `visibility`: that came with 1.31.
		canonical: true
	};
}

function dumpStringMatch(m: StringMatch): Record<string, unknown> {
	if ('exact' in m) return { Exact: m.exact };
	if ('prefix' in m) return { Prefix: m.prefix };
	if ('suffix' in m) return { Suffix: m.suffix };
	return { Presence: [] };
}

const dumpIpBlock = (b: IpBlock): string => `${b.address}/${b.length}`;

/** RbacMatch: empty fields are left out (skip_serializing_if = Vec::is_empty). */
function dumpMatch(m: Match): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const strings = ['namespaces', 'notNamespaces', 'principals', 'notPrincipals'] as const;
	const blocks = ['sourceIps', 'notSourceIps', 'destinationIps', 'notDestinationIps'] as const;
	const ports = ['destinationPorts', 'notDestinationPorts'] as const;
	for (const k of strings) if (m[k]?.length) out[k] = m[k].map(dumpStringMatch);
	for (const k of blocks) if (m[k]?.length) out[k] = m[k].map(dumpIpBlock);
	for (const k of ports) if (m[k]?.length) out[k] = [...m[k]];
	return out;
}

function dumpPolicy(p: Authorization): Record<string, unknown> {
	return {
		name: p.name,
		namespace: p.namespace,
		scope: p.scope,
		action: p.action,
		rules: p.groups.map((g) => g.rules.map((r) => r.matches.map(dumpMatch))),
		dryRun: false
	};
}

const byKey =
	<T>(key: (t: T) => string) =>
	(a: T, b: T): number => {
		const x = key(a);
		const y = key(b);
		return x < y ? -1 : x > y ? 1 : 0;
	};

/** Sorted as ztunnel sorts them: workloads by uid, services by hostname, policies by key. */
export function configDump(
	state: ProxyState,
	certificates: readonly CertsDump[]
): Record<string, unknown> {
	const c = state.config;
	return {
		workloads: [...c.workloads].sort(byKey((w) => w.uid)).map(dumpWorkload),
		services: [...c.services].sort(byKey((s) => `${s.hostname}/${s.namespace}`)).map(dumpService),
		policies: [...c.policies].sort(byKey((p) => `${p.namespace}/${p.name}`)).map(dumpPolicy),
		stagedServices: {},
		certificates
	};
}

/**
 * WorkloadManagerAdminHandler's `workloadState`: each pod served, keyed by its uid, `Up` with its
 * open connections. One manager here serves the node, so a pod's inbound connections are those
 * to it and its outbound those from its address.
 */
export function workloadStateDump(
	pods: ReadonlyMap<string, ZdsWorkloadInfo>,
	connections: ConnectionManager,
	state: ProxyState
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const inbound = connections.connections();
	const outbound = connections.outbound();
	for (const [uid, info] of pods) {
		const mine = (w: Workload | undefined) =>
			w !== undefined && w.name === info.name && w.namespace === info.namespace;
		out[uid] = {
			state: 'Up',
			connections: {
				inbound: inbound
					.filter((c) => mine(c.dest))
					.map((c) => ({
						src: formatAddr(c.ctx.src),
						originalDst: c.destService ?? null,
						actualDst: formatAddr(c.ctx.dst),
						protocol: c.ctx.srcIdentity ? 'HBONE' : 'TCP'
					})),
				outbound: outbound
					.filter((c) => mine(state.workloadByIp(c.src.ip)))
					.map((c) => ({
						src: formatAddr(c.src),
						originalDst: formatAddr(c.originalDst),
						actualDst: formatAddr(c.actualDst),
						protocol: c.protocol
					}))
			},
			info: { name: info.name, namespace: info.namespace, serviceAccount: info.serviceAccount }
		};
	}
	return out;
}
