/**
 * HBONE connection pooling, shared by the proxies that originate HBONE (ztunnel's outbound and
 * the waypoint's `connect_originate`): one mutually authenticated HTTP/2 connection per key,
 * reused by every tunnel with the same key, so a handshake is paid once for many requests. A
 * connection is opened when no pooled one for the key can take another stream (none yet,
 * closing, or at `maxStreams`), and released (GOAWAY, then closed) once it has carried no stream
 * for `idleTimeout` of sim time. Concurrent requests for a new key wait for the same handshake
 * instead of racing their own. What a key means and how a connection is opened (TCP, then the
 * mutual handshake) is the caller's: ztunnel keys by WorkloadKey, a waypoint by its upstream.
 * Mirrors ztunnel src/proxy/pool.rs (WorkloadHBONEPool, send_request_pooled, the keyed connlock,
 * maybe_checkin_conn's idle timeout); Envoy's upstream HTTP/2 connection pool plays this role
 * in a waypoint.
 */
import type { Cancel, Clock } from '../clock.ts';
import type { Socket } from '../net/socket.ts';
import { type SimMillis, type SocketAddr, ms } from '../types.ts';
import {
	type HboneError,
	type HboneHeaders,
	type HboneTunnel,
	HboneClient,
	isHboneError
} from './connect.ts';

/** ztunnel config.rs DEFAULT_POOL_UNUSED_RELEASE_TIMEOUT: 5 minutes. */
export const POOL_UNUSED_RELEASE_TIMEOUT = ms(5 * 60 * 1000);
/** ztunnel config.rs DEFAULT_POOL_MAX_STREAMS_PER_CONNECTION. */
export const POOL_MAX_STREAMS_PER_CONNECTION = 100;

/** A new connection's stream (after the handshake), or why there is none. */
export type Opened<S, E> = { readonly stream: S } | { readonly error: E };

export interface HbonePoolOptions<K, S extends Socket, E> {
	readonly clock: Clock;
	/** The key's identity in the pool: connections are shared by equal strings. */
	keyOf(key: K): string;
	/** Opens one connection for `key`: TCP, then the mutual handshake. */
	open(key: K): Promise<Opened<S, E>>;
	readonly maxStreams?: number;
	readonly idleTimeout?: SimMillis;
}

/** A pooled tunnel, and whether it needed a new connection (a handshake). */
export interface PooledTunnel<S extends Socket> {
	readonly tunnel: HboneTunnel<S>;
	readonly newConnection: boolean;
}

/** Why a pooled request failed: opening the connection (E) or the CONNECT itself. */
export type PoolFailure<E> = { readonly error: E } | { readonly error: HboneError };

/** One pooled connection and its idle timer. */
interface Pooled<S extends Socket> {
	readonly client: HboneClient<S>;
	idle: Cancel | undefined;
}

export class HbonePool<K, S extends Socket, E> {
	readonly #opts: HbonePoolOptions<K, S, E>;
	readonly #max: number;
	readonly #conns = new Map<string, Pooled<S>[]>();
	/** A handshake under way per key: later requests for the key wait for it (connlock). */
	readonly #connecting = new Map<string, Promise<Pooled<S> | { readonly error: E }>>();

	constructor(options: HbonePoolOptions<K, S, E>) {
		this.#opts = options;
		this.#max = options.maxStreams ?? POOL_MAX_STREAMS_PER_CONNECTION;
	}

	/** Open pooled connections, over all keys. */
	get size(): number {
		let n = 0;
		for (const list of this.#conns.values()) n += list.length;
		return n;
	}

	/**
	 * Opens a tunnel to `target` through the pooled connection for `key`, connecting only when
	 * none can take the stream.
	 */
	async send(
		key: K,
		target: SocketAddr | string,
		headers: HboneHeaders,
		retries = this.#max
	): Promise<PooledTunnel<S> | PoolFailure<E>> {
		const k = this.#opts.keyOf(key);
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
			if ('error' in opened) return opened;
			// A waiter may find it full or gone; then it queues behind a connection of its own.
			const taken = !opened.client.usable || this.#full(opened);
			if (!newConnection && taken) return this.send(key, target, headers, retries);
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
			return this.send(key, target, headers, retries - 1);
		}
		if (isHboneError(tunnel)) return { error: tunnel };
		return { tunnel, newConnection };
	}

	/** Closes every pooled connection (GOAWAY; open tunnels finish first). */
	shutdown(): void {
		for (const list of this.#conns.values()) for (const p of list) p.client.close();
		this.#conns.clear();
	}

	#full(p: Pooled<S>): boolean {
		return p.client.activeStreams + 1 > this.#max;
	}

	#checkout(k: string): Pooled<S> | undefined {
		const list = this.#conns.get(k) ?? [];
		return list.find((p) => p.client.usable && !this.#full(p));
	}

	async #open(k: string, key: K): Promise<Pooled<S> | { readonly error: E }> {
		const opened = await this.#opts.open(key);
		if ('error' in opened) return opened;
		const pooled: Pooled<S> = {
			client: new HboneClient(opened.stream, {
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
	#startIdle(k: string, p: Pooled<S>): void {
		p.idle?.();
		if (!p.client.usable) {
			p.idle = undefined;
			return;
		}
		p.idle = this.#opts.clock.after(this.#opts.idleTimeout ?? POOL_UNUSED_RELEASE_TIMEOUT, () => {
			p.idle = undefined;
			if (p.client.activeStreams > 0) return;
			this.#remove(k, p);
			p.client.close();
		});
	}

	#remove(k: string, p: Pooled<S>): void {
		p.idle?.();
		p.idle = undefined;
		const list = (this.#conns.get(k) ?? []).filter((x) => x !== p);
		if (list.length > 0) this.#conns.set(k, list);
		else this.#conns.delete(k);
	}
}
