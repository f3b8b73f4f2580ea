/**
 * What one DNS query gets back in a pod, as the servers on its path answer it: CoreDNS behind
 * the kube-dns Service (kind's Corefile: the `kubernetes cluster.local in-addr.arpa ip6.arpa`
 * plugin with `ttl 30`, `forward . /etc/resolv.conf` for the rest) and, for an enrolled pod,
 * ztunnel's DNS proxy in front of it (ztunnel src/dns/server.rs, 1.30.3). Programs that print
 * DNS messages (nslookup) read these; getaddrinfo's view is dns.ts's `resolve`.
 */
import type { IpAddr } from '../types.ts';
import { upstreamLookup } from './internet.ts';
import type { NetworkTables } from './tables.ts';

export type QueryType = 'A' | 'AAAA' | 'PTR';

export interface DnsRecord {
	readonly name: string;
	readonly type: 'A' | 'CNAME' | 'PTR';
	readonly ttl: number;
	/** The address (A) or the target name (CNAME, PTR). */
	readonly data: string;
}

export type DnsReply =
	| {
			readonly type: 'reply';
			readonly rcode: 'NOERROR' | 'NXDOMAIN';
			/** The AA flag: CoreDNS's own zone and ztunnel's answers are authoritative. */
			readonly authoritative: boolean;
			readonly answers: readonly DnsRecord[];
	  }
	/** See dns.ts `DnsAnswer`: nobody answered; `refused` when kube-proxy's REJECT came back. */
	| { readonly type: 'no-server'; readonly refused: boolean };

/** The kubernetes plugin's `ttl 30` in kind's Corefile. */
const CLUSTER_TTL = 30;
/** What the simulated upstream's records carry. */
const UPSTREAM_TTL = 300;

const CLUSTER_DOMAIN = 'cluster.local';
const inClusterZone = (fqdn: string): boolean =>
	fqdn === CLUSTER_DOMAIN || fqdn.endsWith(`.${CLUSTER_DOMAIN}`);

/** `10.0.96.10.in-addr.arpa` → `10.96.0.10`. */
function ptrAddress(fqdn: string): string | undefined {
	const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa$/.exec(fqdn);
	return m ? `${m[4]}.${m[3]}.${m[2]}.${m[1]}` : undefined;
}

const reply = (
	rcode: 'NOERROR' | 'NXDOMAIN',
	authoritative: boolean,
	answers: readonly DnsRecord[] = []
): DnsReply => ({ type: 'reply', rcode, authoritative, answers });

/** CoreDNS's answer: Services from the cluster's records, everything else forwarded upstream. */
export function coreDnsAnswer(tables: NetworkTables, fqdn: string, qtype: QueryType): DnsReply {
	if (qtype === 'PTR') {
		const address = ptrAddress(fqdn);
		if (address === undefined) return reply('NXDOMAIN', false);
		const service = Object.keys(tables.dns)
			.sort()
			.find((name) => tables.dns[name] === address);
		return service === undefined
			? reply('NXDOMAIN', address.startsWith('10.'))
			: reply('NOERROR', true, [{ name: fqdn, type: 'PTR', ttl: CLUSTER_TTL, data: service }]);
	}
	if (inClusterZone(fqdn)) {
		const hit = tables.dns[fqdn];
		if (hit === undefined) return reply('NXDOMAIN', true);
		// The Services are IPv4 single-stack: AAAA finds the name with no record (NODATA).
		return qtype === 'A'
			? reply('NOERROR', true, [{ name: fqdn, type: 'A', ttl: CLUSTER_TTL, data: hit }])
			: reply('NOERROR', true);
	}
	const hit = upstreamLookup(fqdn);
	if (hit === undefined) return reply('NXDOMAIN', false);
	return qtype === 'A'
		? reply('NOERROR', false, [{ name: fqdn, type: 'A', ttl: UPSTREAM_TTL, data: hit }])
		: reply('NOERROR', false);
}

/** One name ztunnel looks a query up by; `stripped`: found by removing a search domain. */
export interface ProxyAlias {
	readonly name: string;
	readonly stripped?: string;
}

/**
 * The names ztunnel's DNS proxy tries for one query (`get_aliases`, `to_kube_fqdns`): the name,
 * its Kubernetes expansions, and the same for the name with the client's search domain
 * stripped, so `httpbin.org.default.svc.cluster.local` is looked up as `httpbin.org`.
 */
export function proxyAliases(fqdn: string, namespace: string): ProxyAlias[] {
	const svcDomain = `svc.${CLUSTER_DOMAIN}`;
	const kube = (name: string): string[] => {
		const labels = name.split('.');
		const last = labels[labels.length - 1];
		switch (labels.length) {
			case 1:
				return [`${name}.${namespace}.${svcDomain}`];
			case 2:
				return [`${name}.${svcDomain}`, `${name}.${namespace}.${svcDomain}`];
			case 3:
				return [...(last === 'svc' ? [`${name}.${CLUSTER_DOMAIN}`] : []), `${name}.${svcDomain}`];
			case 4:
				return last === 'svc' ? [`${name}.${CLUSTER_DOMAIN}`] : [];
			default:
				return [];
		}
	};
	const out: ProxyAlias[] = [];
	const seen = new Set<string>();
	const add = (alias: ProxyAlias): void => {
		if (seen.has(alias.name)) return;
		seen.add(alias.name);
		out.push(alias);
	};
	for (const name of [fqdn, ...kube(fqdn)]) add({ name });
	for (const domain of [`${namespace}.${svcDomain}`, svcDomain, CLUSTER_DOMAIN]) {
		if (!fqdn.endsWith(`.${domain}`)) continue;
		const stripped = fqdn.slice(0, -domain.length - 1);
		for (const name of [stripped, ...kube(stripped)]) add({ name, stripped });
	}
	return out;
}

/**
 * ztunnel's own answer for an A or AAAA query (`find_server`, then the records: a CNAME from
 * the asked name to the stripped one when a search domain was removed), or undefined when it
 * does not know the name and forwards the query. `hosts`: ServiceEntry hosts → VIP; the
 * cluster's Services come from `tables`.
 */
export function ztunnelAnswer(
	tables: NetworkTables,
	hosts: Readonly<Record<string, IpAddr>>,
	namespace: string,
	fqdn: string,
	qtype: QueryType
): DnsReply | undefined {
	if (qtype === 'PTR') return undefined;
	for (const alias of proxyAliases(fqdn, namespace)) {
		const vip = hosts[alias.name] ?? tables.dns[alias.name];
		if (vip === undefined) continue;
		// IPv4 services: AAAA is "not supported by this service", an empty authoritative answer.
		if (qtype === 'AAAA') return reply('NOERROR', true);
		const records: DnsRecord[] = [];
		let ipName = fqdn;
		if (alias.stripped !== undefined) {
			records.push({ name: fqdn, type: 'CNAME', ttl: CLUSTER_TTL, data: alias.stripped });
			ipName = alias.stripped;
		}
		records.push({ name: ipName, type: 'A', ttl: CLUSTER_TTL, data: vip });
		return reply('NOERROR', true, records);
	}
	return undefined;
}
