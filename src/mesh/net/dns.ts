/**
 * Name resolution as a pod's resolv.conf does it: `search <ns>.svc.cluster.local svc.cluster.local
 * cluster.local`, `ndots:5`. Records come from NetworkTables (the CoreDNS role); CoreDNS forwards
 * names outside `cluster.local` upstream (internet.ts). A rule may capture a host's queries to
 * a DNS proxy (`NetfilterHook.dnsProxy`; istio-cni sends an enrolled pod's to its ztunnel, which
 * answers ServiceEntry hosts with their VIPs): the proxy's names are answered first, everything
 * else is forwarded as before.
 */
import type { IpAddr } from '../types.ts';
import { upstreamLookup } from './internet.ts';
import type { NetworkTables } from './tables.ts';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
export const CLUSTER_DOMAIN = 'cluster.local';
/** kubelet's `--cluster-dns` on kind (kubeadm's `DNSIP`: the tenth address of 10.96.0.0/16). */
export const CLUSTER_DNS_IP = '10.96.0.10';

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
 * `dnsProxy`: the names a proxy that captures this host's queries answers itself, if one does
 * (`HostStack.dnsProxy`). Hosts without rules (the external ones, tests) pass none.
 */
export function createResolver(
	namespace: string,
	tables: () => NetworkTables,
	dnsProxy?: () => Readonly<Record<string, IpAddr>> | undefined
): Resolver {
	return {
		lookup(name: string): IpAddr | undefined {
			if (IPV4.test(name)) return name as IpAddr;
			if (name === 'localhost') return '127.0.0.1' as IpAddr;
			const t = tables();
			const proxied = dnsProxy?.();
			for (const fqdn of candidates(name, namespace)) {
				// The proxy answers its own names (ztunnel: dns/server.rs find_server).
				const proxyHit = proxied?.[fqdn];
				if (proxyHit !== undefined) return proxyHit;
				const hit = inClusterDomain(fqdn) ? t.dns[fqdn] : upstreamLookup(fqdn);
				if (hit !== undefined) return hit;
			}
			return undefined;
		}
	};
}
