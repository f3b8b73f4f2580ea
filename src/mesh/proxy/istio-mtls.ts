/**
 * Istio mutual TLS between sidecars over plain TCP (no HBONE): the client offers Istio's ALPN and
 * requires the endpoint's SPIFFE identity; the server's inbound listener tells it from plaintext
 * by that ALPN (tls/inspector.ts). Shared by both engines: L4 (TCP ports) and L7 (HTTP ports).
 * Mirrors pilot/pkg/networking/util ALPNInMeshWithMxc (cluster_tls.go, ISTIO_MUTUAL) and the
 * inbound mTLS filter chain match (pilot/pkg/networking/core/listener_inbound.go).
 */
import type { Clock } from '../clock.ts';
import type { Socket } from '../net/socket.ts';
import type { WorkloadCerts, X509Certificate } from '../tls/certificate.ts';
import { type TlsError } from '../tls/errors.ts';
import { secureClient, secureServer, type ReplayCache } from '../tls/handshake.ts';
import type { SpiffeId } from '../tls/identity.ts';
import type { Inspected } from '../tls/inspector.ts';
import type { SecureStream } from '../tls/stream.ts';
import type { SimMillis } from '../types.ts';

/** The client's offer to an in-mesh cluster with TCP metadata exchange (util.ALPNInMeshWithMxc). */
export const ALPN_IN_MESH_WITH_MXC: readonly string[] = ['istio-peer-exchange', 'istio'];

/** The inbound mTLS filter chain's `application_protocols` match (listener_inbound.go). */
export const INBOUND_MTLS_ALPNS: ReadonlySet<string> = new Set([
	'istio-peer-exchange',
	'istio',
	'istio-http/1.0',
	'istio-http/1.1',
	'istio-h2'
]);

/** Whether the inspected connection goes to the mTLS filter chain: TLS offering Istio's ALPN. */
export const isIstioMtls = (i: Inspected): boolean =>
	i.transportProtocol === 'tls' && i.applicationProtocols.some((p) => INBOUND_MTLS_ALPNS.has(p));

export interface MtlsOptions {
	readonly identity: WorkloadCerts;
	readonly trustRoots: readonly X509Certificate[];
	readonly clock: Clock;
	readonly crypto: Crypto;
	readonly timeout: SimMillis;
}

/** The client side: ISTIO_MUTUAL to an endpoint that must prove `peer` (the SAN check). */
export function originateIstioMtls(
	socket: Socket,
	peer: SpiffeId,
	o: MtlsOptions
): Promise<SecureStream | TlsError> {
	return secureClient(socket, {
		identity: o.identity,
		trustRoot: o.trustRoots,
		expectedPeer: peer,
		clock: o.clock,
		handshakeTimeout: o.timeout,
		crypto: o.crypto,
		alpn: ALPN_IN_MESH_WITH_MXC
	});
}

/** The server side: the pod's certificate, a client certificate of our trust domain required. */
export function terminateIstioMtls(
	socket: Socket,
	trustDomain: string,
	o: MtlsOptions & { readonly replayCache?: ReplayCache }
): Promise<SecureStream | TlsError> {
	return secureServer(socket, {
		identity: o.identity,
		trustRoot: o.trustRoots,
		expectedTrustDomain: trustDomain,
		clock: o.clock,
		handshakeTimeout: o.timeout,
		crypto: o.crypto,
		...(o.replayCache ? { replayCache: o.replayCache } : {})
	});
}
