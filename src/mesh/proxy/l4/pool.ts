/**
 * HBONE connection pooling: one mutually authenticated HTTP/2 connection per (source identity,
 * destination identity, source IP, destination), reused by every tunnel with the same key, so a
 * handshake is paid once for many requests. A connection is opened when no pooled one for the
 * key can take another stream (none yet, closing, or at POOL_MAX_STREAMS_PER_CONNECTION), and
 * released (GOAWAY, then closed) once it has carried no stream for
 * POOL_UNUSED_RELEASE_TIMEOUT of sim time. Concurrent requests for a new key wait for the same
 * handshake instead of racing their own. The keyed pool itself is hbone/pool.ts (shared with
 * the waypoint); this file says what a key is and how ztunnel opens a connection.
 * Mirrors ztunnel src/proxy/pool.rs (WorkloadHBONEPool, send_request_pooled, the keyed connlock,
 * maybe_checkin_conn's idle timeout) and src/proxy/h2/client.rs (WorkloadKey).
 */
import { type HboneHeaders, type HboneTunnel, isHboneError } from '../../hbone/connect.ts';
import {
	HbonePool,
	POOL_MAX_STREAMS_PER_CONNECTION,
	POOL_UNUSED_RELEASE_TIMEOUT,
	type Opened
} from '../../hbone/pool.ts';
import { isConnectError } from '../../net/socket.ts';
import { isTlsError } from '../../tls/errors.ts';
import { secureClient } from '../../tls/handshake.ts';
import { type SpiffeId, isIdentityError } from '../../tls/identity.ts';
import type { SecureStream } from '../../tls/stream.ts';
import { type SocketAddr, formatAddr } from '../../types.ts';
import {
	type ProxyError,
	h2Failure,
	hboneConnectError,
	httpStatus,
	identityFailure,
	tlsFailure
} from './errors.ts';
import { CONNECTION_TIMEOUT, type ProxyInputs } from './inputs.ts';

export { POOL_MAX_STREAMS_PER_CONNECTION, POOL_UNUSED_RELEASE_TIMEOUT };

export interface WorkloadKey {
	readonly srcId: SpiffeId;
	/** The identity we require of the next hop (upstream_sans). */
	readonly dstId: SpiffeId;
	/**
	 * The source pod's address: the connection leaves with it, as ztunnel's sockets in the pod's
	 * network namespace do, so the peer ztunnel and the app see the real client. Only its IP is
	 * part of the key (a new connection takes the port of the request that opened it).
	 */
	readonly src: SocketAddr;
	/** The next hop's HBONE address, `<pod ip>:15008`. */
	readonly dst: SocketAddr;
}

/** WorkloadKey's Display: `10.244.1.5(spiffe://…/sa/curl)->10.244.2.7:15008[spiffe://…]`. */
export function formatWorkloadKey(k: WorkloadKey): string {
	return `${k.src.ip}(${k.srcId})->${formatAddr(k.dst)}[${k.dstId}]`;
}

/** A pooled tunnel, and whether it needed a new connection (a handshake). */
export interface PooledTunnel {
	readonly tunnel: HboneTunnel<SecureStream>;
	readonly newConnection: boolean;
}

/** ztunnel's pool: keyed by WorkloadKey, connections opened from the pod's network namespace. */
export class WorkloadHBONEPool {
	readonly #pi: ProxyInputs;
	readonly #pool: HbonePool<WorkloadKey, SecureStream, ProxyError>;
	#handshakes = 0;

	constructor(pi: ProxyInputs) {
		this.#pi = pi;
		this.#pool = new HbonePool({
			clock: pi.clock,
			keyOf: formatWorkloadKey,
			open: (key) => this.#open(key)
		});
	}

	/** Connections opened so far (one mTLS handshake each). */
	get handshakes(): number {
		return this.#handshakes;
	}

	/** Open pooled connections, over all keys. */
	get size(): number {
		return this.#pool.size;
	}

	/**
	 * Opens a tunnel to `target` through the pooled connection for `key`, connecting (TCP, then
	 * the mutual handshake) only when none can take the stream.
	 */
	async sendRequestPooled(
		key: WorkloadKey,
		/** An address, or a Service's `hostname:port` (the outer tunnel of double HBONE). */
		target: SocketAddr | string,
		headers: HboneHeaders
	): Promise<PooledTunnel | ProxyError> {
		const sent = await this.#pool.send(key, target, headers);
		if (!('error' in sent)) return sent;
		const e = sent.error;
		if (!isHboneError(e)) return e;
		return e.status !== undefined ? httpStatus(e.message) : h2Failure(e.message);
	}

	/** Closes every pooled connection (GOAWAY; open tunnels finish first). */
	shutdown(): void {
		this.#pool.shutdown();
	}

	async #open(key: WorkloadKey): Promise<Opened<SecureStream, ProxyError>> {
		const pi = this.#pi;
		const certs = await pi.secrets.fetchCertificate(key.srcId);
		if (isIdentityError(certs)) return { error: identityFailure(certs.message) };
		const socket = await pi.net.connect(key.dst, {
			source: key.src,
			timeout: CONNECTION_TIMEOUT
		});
		if (isConnectError(socket)) return { error: hboneConnectError(socket) };
		this.#handshakes++;
		const stream = await secureClient(socket, {
			identity: certs,
			trustRoot: pi.trustRoots(),
			expectedPeer: key.dstId,
			clock: pi.clock,
			handshakeTimeout: CONNECTION_TIMEOUT,
			crypto: pi.crypto
		});
		if (isTlsError(stream)) return { error: tlsFailure(stream.message) };
		return { stream };
	}
}
