/**
 * The outbound listener (15001): an enrolled pod's connection to anywhere arrives here with its
 * original destination. Decide where it goes (buildRequest), then carry it there: HBONE to the
 * destination's ztunnel (a CONNECT stream on a pooled mTLS connection), or plain TCP passthrough.
 * Mirrors ztunnel src/proxy/outbound.rs (build_request, Request, proxy_to_hbone, proxy_to_tcp).
 */
import { isConnectError, type Socket } from '../../net/socket.ts';
import { isTlsError } from '../../tls/errors.ts';
import { type SpiffeId, isIdentityError } from '../../tls/identity.ts';
import { originateIstioMtls } from '../istio-mtls.ts';
import { HBONE_PORT as HBONE_PORT_NUMBER } from '../ports.ts';
import type { SocketAddr } from '../../types.ts';
import {
	type ProxyState,
	type ServiceDescription,
	describeService,
	workloadIdentity
} from './state/proxy-state.ts';
import type { Workload } from '../../xds/workload-api.ts';
import { ConnectionResult, earlyDeny } from './connection-result.ts';
import { copyBidirectional } from './copy.ts';
import {
	type ProxyError,
	identityFailure,
	ioError,
	isProxyError,
	noHealthyUpstream,
	noResolvedAddresses,
	tlsFailure,
	unknownSourceWorkload
} from './errors.ts';
import { CONNECTION_TIMEOUT, type ProxyInputs } from './inputs.ts';
import type { ConnectionOpen } from './metrics.ts';
import {
	type DoubleHboneRequest,
	buildRequestThroughGateway,
	onOtherNetwork
} from './outbound-gateway.ts';
import { WorkloadHBONEPool } from './pool.ts';
import { buildBaggage, buildForwarded } from './outbound-headers.ts';
import { proxyToDoubleHbone } from './outbound-double-hbone.ts';

export { buildBaggage, buildForwarded };
import { newTraceParent, peerCertificate, traceIdOf } from './traffic.ts';

export type OutboundProtocol = 'HBONE' | 'TCP';

/** The plan for one outbound connection (outbound.rs `Request`). */
export interface OutboundRequest {
	readonly protocol: OutboundProtocol;
	readonly source: Workload;
	/** The next hop: `<pod ip>:15008` for HBONE, the endpoint or original address for TCP. */
	readonly actualDestination: SocketAddr;
	/** HBONE only: the CONNECT authority, `<pod ip>:<target port>`. */
	readonly hboneTargetDestination: SocketAddr | undefined;
	/** The workload we reach; undefined for passthrough to an unknown address. */
	readonly actualDestinationWorkload: Workload | undefined;
	/** Set when the app addressed a Service VIP. */
	readonly intendedDestinationService: ServiceDescription | undefined;
	/** The identity the next hop must prove (empty for TCP). */
	readonly upstreamSans: readonly SpiffeId[];
	/** `namespace/name` of the waypoint the connection goes through, when it does. */
	readonly waypoint?: string;
}

/**
 * Decides where `target` (the app's original destination) goes. A Service VIP picks an endpoint
 * round robin; an HBONE workload is reached through its 15008; anything else passes through.
 */
