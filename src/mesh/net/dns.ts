/**
 * Name resolution as a pod's resolv.conf does it: `search <ns>.svc.cluster.local svc.cluster.local
 * cluster.local`, `ndots:5`. Records come from NetworkTables (the CoreDNS role); CoreDNS forwards
 * names outside `cluster.local` upstream (internet.ts). An enrolled pod's queries go to its
 * node's ztunnel first (istio-cni's DNS capture, on in the ambient profile): ztunnel answers the
 * hosts of ServiceEntries with their VIPs and forwards everything else.
 */
import type { IpAddr } from '../types.ts';
import { upstreamLookup } from './internet.ts';
import type { NetworkTables } from './tables.ts';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
export const CLUSTER_DOMAIN = 'cluster.local';

export function searchList(namespace: string): string[] {
	return [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
}

/** Candidate FQDNs in the order the resolver tries them. */
export function candidates(name: string, namespace: string): string[] {
	const n = name.toLowerCase();
	if (n.endsWith('.')) return [n.slice(0, -1)];
	const dots = n.split('.').length - 1;
	const searched = searchList(namespace).map((d) => `${n}.${d}`);
	// ndots:5 — fewer dots than that: search domains first, then the name as given.
	return dots >= 5 ? [n, ...searched] : [...searched, n];
}

/** A pod's name resolution: what a host's programs call (`HostContext.dns`). */
export interface Resolver {
	lookup(name: string): IpAddr | undefined;
}

const inClusterDomain = (fqdn: string): boolean =>
	fqdn === CLUSTER_DOMAIN || fqdn.endsWith(`.${CLUSTER_DOMAIN}`);

/**
 * `self`: the pod's address, to tell whether its DNS is captured by ztunnel (it is enrolled).
 * Hosts that are not pods (the external ones) pass none.
 */
export function createResolver(
	namespace: string,
	tables: () => NetworkTables,
	self?: IpAddr
): Resolver {
	return {
		lookup(name: string): IpAddr | undefined {
			if (IPV4.test(name)) return name as IpAddr;
			if (name === 'localhost') return '127.0.0.1' as IpAddr;
			const t = tables();
			const mesh = self !== undefined && t.redirection?.[self] ? t.meshDns : undefined;
			for (const fqdn of candidates(name, namespace)) {
				// ztunnel's DNS proxy answers a ServiceEntry host itself (dns/server.rs find_server).
				const meshHit = mesh?.[fqdn];
				if (meshHit !== undefined) return meshHit;
				const hit = inClusterDomain(fqdn) ? t.dns[fqdn] : upstreamLookup(fqdn);
				if (hit !== undefined) return hit;
			}
			return undefined;
		}
	};
}
