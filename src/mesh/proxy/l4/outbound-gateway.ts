/**
 * Outbound to a workload on another network: double HBONE through that network's east-west
 * gateway. The outer tunnel goes to the gateway (`<gateway ip>:15008`, which must prove the
 * gateway's identity) and the inner one, carried inside it, to the final destination (which
 * must prove one of the Service's SANs); both CONNECT to the Service's hostname and port, so the
 * gateway routes without opening the inner tunnel. Mirrors ztunnel 1.30.3 src/proxy/outbound.rs
 * (`build_request_through_gateway`, `Request.final_sans`) and src/state.rs
 * (`fetch_network_gateway`, `Upstream::workload_and_services_san`, `service_sans`).
 */
import { type SpiffeId, spiffeId } from '../../tls/identity.ts';
import type { SocketAddr } from '../../types.ts';
import type { NetworkGatewayAddress, Service, Workload } from '../../xds/workload-api.ts';
import { type ProxyError, unknownNetworkGateway } from './errors.ts';
import { type ProxyState, type ServiceDescription, describeService } from './state/proxy-state.ts';

/** outbound.rs `Request` with protocol DOUBLEHBONE. */
export interface DoubleHboneRequest {
	readonly protocol: 'DOUBLEHBONE';
	readonly source: Workload;
	/** The gateway's HBONE address on its network: `<gateway ip>:<hbone_mtls_port>`. */
	readonly actualDestination: SocketAddr;
	/** HboneAddress::SvcHostname: `<service hostname>:<service port>`, both tunnels' authority. */
	readonly hboneTargetDestination: string;
	/** The gateway's workload (what the source's metrics name as the peer). */
	readonly actualDestinationWorkload: Workload;
	/** The split-horizon workload chosen: the remote endpoints it stands for. */
	readonly finalDestinationWorkload: Workload;
	readonly intendedDestinationService: ServiceDescription;
	/** The outer tunnel's peer: the Service's SANs, then the gateway's own identity. */
	readonly upstreamSans: readonly SpiffeId[];
	/** The inner tunnel's peer: one of the Service's SANs. */
	readonly finalSans: readonly SpiffeId[];
}

/** GatewayAddress's Debug text, as `UnknownNetworkGateway` prints it. */
function debugGatewayAddress(gw: NetworkGatewayAddress): string {
	return `GatewayAddress { destination: Address(NetworkAddress { network: "${gw.network}", address: ${gw.address} }), hbone_mtls_port: ${String(gw.hboneMtlsPort)} }`;
}

const serviceSans = (svc: Service): SpiffeId[] =>
	(svc.subjectAltNames ?? []).filter((s) => s.startsWith('spiffe://')) as SpiffeId[];

/** Is `upstream` on another network than the source (outbound.rs build_request)? */
export const onOtherNetwork = (source: Workload, upstream: Workload): boolean =>
	(upstream.network ?? '') !== (source.network ?? '') && upstream.networkGateway !== undefined;

/**
 * build_request_through_gateway: `upstream` was picked among the endpoints of `upstreamService`
 * (the target Service, or its waypoint's Service) and sits on another network. The gateway
 * must be in this push, by network and address; else the connection fails with `unknown
 * network gateway`. Both tunnels name the target Service; the final SANs are the upstream's.
 */
export function buildRequestThroughGateway(
	state: ProxyState,
	source: Workload,
	upstream: Workload,
	svc: Service,
	target: SocketAddr,
	upstreamService: Service = svc
): DoubleHboneRequest | ProxyError {
	const gw = upstream.networkGateway;
	const gateway = gw ? state.networkGatewayWorkload(gw) : undefined;
	if (!gw || !gateway)
		return unknownNetworkGateway(
			`network gateway ${gw ? debugGatewayAddress(gw) : 'None'} not found`
		);
	const sans = serviceSans(upstreamService);
	return {
		protocol: 'DOUBLEHBONE',
		source,
		actualDestination: { ip: gateway.address, port: gw.hboneMtlsPort },
		hboneTargetDestination: `${svc.hostname}:${String(target.port)}`,
		actualDestinationWorkload: gateway,
		finalDestinationWorkload: upstream,
		intendedDestinationService: describeService(svc),
		upstreamSans: [
			...sans,
			spiffeId(gateway.namespace, gateway.serviceAccount, gateway.trustDomain || undefined)
		],
		finalSans: sans
	};
}
