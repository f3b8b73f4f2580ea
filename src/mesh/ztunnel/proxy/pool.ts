/**
 * HBONE connection pooling: one mutually authenticated HTTP/2 connection per (source identity,
 * destination identity, source IP, destination), reused by every tunnel with the same key, so a
 * handshake is paid once for many requests. A connection is opened when no pooled one for the
 * key can take another stream (none yet, closing, or at POOL_MAX_STREAMS_PER_CONNECTION), and
 * released (GOAWAY, then closed) once it has carried no stream for
 * POOL_UNUSED_RELEASE_TIMEOUT of sim time. Concurrent requests for a new key wait for the same
 * handshake instead of racing their own.
 * Mirrors ztunnel src/proxy/pool.rs (WorkloadHBONEPool, send_request_pooled, the keyed connlock,
 * maybe_checkin_conn's idle timeout) and src/proxy/h2/client.rs (WorkloadKey).
 */
import type { Cancel } from '../../clock.ts';
import {
	type HboneHeaders,
	type HboneTunnel,
	HboneClient,
	isHboneError
} from '../../hbone/connect.ts';
import { isConnectError } from '../../net/socket.ts';
import { isTlsError } from '../../tls/errors.ts';
import { secureClient } from '../../tls/handshake.ts';
import { type SpiffeId, isIdentityError } from '../../tls/identity.ts';
import type { SecureStream } from '../../tls/stream.ts';
import { type SocketAddr, formatAddr, ms } from '../../types.ts';
import {
	type ProxyError,
	h2Failure,
	hboneConnectError,
	httpStatus,
	identityFailure,
	tlsFailure
} from './errors.ts';
import { CONNECTION_TIMEOUT, type ProxyInputs } from './inputs.ts';

/** ztunnel config.rs DEFAULT_POOL_UNUSED_RELEASE_TIMEOUT: 5 minutes. */
export const POOL_UNUSED_RELEASE_TIMEOUT = ms(5 * 60 * 1000);
/** ztunnel config.rs DEFAULT_POOL_MAX_STREAMS_PER_CONNECTION. */
export const POOL_MAX_STREAMS_PER_CONNECTION = 100;

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

/** One pooled connection and its idle timer. */
interface Pooled {
	readonly client: HboneClient<SecureStream>;
	idle: Cancel | undefined;
}

/** A pooled tunnel, and whether it needed a new connection (a handshake). */
export interface PooledTunnel {
	readonly tunnel: HboneTunnel<SecureStream>;
	readonly newConnection: boolean;
}

export class WorkloadHBONEPool {
	readonly #pi: ProxyInputs;
	readonly #conns = new Map<string, Pooled[]>();
	/** A handshake under way per key: later requests for the key wait for it (connlock). */
	readonly #connecting = new Map<string, Promise<Pooled | ProxyError>>();
	#handshakes = 0;

	constructor(pi: ProxyInputs) {
		this.#pi = pi;
	}

	/** Connections opened so far (one mTLS handshake each). */
	get handshakes(): number {
		return this.#handshakes;
	}

	/** Open pooled connections, over all keys. */
	get size(): number {
		let n = 0;
		for (const list of this.#conns.values()) n += list.length;
		return n;
	}

	/**
	 * Opens a tunnel to `target` through the pooled connection for `key`, connecting (TCP, then
	 * the mutual handshake) only when none can take the stream.
	 */
	async sendRequestPooled(
		key: WorkloadKey,
		target: SocketAddr,
		headers: HboneHeaders,
		retries = POOL_MAX_STREAMS_PER_CONNECTION
	): Promise<PooledTunnel | ProxyError> {
		const k = formatWorkloadKey(key);
		let pooled = this.#checkout(k);
		let newConnection = false;
		if (!pooled) {
			let pending = this.#connecting.get(k);
			if (!pending) {
				newConnection = true;
				pending = this.#open(k, key);
				this.#connecting.set(k, pending);
				void pending.finally(() => this.#connecting.delete(k));
			}
			const opened = await pending;
			if ('type' in opened) return opened;
			// A waiter may find it full or gone; then it queues behind a connection of its own.
			const taken = !opened.client.usable || this.#full(opened);
			if (!newConnection && taken) return this.sendRequestPooled(key, target, headers, retries);
			pooled = opened;
		}
		pooled.idle?.();
		pooled.idle = undefined;
		const tunnel = await pooled.client.connect(target, headers);
		// A peer that takes one tunnel per connection refuses the next (GOAWAY + REFUSED_STREAM);
		// HTTP/2 allows the retry (nothing was processed), which lands on a new connection. Each
		// refusal means another stream got through, so the retries end.
		if (isHboneError(tunnel) && tunnel.refused && retries > 0) {
			this.#remove(k, pooled);
			return this.sendRequestPooled(key, target, headers, retries - 1);
		}
		if (isHboneError(tunnel)) {
			return tunnel.status !== undefined ? httpStatus(tunnel.message) : h2Failure(tunnel.message);
		}
		return { tunnel, newConnection };
	}

	/** Closes every pooled connection (GOAWAY; open tunnels finish first). */
	shutdown(): void {
		for (const list of this.#conns.values()) for (const p of list) p.client.close();
		this.#conns.clear();
	}

	#full(p: Pooled): boolean {
		return p.client.activeStreams + 1 > POOL_MAX_STREAMS_PER_CONNECTION;
	}

	#checkout(k: string): Pooled | undefined {
		const list = this.#conns.get(k) ?? [];
		return list.find((p) => p.client.usable && !this.#full(p));
	}

	async #open(k: string, key: WorkloadKey): Promise<Pooled | ProxyError> {
		const pi = this.#pi;
		const certs = await pi.secrets.fetchCertificate(key.srcId);
		if (isIdentityError(certs)) return identityFailure(certs.message);
		const socket = await pi.net.connect(key.dst, {
			source: key.src,
			timeout: CONNECTION_TIMEOUT
		});
		if (isConnectError(socket)) return hboneConnectError(socket);
		this.#handshakes++;
		const stream = await secureClient(socket, {
			identity: certs,
			trustRoot: pi.trustRoots(),
			expectedPeer: key.dstId,
			clock: pi.clock,
			handshakeTimeout: CONNECTION_TIMEOUT,
			...(pi.crypto ? { crypto: pi.crypto } : {})
		});
		if (isTlsError(stream)) return tlsFailure(stream.message);
		const pooled: Pooled = {
			client: new HboneClient(stream, {
				onActivity: (active) => {
					if (active === 0) this.#startIdle(k, pooled);
				}
			}),
			idle: undefined
		};
		const list = this.#conns.get(k) ?? [];
		list.push(pooled);
		this.#conns.set(k, list);
		void pooled.client.done.then(() => this.#remove(k, pooled));
		this.#startIdle(k, pooled);
		return pooled;
	}

	/** maybe_checkin_conn: an unused connection leaves the pool after the release timeout. */
	#startIdle(k: string, p: Pooled): void {
		p.idle?.();
		if (!p.client.usable) {
			p.idle = undefined;
			return;
		}
		p.idle = this.#pi.clock.after(POOL_UNUSED_RELEASE_TIMEOUT, () => {
			p.idle = undefined;
			if (p.client.activeStreams > 0) return;
			this.#remove(k, p);
			p.client.close();
		});
	}

	#remove(k: string, p: Pooled): void {
		p.idle?.();
		p.idle = undefined;
		const list = (this.#conns.get(k) ?? []).filter((x) => x !== p);
		if (list.length > 0) this.#conns.set(k, list);
		else this.#conns.delete(k);
	}
}