export function buildRequest(
	state: ProxyState,
	source: Workload,
	target: SocketAddr,
	options: { readonly bypassWaypoints?: boolean } = {}
): OutboundRequest | DoubleHboneRequest | ProxyError {
	const passthrough: OutboundRequest = {
		protocol: 'TCP',
		source,
		actualDestination: target,
		hboneTargetDestination: undefined,
		actualDestinationWorkload: undefined,
		intendedDestinationService: undefined,
		upstreamSans: []
	};
	let workload: Workload | undefined;
	let port = target.port;
	let service: ServiceDescription | undefined;
	const svc = state.serviceByVip(target.ip, source.namespace);
	// A waypoint serving what the app addressed (the service, else the workload) gets the
	// connection over HBONE, CONNECT to the original address; never when the source is that
	// waypoint (outbound.rs build_request: fetch_waypoint, "don't send to the waypoint itself").
	// A sidecar does not use waypoints (it is a full proxy itself): it goes to the destination.
	const waypoint = options.bypassWaypoints
		? undefined
		: svc
			? svc.waypoint
			: state.workloadByIp(target.ip)?.waypoint;
	const wpSvc = waypoint ? state.serviceByVip(waypoint.address, waypoint.namespace) : undefined;
	if (waypoint && !wpSvc?.endpoints.some((e) => e.workloadUid === source.uid)) {
		const hop = wpSvc ? state.pickEndpoint(wpSvc, waypoint.hboneMtlsPort, source) : undefined;
		if (!hop) return noHealthyUpstream(target);
		// A global waypoint's endpoint on another network: double HBONE to the target Service.
		if (svc && wpSvc && onOtherNetwork(source, hop.workload))
			return buildRequestThroughGateway(state, source, hop.workload, svc, target, wpSvc);
		return {
			protocol: 'HBONE',
			source,
			actualDestination: { ip: hop.workload.address, port: hop.port },
			hboneTargetDestination: target,
			actualDestinationWorkload: hop.workload,
			intendedDestinationService: svc ? describeService(svc) : undefined,
			upstreamSans: [workloadIdentity(hop.workload)],
			...(wpSvc ? { waypoint: `${wpSvc.namespace}/${wpSvc.name}` } : {})
		};
	}
	if (svc) {
		const upstream = state.pickEndpoint(svc, target.port, source);
		if (!upstream) return noHealthyUpstream(target);
		// A workload on another network is reached through its network's gateway.
		if (onOtherNetwork(source, upstream.workload))
			return buildRequestThroughGateway(state, source, upstream.workload, svc, target);
		workload = upstream.workload;
		port = upstream.port;
		service = describeService(svc);
	} else {
		workload = state.workloadByIp(target.ip);
		if (!workload) return passthrough;
	}
	const workloadAddr = { ip: workload.address, port };
	if (workload.protocol === 'HBONE') {
		return {
			protocol: 'HBONE',
			source,
			actualDestination: { ip: workload.address, port: HBONE_PORT_NUMBER },
			hboneTargetDestination: workloadAddr,
			actualDestinationWorkload: workload,
			intendedDestinationService: service,
			upstreamSans: [workloadIdentity(workload)]
		};
	}
	return {
		...passthrough,
		actualDestination: workloadAddr,
		actualDestinationWorkload: workload,
		intendedDestinationService: service
	};
}

/** `istioMtls`: a sidecar's TCP upstream with Istio mTLS (it reports as HBONE does). */
function connectionOpen(req: OutboundRequest, istioMtls: boolean): ConnectionOpen {
	const mtls = req.protocol === 'HBONE' || istioMtls;
	return {
		reporter: 'source',
		source: req.source,
		derivedSourceIdentity: mtls ? workloadIdentity(req.source) : undefined,
		destination: req.actualDestinationWorkload,
		destinationService: req.intendedDestinationService,
		securityPolicy: mtls ? 'mutual_tls' : 'unknown'
	};
}

export class Outbound {
	readonly #pi: ProxyInputs;
	readonly #pool: WorkloadHBONEPool;

	constructor(pi: ProxyInputs) {
		this.#pi = pi;
		this.#pool = new WorkloadHBONEPool(pi);
	}

	/** The HBONE connections this listener keeps (shared by every captured connection). */
	get pool(): WorkloadHBONEPool {
		return this.#pool;
	}

