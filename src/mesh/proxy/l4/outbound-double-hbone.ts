/**
 * Outbound to another network, the doing half (the decision is outbound-gateway.ts): the outer
 * tunnel through the pool to the network's gateway (`<gateway ip>:15008`, CONNECT to the
 * Service's `hostname:port`), then, inside it and not pooled (else every request would reach one
 * remote workload), ztunnel's own TLS with the final destination, which must prove one of the
 * Service's SANs, and the inner CONNECT to the same authority. The gateway forwards the inner
 * bytes unread. Mirrors ztunnel 1.30.3 src/proxy/outbound.rs proxy_to_double_hbone.
 */
import { hboneConnect, isHboneError } from '../../hbone/connect.ts';
import type { Socket } from '../../net/socket.ts';
import { isTlsError } from '../../tls/errors.ts';
import { secureClient } from '../../tls/handshake.ts';
import { isIdentityError } from '../../tls/identity.ts';
import { ConnectionResult } from './connection-result.ts';
import { copyBidirectional } from './copy.ts';
import {
	type ProxyError,
	h2Failure,
	httpStatus,
	identityFailure,
	isProxyError,
	noHealthyUpstream,
	tlsFailure
} from './errors.ts';
import { CONNECTION_TIMEOUT, type ProxyInputs } from './inputs.ts';
import type { DoubleHboneRequest } from './outbound-gateway.ts';
import { buildBaggage, buildForwarded } from './outbound-headers.ts';
import type { WorkloadHBONEPool } from './pool.ts';
import { workloadIdentity } from './state/proxy-state.ts';
import { peerCertificate } from './traffic.ts';

/** Proxies one captured connection by double HBONE; the access log records how it ended. */
export async function proxyToDoubleHbone(
	pi: ProxyInputs,
	pool: WorkloadHBONEPool,
	stream: Socket,
	req: DoubleHboneRequest
): Promise<void> {
	const result = new ConnectionResult(
		pi,
		stream.remote,
		req.actualDestination,
		req.hboneTargetDestination,
		{
			reporter: 'source',
			source: req.source,
			derivedSourceIdentity: workloadIdentity(req.source),
			destination: req.actualDestinationWorkload,
			destinationService: req.intendedDestinationService,
			securityPolicy: 'mutual_tls'
		}
	);
	const untrack = pi.connectionManager?.trackOutbound({
		src: stream.remote,
		originalDst: stream.local,
		actualDst: req.actualDestination,
		protocol: 'HBONE'
	});
	const error = await doubleHbone(pi, pool, stream, req, result);
	untrack?.();
	if (error) stream.reset();
	result.record(error);
}

async function doubleHbone(
	pi: ProxyInputs,
	pool: WorkloadHBONEPool,
	stream: Socket,
	req: DoubleHboneRequest,
	result: ConnectionResult
): Promise<ProxyError | undefined> {
	// The gateway proves its own identity, the last of the upstream SANs.
	const gatewayId = req.upstreamSans.at(-1);
	const finalId = req.finalSans[0];
	if (!gatewayId || !finalId) return noHealthyUpstream(req.actualDestination);
	const srcId = workloadIdentity(req.source);
	const headers = {
		baggage: buildBaggage(req.source),
		forwarded: buildForwarded(stream.remote, req.intendedDestinationService)
	};
	const outer = await pool.sendRequestPooled(
		{ srcId, dstId: gatewayId, src: stream.remote, dst: req.actualDestination },
		req.hboneTargetDestination,
		headers
	);
	if (isProxyError(outer)) return outer;
	const certs = await pi.secrets.fetchCertificate(srcId);
	if (isIdentityError(certs)) {
		outer.tunnel.reset();
		return identityFailure(certs.message);
	}
	const inner = await secureClient(outer.tunnel, {
		identity: certs,
		trustRoot: pi.trustRoots(),
		expectedPeer: finalId,
		clock: pi.clock,
		handshakeTimeout: CONNECTION_TIMEOUT,
		crypto: pi.crypto
	});
	if (isTlsError(inner)) {
		outer.tunnel.reset();
		return tlsFailure(inner.message);
	}
	result.facts.peerCertificate = peerCertificate(inner.peerCertificate);
	const tunnel = await hboneConnect(inner, req.hboneTargetDestination, headers);
	if (isHboneError(tunnel)) {
		inner.reset();
		return tunnel.status !== undefined ? httpStatus(tunnel.message) : h2Failure(tunnel.message);
	}
	await copyBidirectional(stream, tunnel, result);
	return undefined;
}
