/**
 * Name resolution as a pod's resolv.conf does it: `nameserver 10.96.0.10`, `search
 * <ns>.svc.cluster.local svc.cluster.local cluster.local`, `options ndots:5`. The nameserver is
 * the kube-dns Service: it answers only while it has a ready endpoint (a CoreDNS pod), with the
 * records CoreDNS serves (NetworkTables' `dns`, the kubernetes plugin's view of Services and
 * Endpoints); CoreDNS forwards names outside `cluster.local` upstream (internet.ts). A rule may
 * capture a host's queries to a DNS proxy (`NetfilterHook.dnsProxy`; istio-cni sends an enrolled
 * pod's to its ztunnel, which answers Services and ServiceEntry hosts itself): the proxy's names
 * are answered first, everything else is forwarded to the nameserver (dns-server.ts).
 */
import type { IpAddr, SimMillis } from '../types.ts';
import { ms } from '../types.ts';
import { coreDnsAnswer, ztunnelAnswer, type DnsReply, type QueryType } from './dns-server.ts';
import type { NetworkTables } from './tables.ts';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
export const CLUSTER_DOMAIN = 'cluster.local';
/** kubelet's `--cluster-dns` on kind (kubeadm's `DNSIP`: the tenth address of 10.96.0.0/16). */
export const CLUSTER_DNS_IP = '10.96.0.10';
const DNS_PORT = 53;

/**
 * How long a resolver waits for a nameserver that never answers: resolv.conf's `timeout:5`
 * default (kind's pods set only `ndots:5`; musl src/network/res_msend.c gives up after it).
 */
export const RESOLVER_TIMEOUT: SimMillis = ms(5000);

/** What a lookup came to, as the resolver library learns it. */
export type DnsAnswer =
	| { readonly type: 'address'; readonly ip: IpAddr }
	/** Every candidate name was answered NXDOMAIN (EAI_NONAME), at once. */
	| { readonly type: 'not-found' }
	/**
	 * No nameserver answered. `refused`: the query met kube-proxy's REJECT for a Service without
	 * endpoints, an ICMP port unreachable that a connected UDP socket (c-ares, glibc, Go) reads
	 * as ECONNREFUSED at once; musl's unconnected socket never sees it and waits
	 * `RESOLVER_TIMEOUT`. Not refused: a DNS proxy holds the query while its own forward to
	 * kube-dns goes unanswered, so every client waits.
	 */
	| { readonly type: 'no-server'; readonly refused: boolean };

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
	/** getaddrinfo's view: the search list tried in order, the first address wins. */
	resolve(name: string): DnsAnswer;
	/** `resolve`'s address, for callers that report any failure at once. */
	lookup(name: string): IpAddr | undefined;
	/** One query for one fully qualified name, as a DNS tool sends it to the pod's nameserver. */
	query(fqdn: string, qtype: QueryType): DnsReply;
}

/** kube-proxy sends 10.96.0.10:53 to a ready CoreDNS pod; with none it rejects the query. */
export function clusterDnsServes(tables: NetworkTables): boolean {
	return tables.services.some(
		(e) => e.vip === CLUSTER_DNS_IP && e.port === DNS_PORT && e.endpoints.length > 0
	);
}

export interface ResolverOptions {
	/**
	 * `dnsPolicy: ClusterFirst` in the pod network: queries go to kube-dns and fail while it has
	 * no endpoint. Without it (external hosts, host-network pods, tests) the records answer as if
	 * a server always did.
	 */
	readonly clusterDns?: boolean;
	/**
	 * The ServiceEntry hosts a proxy that captures this host's queries answers, if one does
	 * (`HostStack.dnsProxy`): with it, the cluster's Services are answered by the proxy too.
	 */
	readonly dnsProxy?: () => Readonly<Record<string, IpAddr>> | undefined;
}

export function createResolver(
	namespace: string,
	tables: () => NetworkTables,
	options: ResolverOptions = {}
): Resolver {
	const query = (fqdn: string, qtype: QueryType): DnsReply => {
		const t = tables();
		const proxied = options.dnsProxy?.();
		if (proxied !== undefined) {
			const own = ztunnelAnswer(t, proxied, namespace, fqdn, qtype);
			if (own !== undefined) return own;
		}
		// Unknown to the proxy, or no proxy: the query reaches kube-dns (ztunnel forwards it).
		if (options.clusterDns === true && !clusterDnsServes(t))
			return { type: 'no-server', refused: proxied === undefined };
		return coreDnsAnswer(t, fqdn, qtype);
	};
	const resolve = (name: string): DnsAnswer => {
		if (IPV4.test(name)) return { type: 'address', ip: name as IpAddr };
		if (name === 'localhost') return { type: 'address', ip: '127.0.0.1' as IpAddr };
		for (const fqdn of candidates(name, namespace)) {
			const r = query(fqdn, 'A');
			if (r.type === 'no-server') return r;
			const a = r.answers.find((rec) => rec.type === 'A');
			if (a !== undefined) return { type: 'address', ip: a.data as IpAddr };
		}
		return { type: 'not-found' };
	};
	return {
		resolve,
		query,
		lookup(name: string): IpAddr | undefined {
			const answer = resolve(name);
			return answer.type === 'address' ? answer.ip : undefined;
		}
	};
}