	/** Serves one captured connection; `stream.local` is the app's original destination. */
	async proxy(stream: Socket): Promise<void> {
		const pi = this.#pi;
		const src = stream.remote;
		const dst = stream.local;
		const state = pi.state();
		const source = state.workloadByIp(src.ip);
		const req = source
			? buildRequest(state, source, dst, { bypassWaypoints: pi.bypassWaypoints === true })
			: unknownSourceWorkload(src.ip);
		if (isProxyError(req)) {
			earlyDeny(pi, { src, dst, reporter: 'source', error: req, source });
			stream.reset();
			return;
		}
		if (req.protocol === 'DOUBLEHBONE') {
			await proxyToDoubleHbone(pi, this.#pool, stream, req);
			return;
		}
		const peer = req.protocol === 'TCP' ? istioMtlsPeer(pi, req) : undefined;
		const result = new ConnectionResult(
			pi,
			src,
			req.actualDestination,
			req.hboneTargetDestination,
			connectionOpen(req, peer !== undefined)
		);
		if (req.waypoint) result.facts.waypoint = req.waypoint;
		// outbound.rs: tracked for `istioctl zc connections` while the connection is proxied.
		const untrack = pi.connectionManager?.trackOutbound({
			src,
			originalDst: dst,
			actualDst: req.actualDestination,
			protocol: req.protocol
		});
		const error =
			req.protocol === 'HBONE'
				? await this.#proxyToHbone(stream, req, result)
				: await this.#proxyToTcp(stream, req, result, peer);
		untrack?.();
		if (error) stream.reset();
		result.record(error);
	}

	async #proxyToHbone(
		stream: Socket,
		req: OutboundRequest,
		result: ConnectionResult
	): Promise<ProxyError | undefined> {
		const target = req.hboneTargetDestination;
		const dstId = req.upstreamSans[0];
		if (!target || !dstId) throw new Error('BUG: HBONE request without target');
		const traffic = this.#pi.traffic;
		const traceparent = traffic ? newTraceParent(traffic.rng) : undefined;
		result.facts.traceId = traceIdOf(traceparent);
		const sent = await this.#pool.sendRequestPooled(
			{
				srcId: workloadIdentity(req.source),
				dstId,
				src: stream.remote,
				dst: req.actualDestination
			},
			target,
			{
				baggage: buildBaggage(req.source),
				forwarded: buildForwarded(stream.remote, req.intendedDestinationService),
				...(traceparent ? { traceparent } : {})
			}
		);
		if (isProxyError(sent)) return sent;
		result.facts.peerCertificate = peerCertificate(sent.tunnel.stream.peerCertificate);
		await copyBidirectional(stream, sent.tunnel, result);
		return undefined;
	}

	async #proxyToTcp(
		stream: Socket,
		req: OutboundRequest,
		result: ConnectionResult,
		peer: SpiffeId | undefined
	): Promise<ProxyError | undefined> {
		let dst = req.actualDestination;
		const hostname = req.actualDestinationWorkload?.hostname;
		if (hostname) {
			// A ServiceEntry endpoint named by DNS: resolved now, then plain TCP to the address.
			const resolved = this.#pi.resolve?.(hostname);
			if (!resolved) return noResolvedAddresses(req.actualDestinationWorkload?.uid ?? '');
			dst = { ip: resolved, port: dst.port };
		}
		// Sockets ztunnel opens in the pod's network namespace carry the pod's address.
		const upstream = await this.#pi.net.connect(dst, {
			source: stream.remote,
			timeout: CONNECTION_TIMEOUT
		});
		if (isConnectError(upstream)) return ioError(upstream);
		if (!peer) {
			await copyBidirectional(stream, upstream, result);
			return undefined;
		}
		// A sidecar's ISTIO_MUTUAL cluster: our certificate, the endpoint's identity required.
		const certs = await this.#pi.secrets.fetchCertificate(workloadIdentity(req.source));
		if (isIdentityError(certs)) {
			upstream.reset();
			return identityFailure(certs.message);
		}
		const secure = await originateIstioMtls(upstream, peer, {
			identity: certs,
			trustRoots: this.#pi.trustRoots(),
			clock: this.#pi.clock,
			crypto: this.#pi.crypto,
			timeout: CONNECTION_TIMEOUT
		});
		if (isTlsError(secure)) return tlsFailure(secure.message);
		result.facts.peerCertificate = peerCertificate(secure.peerCertificate);
		await copyBidirectional(stream, secure, result);
		return undefined;
	}
}

/** The identity a sidecar's TCP upstream must prove, when it gets Istio mTLS. */
function istioMtlsPeer(pi: ProxyInputs, req: OutboundRequest): SpiffeId | undefined {
	const w = req.actualDestinationWorkload;
	if (!w || !pi.istioMtls?.(w, req.intendedDestinationService)) return undefined;
	return workloadIdentity(w);
}
