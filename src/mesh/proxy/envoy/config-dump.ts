/**
 * Envoy's admin `/config_dump` in its own shape (envoy.admin.v3.ConfigDump): the bootstrap, then
 * ClustersConfigDump, ListenersConfigDump, RoutesConfigDump, SecretsConfigDump and, with
 * `?include_eds`, EndpointsConfigDump. A waypoint and a sidecar build their resources from the
 * xDS config they hold; this module gives both the Envoy field names, the bootstrap resources
 * pilot-agent writes (tools/packaging/common/envoy_bootstrap.json: `agent`, `prometheus_stats`,
 * `sds-grpc`, `xds-grpc`, listeners 15090 and 15021) and the mask istioctl sends.
 */
import { ISTIO_VERSION } from '../../istio/version.ts';
import { toPem, type X509Certificate } from '../../tls/certificate.ts';

export type Json = Record<string, unknown>;

const T = 'type.googleapis.com/';
export const CLUSTER_TYPE = `${T}envoy.config.cluster.v3.Cluster`;
export const LISTENER_TYPE = `${T}envoy.config.listener.v3.Listener`;
export const ROUTE_TYPE = `${T}envoy.config.route.v3.RouteConfiguration`;
const HCM = 'envoy.filters.network.http_connection_manager';
const HCM_TYPE = `${T}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`;
const TCP_PROXY = 'envoy.filters.network.tcp_proxy';
const TCP_PROXY_TYPE = `${T}envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`;

/** Envoy's version as the proxyv2 image reports it (`user_agent_build_version`). */
const ENVOY_VERSION = { major_number: 1, minor_number: 37, patch: 0 };

export const socketAddress = (address: string, port: number): Json => ({
	socket_address: { address, port_value: port }
});
/** An internal listener's address (Envoy `envoy_internal_address`). */
export const internalAddress = (listener: string, endpointId = ''): Json => ({
	envoy_internal_address: { server_listener_name: listener, endpoint_id: endpointId }
});

export function cluster(
	name: string,
	type: 'EDS' | 'STATIC' | 'ORIGINAL_DST' | 'STRICT_DNS',
	extra: Json = {}
): Json {
	return {
		'@type': CLUSTER_TYPE,
		name,
		...(type === 'EDS' ? { type, eds_cluster_config: { eds_config: { ads: {} } } } : { type }),
		connect_timeout: '10s',
		...extra
	};
}

export const httpFilter = (route: Json): Json => ({
	name: HCM,
	typed_config: { '@type': HCM_TYPE, stat_prefix: 'inbound', ...route }
});
export const tcpFilter = (clusterName: string): Json => ({
	name: TCP_PROXY,
	typed_config: { '@type': TCP_PROXY_TYPE, stat_prefix: clusterName, cluster: clusterName }
});

/** A one-route inline route table, as the bootstrap's 15090/15021 listeners carry. */
export function inlineRoute(prefix: string, clusterName: string): Json {
	return {
		route_config: {
			virtual_hosts: [
				{
					name: 'backend',
					domains: ['*'],
					routes: [{ match: { prefix }, route: { cluster: clusterName } }]
				}
			]
		}
	};
}

/** A filter chain; `match` is Envoy's FilterChainMatch (absent: matches everything). */
export const chain = (filters: Json[], match?: Json, name?: string): Json => ({
	...(name ? { name } : {}),
	...(match ? { filter_chain_match: match } : {}),
	filters
});

export function listener(name: string, address: Json, chains: Json[], extra: Json = {}): Json {
	const where = Object.keys(address).length > 0 ? { address } : {};
	return { '@type': LISTENER_TYPE, name, ...where, filter_chains: chains, ...extra };
}

/** The clusters and listeners pilot-agent's bootstrap gives every proxy (envoy_bootstrap.json). */
export function bootstrapResources(): { clusters: Json[]; listeners: Json[] } {
	const local = (name: string, addr: Json) =>
		cluster(name, 'STATIC', {
			load_assignment: {
				cluster_name: name,
				endpoints: [{ lb_endpoints: [{ endpoint: { address: addr }, health_status: 'HEALTHY' }] }]
			}
		});
	const pipe = (path: string) => ({ pipe: { path } });
	return {
		clusters: [
			local('agent', socketAddress('127.0.0.1', 15020)),
			local('prometheus_stats', socketAddress('127.0.0.1', 15000)),
			local('sds-grpc', pipe('./var/run/secrets/workload-spiffe-uds/socket')),
			local('xds-grpc', pipe('./etc/istio/proxy/XDS'))
		],
		listeners: [
			listener('', socketAddress('0.0.0.0', 15090), [
				chain([httpFilter(inlineRoute('/stats/prometheus', 'prometheus_stats'))])
			]),
			listener('', socketAddress('0.0.0.0', 15021), [
				chain([httpFilter(inlineRoute('/healthz/ready', 'agent'))])
			])
		]
	};
}

/** Envoy's bootstrap: the node pilot-agent describes to istiod. */
export function bootstrap(nodeId: string, cluster: string, namespace: string): Json {
	return {
		node: {
			id: nodeId,
			cluster,
			metadata: { ISTIO_VERSION, NAMESPACE: namespace },
			user_agent_name: 'envoy',
			user_agent_build_version: { version: ENVOY_VERSION, metadata: { 'revision.status': 'Clean' } }
		}
	};
}

