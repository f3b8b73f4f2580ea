/**
 * Opens the mutually authenticated connection an HBONE request travels on, keyed like
 * ztunnel's pool by (source identity, destination identity, source IP, destination).
 * Mirrors ztunnel src/proxy/pool.rs (WorkloadHBONEPool, WorkloadKey).
 *
 * Real HBONE multiplexes HTTP/2 CONNECT streams on one pooled connection. Our HBONE carries one
 * CONNECT per secure stream (hbone/connect.ts), so there is nothing to share: every request
 * gets its own TCP connection and handshake. The key stays, so the log and a future pool that
 * pre-warms handshakes see the same inputs.
 */
import { isConnectError } from '../../net/socket.ts';
import { isTlsError } from '../../tls/errors.ts';
import { secureClient } from '../../tls/handshake.ts';
import { type SpiffeId, isIdentityError } from '../../tls/identity.ts';
import type { SecureStream } from '../../tls/stream.ts';
import type { SocketAddr } from '../../types.ts';
import { type ProxyError, hboneConnectError, identityFailure, tlsFailure } from './errors.ts';
import { CONNECTION_TIMEOUT, type ProxyInputs } from './inputs.ts';

export interface WorkloadKey {
	readonly srcId: SpiffeId;
	/** The identity we require of the next hop (upstream_sans). */
	readonly dstId: SpiffeId;
	/**
	 * The source pod's address: the connection leaves with it, as ztunnel's sockets in the pod's
	 * network namespace do, so the peer ztunnel and the app see the real client.
	 */
	readonly src: SocketAddr;
	/** The next hop's HBONE address, `<pod ip>:15008`. */
	readonly dst: SocketAddr;
}

export class WorkloadHBONEPool {
	readonly #pi: ProxyInputs;

	constructor(pi: ProxyInputs) {
		this.#pi = pi;
	}

	async connect(key: WorkloadKey): Promise<SecureStream | ProxyError> {
		const pi = this.#pi;
		const certs = await pi.secrets.fetchCertificate(key.srcId);
		if (isIdentityError(certs)) return identityFailure(certs.message);
		const socket = await pi.net.connect(key.dst, {
			source: key.src,
			timeout: CONNECTION_TIMEOUT
		});
		if (isConnectError(socket)) return hboneConnectError(socket);
		const stream = await secureClient(socket, {
			identity: certs,
			trustRoot: pi.trustRoots(),
			expectedPeer: key.dstId,
			clock: pi.clock,
			handshakeTimeout: CONNECTION_TIMEOUT,
			...(pi.crypto ? { crypto: pi.crypto } : {})
		});
		if (isTlsError(stream)) return tlsFailure(stream.message);
		return stream;
	}
}
