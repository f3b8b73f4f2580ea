/**
 * The ambient east-west gateway's data path (gatewayClassName `istio-east-west`): the outer
 * HBONE tunnel from another network's ztunnel arrives on 15008 and names a global Service
 * (`CONNECT <hostname>:<port>`); the gateway picks one of its endpoints on this network and
 * forwards the tunnel's bytes, the client's inner HBONE (TLS with the final destination, then
 * its own CONNECT), unread to that endpoint's HBONE port, where the destination's ztunnel
 * terminates it. "E/W gateway will terminate the outer HBONE tunnel and will redirect the inner
 * HBONE tunnel to either a waypoint or service backend as an opaque stream of bytes" (istio
 * 1.30.3 pilot/pkg/networking/core/cluster_waypoint.go; buildForwardInnerConnect: ORIGINAL_DST
 * with the port overridden to 15008). No L7 policy applies here (policyService is nil for it in
 * listener_waypoint.go).
 */
import type { HboneRequest, SvcHostname } from '../hbone/connect.ts';
import { isConnectError } from '../net/socket.ts';
import { copyBidirectional } from '../proxy/l4/copy.ts';
import type { L7ProxyState } from '../proxy/l7/state.ts';
import type { WaypointInputs } from '../proxy/l7/proxy-inputs.ts';
import type { SecureStream } from '../tls/stream.ts';
import type { SocketAddr } from '../types.ts';
import { HBONE_PORT } from './ports.ts';

/** Whether this push makes the proxy an east-west gateway. */
export const isEastWest = (state: L7ProxyState): boolean =>
	state.config.gatewayClassName === 'istio-east-west';

/**
 * Where a CONNECT naming `svc` is forwarded: an endpoint of the global Service on this network,
 * round robin, on its HBONE port; 503 (Envoy's answer without a healthy upstream) when the
 * Service is not exposed or has no such endpoint.
 */
export function forwardTarget(state: L7ProxyState, svc: SvcHostname): SocketAddr | 503 {
	const service = state.serviceByHostname(svc.hostname);
	if (!service) return 503;
	const cluster = `inbound-vip|${svc.port}|tcp|${svc.hostname}`;
	const ep = state.pickEndpoint(cluster, state.endpoints(service, svc.port));
	if (!ep?.workload.address) return 503;
	return { ip: ep.workload.address, port: HBONE_PORT };
}

/**
 * Forwards one outer tunnel's bytes to its endpoint (the request's resolved target). Only
 * Service authorities are routed: an address names no listener chain here (503).
 */
export async function forwardInnerConnect(
	inputs: WaypointInputs,
	req: HboneRequest<SecureStream>
): Promise<void> {
	if (!req.svcHostname) {
		req.respond(503);
		return;
	}
	const upstream = await inputs.net.connect(req.target);
	if (isConnectError(upstream)) {
		req.respond(503);
		return;
	}
	const tunnel = req.respond(200);
	await copyBidirectional(tunnel, upstream, { incrementRecv: () => {}, incrementSend: () => {} });
}
