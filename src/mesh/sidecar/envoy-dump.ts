/**
 * A sidecar's Envoy resources, built from the push it holds, named as istiod names them for a
 * sidecar (pilot/pkg/networking/core: cluster_builder.go, listener.go, httproute.go): EDS
 * clusters `outbound|<port>||<hostname>` for every service port, `inbound|<port>||` for its own
 * pod's, `BlackHoleCluster`, `PassthroughCluster` and `InboundPassthroughCluster`; listeners
 * `virtualOutbound` (15001) and `virtualInbound` (15006), `0.0.0.0_<port>` with route table
 * `<port>` for HTTP service ports and `<vip>_<port>` for TCP ones. The TLS parts are the ones
 * sidecar mTLS uses: EDS clusters' auto-mTLS transport socket matches, and per inbound port an
 * Istio mTLS chain (TLS + Istio ALPN) before the plaintext one, which STRICT drops.
 */
import {
	chain,
	cluster,
	httpFilter,
	listener,
	loadAssignment,
	socketAddress,
	tcpFilter,
	type Json
} from '../proxy/envoy/config-dump.ts';
import { envoyRoutes } from '../proxy/envoy/routes.ts';
import type { SidecarHttp } from '../xds/sidecar-config.ts';
import type { BackendRef } from '../xds/waypoint-config.ts';
import type { Service, ZtunnelConfig } from '../xds/workload-api.ts';
import { SIDECAR_PORTS } from './ports.ts';

const outbound = (hostname: string, port: number, subset = '') =>
	`outbound|${port}|${subset}|${hostname}`;
const HTTP_APP = { transport_protocol: 'raw_buffer', application_protocols: ['http/1.1', 'h2c'] };
/** The inbound mTLS chain's match (listener_inbound.go: TLS with one of Istio's ALPNs). */
const ISTIO_MTLS = {
	transport_protocol: 'tls',
	application_protocols: [
		'istio',
		'istio-peer-exchange',
		'istio-http/1.0',
		'istio-http/1.1',
		'istio-h2'
	]
};
/** A STRICT workload's L4 policy key suffix (istiod's static STRICT DENY, peer-authentication.ts). */
const STATIC_STRICT = '/istio_converted_static_strict';
/**
 * An EDS cluster's auto mTLS (cluster_tls.go buildAutoMtlsSettings): endpoints labelled
 * `tlsMode: istio` get the Istio mTLS transport socket, the rest plain text.
 */
const AUTO_MTLS = {
	transport_socket_matches: [
		{
			name: 'tlsMode-istio',
			match: { tlsMode: 'istio' },
			transport_socket: {
				name: 'envoy.transport_sockets.tls',
				typed_config: {
					'@type':
						'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
					common_tls_context: {
						alpn_protocols: ['istio-peer-exchange', 'istio'],
						tls_certificate_sds_secret_configs: [{ name: 'default' }],
						combined_validation_context: {
							validation_context_sds_secret_config: { name: 'ROOTCA' }
						}
					}
				}
			}
		},
		{
			name: 'tlsMode-disabled',
			match: {},
			transport_socket: { name: 'envoy.transport_sockets.raw_buffer' }
		}
	]
};

export interface SidecarResources {
	readonly clusters: Json[];
	readonly listeners: Json[];
	readonly routes: Json[];
	readonly endpoints: Json[];
}

/** pilot's generateVirtualHostDomains: the names a client may use, with and without the port. */
function domains(svc: Service, port: number, clientNs: string): string[] {
	const names = [svc.hostname];
	if (svc.namespace === clientNs) names.push(svc.name);
	names.push(`${svc.name}.${svc.namespace}`, `${svc.name}.${svc.namespace}.svc`, ...svc.vips);
	return names.flatMap((n) => [n, `${n}:${port}`]);
}

