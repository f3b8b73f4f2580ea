/**
 * A pod's resolver (src/mesh/net/dns.ts): kube-dns answers only while it has a ready endpoint;
 * without one the answer says whether kube-proxy's REJECT reached the client (kube-proxy
 * pkg/proxy/iptables/proxier.go: "has no endpoints" -j REJECT) or a DNS proxy held the query.
 * ztunnel's proxy answers Services by the aliases ztunnel src/dns/server.rs `get_aliases` and
 * `to_kube_fqdns` (1.30.3) build.
 */
import { describe, expect, it } from 'vitest';
import { createResolver, type DnsAnswer } from '../../../src/mesh/net/dns.ts';
import { proxyAliases } from '../../../src/mesh/net/dns-server.ts';
import { EXTERNAL_HOSTS } from '../../../src/mesh/net/internet.ts';
import { EMPTY_TABLES, type NetworkTables } from '../../../src/mesh/net/tables.ts';
import { ip, type IpAddr } from '../../../src/mesh/types.ts';

const PRODUCTPAGE = ip('10.96.100.1');
const SE_VIP = ip('240.240.0.1');

function tables(coredns: boolean): NetworkTables {
	return {
		...EMPTY_TABLES,
		dns: { 'productpage.default.svc.cluster.local': PRODUCTPAGE },
		services: [
			{
				vip: ip('10.96.0.10'),
				port: 53,
				service: 'kube-system/kube-dns',
				endpoints: coredns ? [{ ip: ip('10.244.0.3'), port: 53 }] : []
			}
		]
	};
}

const cases: {
	name: string;
	coredns: boolean;
	proxied?: Readonly<Record<string, IpAddr>>;
	query: string;
	expected: DnsAnswer;
}[] = [
	{
		name: 'service by short name, CoreDNS up',
		coredns: true,
		query: 'productpage',
		expected: { type: 'address', ip: PRODUCTPAGE }
	},
	{
		name: 'unknown name, CoreDNS up: NXDOMAIN for every candidate',
		coredns: true,
		query: 'nosuch',
		expected: { type: 'not-found' }
	},
	{
		name: 'public name through CoreDNS upstream',
		coredns: true,
		query: 'httpbin.org',
		expected: { type: 'address', ip: EXTERNAL_HOSTS.find((h) => h.name === 'httpbin.org')!.ip }
	},
	{
		name: 'no CoreDNS endpoint: kube-proxy rejects the query',
		coredns: false,
		query: 'productpage',
		expected: { type: 'no-server', refused: true }
	},
	{
		name: 'no CoreDNS endpoint, enrolled: ztunnel answers the Service',
		coredns: false,
		proxied: {},
		query: 'productpage',
		expected: { type: 'address', ip: PRODUCTPAGE }
	},
	{
		name: 'no CoreDNS endpoint, enrolled: ztunnel answers a ServiceEntry host at the first query',
		coredns: false,
		proxied: { 'api.example.com': SE_VIP },
		query: 'api.example.com',
		expected: { type: 'address', ip: SE_VIP }
	},
	{
		name: 'no CoreDNS endpoint, enrolled: ztunnel forwards, nobody answers',
		coredns: false,
		proxied: {},
		query: 'httpbin.org',
		expected: { type: 'no-server', refused: false }
	}
];

describe('a pod resolver', () => {
	for (const c of cases)
		it(c.name, () => {
			const r = createResolver('default', () => tables(c.coredns), {
				clusterDns: true,
				dnsProxy: () => c.proxied
			});
			expect(r.resolve(c.query)).toEqual(c.expected);
		});

	it('without cluster DNS (external hosts, host network) answers from the records as before', () => {
		const r = createResolver('default', () => tables(false));
		expect(r.lookup('productpage')).toBe(PRODUCTPAGE);
	});
});

describe("ztunnel's DNS aliases", () => {
	it.each([
		[
			'productpage.default.svc.cluster.local',
			['productpage.default.svc.cluster.local', 'productpage']
		],
		[
			'details.default',
			['details.default.svc.cluster.local', 'details.default.default.svc.cluster.local']
		],
		['httpbin.org.default.svc.cluster.local', ['httpbin.org']],
		['istiod.istio-system.svc', ['istiod.istio-system.svc.cluster.local']]
	])('%s includes %j', (name, expected) => {
		expect(proxyAliases(name, 'default').map((a) => a.name)).toEqual(
			expect.arrayContaining(expected)
		);
	});
});
