/**
 * The `running with config:` line ztunnel logs at start (src/main.rs: `serde_yaml::to_string` of
 * src/config.rs `Config`, camelCase, fields in declaration order). The values are the ones the
 * ztunnel chart's environment gives on a kind cluster (shared/in-pod mode, istiod's address,
 * kube-dns from the pod's resolv.conf); 1.30 dropped 1.29's `caCertWatcher`.
 */
import { CLUSTER_DNS_IP, searchList } from '../net/dns.ts';

export interface ZtunnelConfigInputs {
	/** NODE_NAME. */
	readonly node: string;
	/** POD_NAME / POD_NAMESPACE / SERVICE_ACCOUNT. */
	readonly podName: string;
	readonly namespace: string;
	readonly serviceAccount: string;
	/** CA_ADDRESS / XDS_ADDRESS (`host:port`). */
	readonly caAddress: string;
	readonly xdsAddress: string;
	/** ISTIO_META_CLUSTER_ID. */
	readonly clusterId: string;
	readonly istioVersion: string;
	/** NETWORK. */
	readonly network: string;
	readonly trustDomain: string;
}

const seconds = (indent: string, secs: number): string =>
	`\n${indent}  secs: ${secs}\n${indent}  nanos: 0`;

/** serde_yaml quotes a string that would read as another type (bool, null, number); `''` when empty. */
const yamlString = (s: string): string =>
	s === '' || /^(true|false|null|~|[-+]?(\d+|\d*\.\d+|\d+\.\d*)([eE][-+]?\d+)?)$/i.test(s)
		? `'${s}'`
		: s;

/** `dnsResolverCfg` and `dnsResolverOpts`: hickory's view of the pod's resolv.conf. */
function resolverLines(namespace: string): string[] {
	const dnsServer = (protocol: string) =>
		[
			`  - socket_addr: ${CLUSTER_DNS_IP}:53`,
			`    protocol: ${protocol}`,
			'    tls_dns_name: null',
			'    http_endpoint: null',
			'    trust_negative_responses: false',
			'    bind_addr: null'
		].join('\n');
	return [
		'dnsResolverCfg:',
		'  domain: null',
		'  search:',
		...searchList(namespace).map((d) => `  - ${d}`),
		'  name_servers:',
		dnsServer('udp'),
		dnsServer('tcp'),
		'dnsResolverOpts:',
		'  ndots: 5',
		`  timeout:${seconds('  ', 5)}`,
		'  attempts: 2',
		'  check_names: true',
		'  edns0: false',
		'  validate: false',
		'  ip_strategy: Ipv4AndIpv6',
		'  cache_size: 4096',
		'  use_hosts_file: Auto',
		'  positive_min_ttl: null',
		'  negative_min_ttl: null',
		'  positive_max_ttl: null',
		'  negative_max_ttl: null',
		'  num_concurrent_reqs: 2',
		'  preserve_intermediates: true',
		'  try_tcp_on_error: false',
		'  server_ordering_strategy: QueryStatistics',
		'  recursion_desired: true',
		'  avoid_local_udp_ports: []',
		'  os_port_selection: false',
		'  case_randomization: false',
		'  trust_anchor: null'
	];
}

export function ztunnelConfigYaml(c: ZtunnelConfigInputs): string {
	return [
		'proxy: true',
		'dnsProxy: true',
		'windowSize: 4194304',
		'connectionWindowSize: 16777216',
		'frameSize: 1048576',
		'poolMaxStreamsPerConn: 100',
		`poolUnusedReleaseTimeout:${seconds('', 300)}`,
		'socks5Addr: null',
		'adminAddr: !Localhost\n- true\n- 15000',
		"statsAddr: !SocketAddr '[::]:15020'",
		"readinessAddr: !SocketAddr '[::]:15021'",
		"inboundAddr: '[::]:15008'",
		"inboundPlaintextAddr: '[::]:15006'",
		"outboundAddr: '[::]:15001'",
		'dnsProxyAddr: !Localhost\n- true\n- 15053',
		'illegalPorts:\n- 15001\n- 15006\n- 15008',
		`network: ${yamlString(c.network)}`,
		`localNode: ${c.node}`,
		'proxyMode: Shared',
		'proxyWorkloadInformation: null',
		`clusterId: ${yamlString(c.clusterId)}`,
		'clusterDomain: cluster.local',
		`caAddress: https://${c.caAddress}`,
		'caRootCert: !File ./var/run/secrets/istio/root-cert.pem',
		'altCaHostname: null',
		`xdsAddress: https://${c.xdsAddress}`,
		'xdsRootCert: !File ./var/run/secrets/istio/root-cert.pem',
		'altXdsHostname: null',
		'preferedServiceNamespace: null',
		`secretTtl:${seconds('', 86400)}`,
		'xdsOnDemand: false',
		'fakeCa: false',
		'fakeSelfInbound: false',
		`selfTerminationDeadline:${seconds('', 25)}`,
		'proxyMetadata:',
		`  CLUSTER_ID: ${yamlString(c.clusterId)}`,
		`  ISTIO_VERSION: ${yamlString(c.istioVersion)}`,
		"  ENABLE_HBONE: 'true'",
		'numWorkerThreads: 2',
		'requireOriginalSource: null',
		'proxyArgs: proxy ztunnel',
		...resolverLines(c.namespace),
		'inpodUds: /var/run/ztunnel/ztunnel.sock',
		'inpodPortReuse: true',
		'packetMark: 1337',
		'socketConfig:',
		`  keepaliveTime:${seconds('  ', 180)}`,
		`  keepaliveInterval:${seconds('  ', 180)}`,
		'  keepaliveRetries: 9',
		'  keepaliveEnabled: true',
		'  userTimeoutEnabled: false',
		'xdsHeaders: []',
		'caHeaders: []',
		'localhostAppTunnel: true',
		`ztunnelIdentity: spiffe://${c.trustDomain}/ns/${c.namespace}/sa/${c.serviceAccount}`,
		'ztunnelWorkload:',
		`  name: ${c.podName}`,
		`  namespace: ${c.namespace}`,
		`  serviceAccount: ${c.serviceAccount}`,
		'ipv6Enabled: true',
		'crlPath: null',
		'enableEnhancedBaggage: true',
		''
	].join('\n');
}
