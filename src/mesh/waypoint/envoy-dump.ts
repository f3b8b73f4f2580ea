/**
 * A waypoint's Envoy resources, built from the push it holds, named as istiod names them for a
 * waypoint (pilot/pkg/networking/core waypoint.go, cluster_waypoint.go
 * buildWaypointInboundClusters, listener_waypoint.go buildWaypointInbound*): per service port an
 * EDS cluster `inbound-vip|<port>|http|<hostname>` whose endpoints are `envoy://connect_originate/
 * <pod ip>:<target port>`, the internal clusters `main_internal`, `encap` and `connect_originate`,
 * and the listeners `connect_terminate` (HBONE 15008), `main_internal` (one HTTP chain per
 * service port, its route table inline) and `connect_originate`.
 */
import {
	chain,
	cluster,
	httpFilter,
	internalAddress,
	listener,
	loadAssignment,
	socketAddress,
	tcpFilter,
	type Json
} from '../proxy/envoy/config-dump.ts';
import { envoyRoutes } from '../proxy/envoy/routes.ts';
import type { L7ProxyState } from '../proxy/l7/state.ts';
import type { BackendRef } from '../xds/waypoint-config.ts';
import { HBONE_PORT } from './ports.ts';

const vipCluster = (hostname: string, port: number, subset = '') =>
	`inbound-vip|${port}|${subset ? `http/${subset}` : 'http'}|${hostname}`;

export interface WaypointResources {
	readonly clusters: Json[];
	readonly listeners: Json[];
	readonly endpoints: Json[];
}

export function waypointResources(state: L7ProxyState): WaypointResources {
	const { services, workloads, routes } = state.config;
	const byUid = new Map(workloads.map((w) => [w.uid, w]));
	// buildInternalUpstreamCluster(name, listener): an upstream to one internal listener.
	const internal = (name: string, to: string) =>
		cluster(name, 'STATIC', {
			load_assignment: {
				cluster_name: name,
				endpoints: [
					{
						lb_endpoints: [{ endpoint: { address: internalAddress(to) }, health_status: 'HEALTHY' }]
					}
				]
			}
		});
	const clusters: Json[] = [
		internal('main_internal', 'main_internal'),
		internal('encap', 'connect_originate'),
		cluster('connect_originate', 'ORIGINAL_DST', { lb_policy: 'CLUSTER_PROVIDED' })
	];
	const endpoints: Json[] = [];
	const chains: Json[] = [];
	for (const svc of services) {
		for (const port of Object.keys(svc.ports).map(Number)) {
			const name = vipCluster(svc.hostname, port);
			clusters.push(cluster(name, 'EDS'));
			const addrs = svc.endpoints.flatMap((ep) => {
				const w = byUid.get(ep.workloadUid);
				const target = ep.ports[port] ?? svc.ports[port] ?? port;
				return w?.address ? [internalAddress('connect_originate', `${w.address}:${target}`)] : [];
			});
			endpoints.push(loadAssignment(name, addrs));
			const own = routes.filter(
				(r) => r.hostname === svc.hostname && (r.port === undefined || r.port === port)
			);
			const clusterOf = (b: BackendRef) =>
				vipCluster(b.hostname, b.port === 0 ? port : b.port, b.undefinedSubset);
			const vhostRoutes =
				own.length > 0
					? own.flatMap((r) => envoyRoutes(r, clusterOf))
					: [{ match: { prefix: '/' }, route: { cluster: name } }];
			chains.push(
				chain(
					[
						httpFilter({
							route_config: {
								name,
								virtual_hosts: [
									{
										name: `inbound|http|${port}`,
										domains: own.length > 0 ? [svc.hostname] : ['*'],
										routes: vhostRoutes
									}
								]
							}
						})
					],
					undefined,
					name
				)
			);
		}
	}
	const connect = {
		route_config: {
			name: 'default',
			virtual_hosts: [
				{
					name: 'default',
					domains: ['*'],
					routes: [
						{
							match: { connect_matcher: {} },
							route: { cluster: 'main_internal', upgrade_configs: [{ upgrade_type: 'CONNECT' }] }
						}
					]
				}
			]
		}
	};
	const listeners = [
		listener('connect_terminate', socketAddress('0.0.0.0', HBONE_PORT), [
			chain([httpFilter(connect)], undefined, 'default')
		]),
		listener('main_internal', {}, chains, { internal_listener: {}, traffic_direction: 'INBOUND' }),
		listener('connect_originate', {}, [chain([tcpFilter('connect_originate')])], {
			internal_listener: {}
		})
	];
	return { clusters, listeners, endpoints };
}
