/**
 * Envoy's tcp_proxy filter as a waypoint's TCP service port and an ingress gateway's TCP
 * listener run it: a new connection goes to one cluster (a TCPRoute's `weighted_clusters`, picked
 * by weight per connection, else the addressed Service itself), one endpoint of it (round robin),
 * and bytes are spliced both ways. No cluster or no endpoint: the downstream connection is closed
 * (Envoy's `UF`/`NC`: tcp_proxy closes what it cannot connect).
 */
import type { Socket } from '../../net/socket.ts';
import type { TcpRoute } from '../../xds/waypoint-config.ts';
import { copyBidirectional } from '../l4/copy.ts';
import type { WaypointInputs } from './proxy-inputs.ts';
import { pickBackend } from './route.ts';
import { openTunnel } from './upstream.ts';

/** The cluster a new connection goes to: `hostname`/`port`, or undefined (close it). */
export function tcpCluster(
	routes: readonly TcpRoute[],
	addressed: { readonly hostname: string; readonly port: number } | undefined,
	rng: WaypointInputs['rng']
): { readonly hostname: string; readonly port: number } | undefined {
	// TCP has nothing to match on: the first route attached wins.
	const route = routes[0];
	if (!route) return addressed;
	const picked = pickBackend(route.backends, rng);
	if (!picked) return undefined;
	return { hostname: picked.hostname, port: picked.port || (addressed?.port ?? 0) };
}

/** Proxies `down` to the chosen cluster; resolves when both directions are done. */
export async function proxyTcp(
	inputs: WaypointInputs,
	down: Socket,
	target: { readonly hostname: string; readonly port: number } | undefined
): Promise<void> {
	const state = inputs.state();
	const svc = target && state.serviceByHostname(target.hostname);
	if (!target || !svc) {
		down.end();
		return;
	}
	const cluster = `outbound|${target.port}||${target.hostname}`;
	const endpoints = state.waypointEndpoints(svc, target.port) ?? state.endpoints(svc, target.port);
	const ep = state.pickEndpoint(cluster, endpoints);
	if (!ep) {
		down.end();
		return;
	}
	let upstream: Socket | undefined;
	const opened = await openTunnel(inputs, ep, {}, (s) => (upstream = s), cluster);
	if ('error' in opened) {
		upstream?.reset();
		down.end();
		return;
	}
	await copyBidirectional(down, opened.socket, {
		incrementRecv: () => {},
		incrementSend: () => {}
	});
}