export function sidecarResources(
	config: ZtunnelConfig,
	http: SidecarHttp | undefined,
	podIp: string,
	namespace: string
): SidecarResources {
	const byUid = new Map(config.workloads.map((w) => [w.uid, w]));
	const self = config.workloads.find((w) => w.address === podIp);
	const clusters: Json[] = [
		cluster('BlackHoleCluster', 'STATIC'),
		cluster('InboundPassthroughCluster', 'ORIGINAL_DST', { lb_policy: 'CLUSTER_PROVIDED' }),
		cluster('PassthroughCluster', 'ORIGINAL_DST', { lb_policy: 'CLUSTER_PROVIDED' })
	];
	const endpoints: Json[] = [];
	const portListeners: Json[] = [];
	const vhostsByPort = new Map<number, Json[]>();
	const inbound = new Map<number, Json[]>();
	for (const svc of config.services) {
		const httpPorts = http?.httpPorts[svc.hostname] ?? [];
		for (const port of Object.keys(svc.ports).map(Number)) {
			const name = outbound(svc.hostname, port);
			clusters.push(cluster(name, 'EDS', AUTO_MTLS));
			endpoints.push(
				loadAssignment(
					name,
					svc.endpoints.flatMap((ep) => {
						const w = byUid.get(ep.workloadUid);
						const target = ep.ports[port] ?? svc.ports[port] ?? port;
						return w?.address ? [socketAddress(w.address, target)] : [];
					})
				)
			);
			const isHttp = httpPorts.includes(port);
			const selfEp = self && svc.endpoints.find((ep) => ep.workloadUid === self.uid);
			const target = selfEp ? (selfEp.ports[port] ?? svc.ports[port] ?? port) : undefined;
			if (target !== undefined && !inbound.has(target)) {
				const inName = `inbound|${target}||`;
				clusters.push(cluster(inName, 'ORIGINAL_DST', { lb_policy: 'CLUSTER_PROVIDED' }));
				const strict = !!self?.authorizationPolicies.some((k) => k.endsWith(STATIC_STRICT));
				inbound.set(target, inboundChains(inName, target, isHttp, strict));
			}
			if (!isHttp) {
				for (const vip of svc.vips)
					portListeners.push(
						listener(`${vip}_${port}`, socketAddress(vip, port), [chain([tcpFilter(name)])])
					);
				continue;
			}
			const own = (http?.routes ?? []).filter(
				(r) => r.hostname === svc.hostname && (r.port === undefined || r.port === port)
			);
			const clusterOf = (b: BackendRef) =>
				outbound(b.hostname, b.port === 0 ? port : b.port, b.undefinedSubset);
			const list = vhostsByPort.get(port) ?? [];
			list.push({
				name: `${svc.hostname}:${port}`,
				domains: domains(svc, port, namespace),
				routes:
					own.length > 0
						? own.flatMap((r) => envoyRoutes(r, clusterOf))
						: [{ name: 'default', match: { prefix: '/' }, route: { cluster: name } }]
			});
			vhostsByPort.set(port, list);
		}
	}
	const { routes, listeners: httpListeners } = httpPortResources(vhostsByPort);
	const listeners = [...portListeners, ...httpListeners, ...virtualListeners(inbound)];
	return { clusters, listeners, routes, endpoints };
}

/**
 * The inbound chains for one of the pod's ports, HTTP (inline route table) or TCP: Istio mTLS,
 * then plaintext unless the pod is STRICT (PERMISSIVE accepts both).
 */
function inboundChains(inName: string, target: number, isHttp: boolean, strict: boolean): Json[] {
	const filter = isHttp
		? httpFilter({
				route_config: {
					name: inName,
					virtual_hosts: [
						{
							name: `inbound|http|${target}`,
							domains: ['*'],
							routes: [{ match: { prefix: '/' }, route: { cluster: inName } }]
						}
					]
				}
			})
		: tcpFilter(inName);
	const mtls = chain([filter], { destination_port: target, ...ISTIO_MTLS }, inName);
	if (strict) return [mtls];
	return [
		mtls,
		chain([filter], { destination_port: target, transport_protocol: 'raw_buffer' }, inName)
	];
}

/** Per HTTP port: route table `<port>` (its services, then `allow_any`) and `0.0.0.0_<port>`. */
function httpPortResources(vhostsByPort: Map<number, Json[]>): {
	routes: Json[];
	listeners: Json[];
} {
	const routes: Json[] = [];
	const listeners: Json[] = [];
	for (const [port, vhosts] of [...vhostsByPort].sort((a, b) => a[0] - b[0])) {
		routes.push({
			'@type': 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
			name: String(port),
			virtual_hosts: [
				...vhosts,
				{
					name: 'allow_any',
					domains: ['*'],
					routes: [
						{ name: 'allow_any', match: { prefix: '/' }, route: { cluster: 'PassthroughCluster' } }
					]
				}
			]
		});
		listeners.push(
			listener(`0.0.0.0_${port}`, socketAddress('0.0.0.0', port), [
				chain([httpFilter({ rds: { route_config_name: String(port) } })], HTTP_APP),
				chain([tcpFilter('PassthroughCluster')])
			])
		);
	}
	return { routes, listeners };
}

/** virtualOutbound 15001 and virtualInbound 15006 (the pod's ports, then passthrough). */
function virtualListeners(inbound: Map<number, Json[]>): Json[] {
	return [
		listener(
			'virtualOutbound',
			socketAddress('0.0.0.0', SIDECAR_PORTS.outbound),
			[
				chain([], { destination_port: SIDECAR_PORTS.outbound }),
				chain([tcpFilter('PassthroughCluster')])
			],
			{ use_original_dst: true, traffic_direction: 'OUTBOUND' }
		),
		listener(
			'virtualInbound',
			socketAddress('0.0.0.0', SIDECAR_PORTS.inbound),
			[
				chain([], { destination_port: SIDECAR_PORTS.inbound }),
				...[...inbound].sort((a, b) => a[0] - b[0]).flatMap(([, c]) => c),
				chain([tcpFilter('InboundPassthroughCluster')])
			],
			{ traffic_direction: 'INBOUND' }
		)
	];
}
