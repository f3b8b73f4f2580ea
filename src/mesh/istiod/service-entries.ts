/**
 * ServiceEntries as ztunnel sees them: one Service per host, with the ServiceEntry's own
 * `addresses` or the VIPs istiod's IP allocator wrote to `status.addresses`, and one Workload
 * per endpoint (an IP, or a hostname ztunnel resolves when it connects). Mirrors istio 1.30.3
 * pilot/pkg/serviceregistry/ambient/services.go (`constructServiceEntries`) and workloads.go
 * (`serviceEntryWorkloadBuilder`: "implicit endpoints" for DNS resolution without endpoints,
 * `generateServiceEntryUID`). `exportTo` is not read here: the ambient index ignores it in
 * 1.30 (it scopes sidecars' config), so a ServiceEntry is visible to every ztunnel.
 */
import type { KubeObject } from '../api/objects.ts';
import type { Service, ServiceEndpoint, Workload } from '../xds/workload-api.ts';
import { ip, type IpAddr } from '../types.ts';
import { CLUSTER_ID } from '../istio/cluster-id.ts';
import { trustDomainOf, type ClusterSnapshot } from './snapshot.ts';
import { arr, obj, str } from '../json.ts';

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;

export type Resolution = 'NONE' | 'STATIC' | 'DNS' | 'DNS_ROUND_ROBIN' | 'DYNAMIC_DNS';

export interface ServiceEntrySpec {
	readonly hosts: readonly string[];
	readonly addresses: readonly string[];
	readonly ports: readonly {
		number: number;
		targetPort?: number;
		name?: string;
		protocol?: string;
	}[];
	readonly resolution: Resolution;
	readonly location: 'MESH_EXTERNAL' | 'MESH_INTERNAL';
	/** Set when pods are selected instead (pods as endpoints are not simulated: none then). */
	readonly workloadSelector: boolean;
	readonly endpoints: readonly {
		address?: string;
		ports?: Readonly<Record<string, number>>;
		labels?: Readonly<Record<string, string>>;
		serviceAccount?: string;
	}[];
}

/** The spec as the API server stored it (validated by the CRD schema, so shapes hold). */
export function serviceEntrySpec(se: KubeObject): ServiceEntrySpec {
	const s = obj(se['spec']);
	return {
		hosts: arr(s['hosts']).filter((h): h is string => typeof h === 'string'),
		addresses: arr(s['addresses']).filter((a): a is string => typeof a === 'string'),
		ports: arr(s['ports'])
			.map(obj)
			.filter((p) => typeof p['number'] === 'number')
			.map((p) => ({
				number: p['number'] as number,
				...(typeof p['targetPort'] === 'number' ? { targetPort: p['targetPort'] } : {}),
				...(str(p['name']) !== undefined ? { name: str(p['name']) } : {}),
				...(str(p['protocol']) !== undefined ? { protocol: str(p['protocol']) } : {})
			})),
		resolution: (str(s['resolution']) ?? 'NONE') as Resolution,
		location: str(s['location']) === 'MESH_INTERNAL' ? 'MESH_INTERNAL' : 'MESH_EXTERNAL',
		workloadSelector: s['workloadSelector'] !== undefined,
		endpoints: arr(s['endpoints']).map((e) => obj(e) as ServiceEntrySpec['endpoints'][number])
	};
}

/** `status.addresses` by host (serviceentry.GetHostAddressesFromServiceEntry). */
export function statusAddresses(se: KubeObject): Map<string, string[]> {
	const out = new Map<string, string[]>();
	for (const a of arr(obj(se['status'])['addresses']).map(obj)) {
		const host = str(a['host']);
		const value = str(a['value']);
		if (host === undefined || value === undefined) continue;
		out.set(host, [...(out.get(host) ?? []), value]);
	}
	return out;
}

const isDnsResolution = (r: Resolution): boolean =>
	r === 'DNS' || r === 'DNS_ROUND_ROBIN' || r === 'DYNAMIC_DNS';
const wildcard = (h: string): boolean => h.startsWith('*');

/** generateServiceEntryUID. */
export const serviceEntryUid = (ns: string, name: string, addr: string): string =>
	`${CLUSTER_ID}/networking.istio.io/ServiceEntry/${ns}/${name}/${addr}`;

export interface ServiceEntryState {
	readonly services: Service[];
	readonly workloads: Workload[];
}

/**
 * Every ServiceEntry's services and workloads. Only IPv4 VIPs reach ztunnel: the simulated
 * network has no IPv6 (the allocator still writes Istio's IPv6 address to the status).
 */
export function buildServiceEntries(snapshot: ClusterSnapshot): ServiceEntryState {
	const services: Service[] = [];
	const workloads: Workload[] = [];
	for (const se of snapshot.serviceEntries ?? []) {
		const ns = se.metadata.namespace ?? 'default';
		const name = se.metadata.name;
		const spec = serviceEntrySpec(se);
		const auto = statusAddresses(se);
		const ports: Record<number, number> = {};
		for (const p of spec.ports) ports[p.number] = p.targetPort ?? p.number;
		const implicit =
			spec.endpoints.length === 0 && isDnsResolution(spec.resolution) && !spec.workloadSelector;
		const perHost: Service[] = [];
		for (const h of spec.hosts) {
			let vips = spec.addresses;
			if (vips.length === 0 && spec.resolution !== 'NONE' && !wildcard(h)) vips = auto.get(h) ?? [];
			perHost.push({
				name,
				namespace: ns,
				hostname: h,
				vips: vips.filter((v) => IPV4.test(v)).map(ip),
				ports,
				endpoints: []
			});
		}
		// Endpoints: the listed ones, else (DNS resolution) one per host named by the host itself.
		const eps = implicit
			? spec.hosts.map((h) => ({ address: h }) as ServiceEntrySpec['endpoints'][number])
			: spec.endpoints;
		const endpointsOf = new Map<number, ServiceEndpoint[]>();
		eps.forEach((ep, i) => {
			const addr = ep.address;
			if (addr === undefined || spec.resolution === 'NONE') return;
			const uid = serviceEntryUid(ns, name, addr);
			const isIp = IPV4.test(addr);
			const labels = ep.labels ?? {};
			// An endpoint's `ports` maps a port name to its own target port.
			const mapped: Record<number, number> = {};
			for (const p of spec.ports)
				mapped[p.number] = (p.name ? ep.ports?.[p.name] : undefined) ?? p.targetPort ?? p.number;
			const targets = implicit ? [i] : perHost.map((_, j) => j);
			const backs: Record<string, Record<number, number>> = {};
			for (const j of targets) {
				endpointsOf.set(j, [
					...(endpointsOf.get(j) ?? []),
					{ workloadUid: uid, ports: mapped, status: 'Healthy' }
				]);
				backs[`${ns}/${perHost[j]?.hostname ?? ''}`] = mapped;
			}
			workloads.push({
				uid,
				name,
				namespace: ns,
				address: isIp ? ip(addr) : ('' as IpAddr),
				...(isIp ? {} : { hostname: addr }),
				node: '',
				serviceAccount: ep.serviceAccount ?? 'default',
				trustDomain: trustDomainOf(snapshot),
				protocol: 'TCP',
				workloadName: name,
				canonicalName: labels['app'] ?? name,
				canonicalRevision: labels['version'] ?? 'latest',
				status: 'Healthy',
				authorizationPolicies: [],
				services: backs
			});
		});
		perHost.forEach((s, j) => services.push({ ...s, endpoints: endpointsOf.get(j) ?? [] }));
	}
	return { services, workloads };
}