/** SDS's two secrets: the workload certificate (`default`) and the trust bundle (`ROOTCA`). */
export function secrets(
	chain: readonly X509Certificate[] | undefined,
	roots: readonly X509Certificate[],
	version: string
): Json[] {
	const b64 = (pem: string) => btoa(pem);
	const out: Json[] = [];
	if (chain && chain.length > 0) {
		out.push({
			name: 'default',
			version_info: version,
			secret: {
				'@type': `${T}envoy.extensions.transport_sockets.tls.v3.Secret`,
				name: 'default',
				tls_certificate: {
					certificate_chain: { inline_bytes: b64(chain.map(toPem).join('')) },
					private_key: { inline_bytes: '[redacted]' }
				}
			}
		});
	}
	if (roots.length > 0) {
		out.push({
			name: 'ROOTCA',
			version_info: version,
			secret: {
				'@type': `${T}envoy.extensions.transport_sockets.tls.v3.Secret`,
				name: 'ROOTCA',
				validation_context: { trusted_ca: { inline_bytes: b64(roots.map(toPem).join('')) } }
			}
		});
	}
	return out;
}

/**
 * The secrets a gateway's TLS listeners fetch from istiod's credential controller over SDS:
 * `kubernetes://NAME` (the Secret's key pair) and, MUTUAL, `kubernetes://NAME-cacert` (its
 * client CA); istio 1.30.3 pilot/pkg/model/credentials (`kubernetes://` resource names) and
 * pilot/pkg/credentials/kube (`SdsCaSuffix`). PEM text in, one entry per name, by name.
 */
export function credentialSecrets(
	credentials: readonly {
		readonly name: string;
		readonly certChain: string;
		readonly caCert?: string;
	}[],
	version: string
): Json[] {
	const out = new Map<string, Json>();
	const secret = (name: string, body: Json): Json => ({
		name,
		version_info: version,
		secret: { '@type': `${T}envoy.extensions.transport_sockets.tls.v3.Secret`, name, ...body }
	});
	for (const c of credentials) {
		const name = `kubernetes://${c.name}`;
		out.set(
			name,
			secret(name, {
				tls_certificate: {
					certificate_chain: { inline_bytes: btoa(c.certChain) },
					private_key: { inline_bytes: '[redacted]' }
				}
			})
		);
		if (c.caCert !== undefined)
			out.set(
				`${name}-cacert`,
				secret(`${name}-cacert`, {
					validation_context: { trusted_ca: { inline_bytes: btoa(c.caCert) } }
				})
			);
	}
	return [...out.keys()].sort().map((k) => out.get(k) as Json);
}

/** One EDS assignment: `addresses` already Envoy Address objects. */
export function loadAssignment(clusterName: string, addresses: readonly Json[]): Json {
	return {
		'@type': `${T}envoy.config.endpoint.v3.ClusterLoadAssignment`,
		cluster_name: clusterName,
		endpoints: [
			{
				locality: {},
				lb_endpoints: addresses.map((address) => ({
					endpoint: { address },
					health_status: 'HEALTHY',
					load_balancing_weight: 1
				}))
			}
		]
	};
}

export interface ProxyResources {
	readonly bootstrap: Json;
	readonly clusters: readonly Json[];
	readonly listeners: readonly Json[];
	readonly routes: readonly Json[];
	readonly secrets: readonly Json[];
	readonly endpoints: readonly Json[];
	/** The xDS version of the push the dynamic resources came from. */
	readonly version: string;
}

/** Envoy's ConfigDump; `includeEds` adds EndpointsConfigDump (`?include_eds=true`). */
export function configDump(r: ProxyResources, includeEds: boolean): Json {
	const boot = bootstrapResources();
	const v = r.version;
	const A = `${T}envoy.admin.v3.`;
	const configs: Json[] = [
		{ '@type': `${A}BootstrapConfigDump`, bootstrap: r.bootstrap },
		{
			'@type': `${A}ClustersConfigDump`,
			version_info: v,
			static_clusters: boot.clusters.map((c) => ({ cluster: c })),
			dynamic_active_clusters: r.clusters.map((c) => ({ version_info: v, cluster: c }))
		},
		{
			'@type': `${A}ListenersConfigDump`,
			version_info: v,
			static_listeners: boot.listeners.map((l) => ({ listener: l })),
			dynamic_listeners: r.listeners.map((l) => ({
				name: l['name'],
				active_state: { version_info: v, listener: l }
			}))
		},
		{
			'@type': `${A}RoutesConfigDump`,
			// Envoy lists a connection manager's inline route table as a static route config.
			static_route_configs: [...boot.listeners, ...r.listeners]
				.flatMap(inlineRouteConfigs)
				.map((rc) => ({ route_config: { '@type': ROUTE_TYPE, ...rc } })),
			dynamic_route_configs: r.routes.map((rc) => ({ version_info: v, route_config: rc }))
		},
		{ '@type': `${A}SecretsConfigDump`, dynamic_active_secrets: r.secrets }
	];
	if (includeEds)
		configs.push({
			'@type': `${A}EndpointsConfigDump`,
			dynamic_endpoint_configs: r.endpoints.map((e) => ({ version_info: v, endpoint_config: e }))
		});
	return { configs };
}

function inlineRouteConfigs(l: Json): Json[] {
	const chains = (l['filter_chains'] as Json[] | undefined) ?? [];
	const all = l['default_filter_chain'] ? [...chains, l['default_filter_chain'] as Json] : chains;
	return all.flatMap((c) =>
		((c['filters'] as Json[] | undefined) ?? []).flatMap((f) => {
			const rc = (f['typed_config'] as Json | undefined)?.['route_config'];
			return typeof rc === 'object' && rc !== null ? [rc as Json] : [];
		})
	);
}
