/**
 * An ingress gateway's Envoy resources (gatewayClassName `istio`), built from the push it holds,
 * named as istiod names them for a router (pilot/pkg/networking/core gateway.go,
 * listener_builder.go): a listener `0.0.0.0_<port>` per Gateway listener port whose connection
 * manager uses route table `http.<port>`, one virtual host `<hostname>:<port>` per attached
 * HTTPRoute hostname (`blackhole:<port>` when none), and EDS clusters `outbound|<port>||<host>`.
 */
import {
	chain,
	cluster,
	httpFilter,
	listener,
	loadAssignment,
	socketAddress,
	type Json
} from '../proxy/envoy/config-dump.ts';
import { envoyRoutes } from '../proxy/envoy/routes.ts';
import type { L7ProxyState } from '../proxy/l7/state.ts';
import type { BackendRef, ServiceRoutes } from '../xds/waypoint-config.ts';

const outbound = (hostname: string, port: number, subset = '') =>
	`outbound|${port}|${subset}|${hostname}`;

export interface GatewayResources {
	readonly clusters: Json[];
	readonly listeners: Json[];
	readonly routes: Json[];
	readonly endpoints: Json[];
}

/** The virtual hosts of one listener: its routes grouped by hostname, in push order. */
function virtualHosts(routes: readonly ServiceRoutes[], port: number, vhostPort = port): Json[] {
	const byHost = new Map<string, ServiceRoutes[]>();
	for (const r of routes) byHost.set(r.hostname, [...(byHost.get(r.hostname) ?? []), r]);
	const clusterOf = (b: BackendRef) =>
		outbound(b.hostname, b.port === 0 ? port : b.port, b.undefinedSubset);
	const vhosts = [...byHost].map(([host, rs]) => ({
		name: `${host}:${vhostPort}`,
		domains: [host === '*' ? '*' : host],
		routes: rs.flatMap((r) => envoyRoutes(r, clusterOf))
	}));
	return vhosts.length > 0
		? vhosts
		: [{ name: `blackhole:${vhostPort}`, domains: ['*'], routes: [] }];
}

export function gatewayResources(state: L7ProxyState): GatewayResources {
	const { services, workloads, listeners: gwListeners = [] } = state.config;
	const byUid = new Map(workloads.map((w) => [w.uid, w]));
	const clusters: Json[] = [cluster('BlackHoleCluster', 'STATIC')];
	const endpoints: Json[] = [];
	for (const svc of services)
		for (const port of Object.keys(svc.ports).map(Number)) {
			const name = outbound(svc.hostname, port);
			clusters.push(cluster(name, 'EDS'));
			const addrs = svc.endpoints.flatMap((ep) => {
				const w = byUid.get(ep.workloadUid);
				const target = ep.ports[port] ?? svc.ports[port] ?? port;
				return w?.address ? [socketAddress(w.address, target)] : [];
			});
			endpoints.push(loadAssignment(name, addrs));
		}
	const routes: Json[] = [];
	const listeners: Json[] = [];
	const ports = [...new Set(gwListeners.map((l) => l.port))].sort((a, b) => a - b);
	for (const port of ports) {
		const on = gwListeners.filter((l) => l.port === port);
		const attached = on.flatMap((l) => l.routes);
		routes.push({
			'@type': 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
			name: `http.${port}`,
			virtual_hosts: virtualHosts(attached, port, on[0]?.servicePort)
		});
		listeners.push(
			listener(`0.0.0.0_${port}`, socketAddress('0.0.0.0', port), [
				chain([httpFilter({ rds: { route_config_name: `http.${port}` } })])
			])
		);
	}
	return { clusters, listeners, routes, endpoints };
}
