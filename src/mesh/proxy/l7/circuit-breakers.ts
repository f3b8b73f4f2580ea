/**
 * One cluster's HTTP/1.1 connection pool as Envoy accounts for it (source/common/conn_pool/
 * conn_pool_base.cc `newStreamImpl`, `onStreamClosed`; docs: "Circuit breaking", cluster
 * `circuit_breakers`): a request takes an idle ready connection if there is one; otherwise it is
 * queued as *pending* (`upstream_rq_pending_total`) — unless `max_pending_requests` are already
 * pending, when it fails at once with overflow (`upstream_rq_pending_overflow`; the router
 * answers 503 `UO` with `x-envoy-overloaded: true`) — and a new connection is opened if
 * `max_connections` allows (else `upstream_cx_overflow`). A pending request leaves the queue when
 * a connection is ready for it: a new one once connected, or one a finished request frees. A
 * connection that served `max_requests_per_connection` requests is closed. `max_requests` caps
 * the requests in flight (overflow counted the same way).
 *
 * The pool is Envoy's accounting only: on the simulated wire every attempt still opens its own
 * tunnel (upstream.ts), so a "reused" connection costs a connect (README, Simplified).
 */
import type { ConnectionPoolPolicy } from '../../xds/traffic-policy.ts';

/** A logical upstream connection of the pool. */
interface PoolConnection {
	served: number;
	busy: boolean;
	ready: boolean;
}

/** A request that holds a connection of the pool until `release`. */
export interface PoolLease {
	/** The request's connection is established (ends its pending time if it waited for it). */
	connected(): void;
	/** The request is done; `failed`: its connection broke (connect failure or reset). */
	release(failed: boolean): void;
}

export type PoolGrant = { readonly lease: PoolLease } | { readonly overflow: true };

/** Envoy's per-cluster counters and gauges that the pool moves (`/stats` names). */
export interface PoolStats {
	upstream_rq_pending_total: number;
	upstream_rq_pending_overflow: number;
	upstream_rq_pending_failure_eject: number;
	upstream_rq_pending_active: number;
	upstream_cx_overflow: number;
	upstream_rq_active: number;
	upstream_cx_active: number;
}

const UNLIMITED = 0xffff_ffff;

interface Waiter {
	/** Resolves with the connection assigned to it. */
	assign(c: PoolConnection): void;
}

export class ConnectionPool {
	policy: ConnectionPoolPolicy;
	readonly stats: PoolStats = {
		upstream_rq_pending_total: 0,
		upstream_rq_pending_overflow: 0,
		upstream_rq_pending_failure_eject: 0,
		upstream_rq_pending_active: 0,
		upstream_cx_overflow: 0,
		upstream_rq_active: 0,
		upstream_cx_active: 0
	};
	readonly #connections = new Set<PoolConnection>();
	readonly #queue: Waiter[] = [];

	constructor(policy: ConnectionPoolPolicy) {
		this.policy = policy;
	}

	get maxConnections(): number {
		return this.policy.maxConnections ?? UNLIMITED;
	}
	get maxPending(): number {
		return this.policy.maxPendingRequests ?? UNLIMITED;
	}
	get maxRequests(): number {
		return this.policy.maxRequests ?? UNLIMITED;
	}

	/** `circuit_breakers.default.remaining_pending` (Istio sets `track_remaining`). */
	remainingPending(): number {
		return Math.max(0, this.maxPending - this.stats.upstream_rq_pending_active);
	}
	/** `circuit_breakers.default.rq_pending_open`: 1 while the pending queue is full. */
	pendingOpen(): number {
		return this.stats.upstream_rq_pending_active >= this.maxPending ? 1 : 0;
	}
	remainingConnections(): number {
		return Math.max(0, this.maxConnections - this.#connections.size);
	}
	remainingRequests(): number {
		return Math.max(0, this.maxRequests - this.stats.upstream_rq_active);
	}

	/** Asks for a connection: granted (maybe after waiting as pending) or overflow at once. */
	async acquire(): Promise<PoolGrant> {
		if (this.stats.upstream_rq_active >= this.maxRequests) {
			this.stats.upstream_rq_pending_overflow++;
			return { overflow: true };
		}
		const idle = [...this.#connections].find((c) => c.ready && !c.busy);
		if (idle) {
			idle.busy = true;
			this.stats.upstream_rq_active++;
			return { lease: this.#lease(idle, false) };
		}
		if (this.stats.upstream_rq_pending_active >= this.maxPending) {
			this.stats.upstream_rq_pending_overflow++;
			return { overflow: true };
		}
		this.stats.upstream_rq_pending_total++;
		this.stats.upstream_rq_pending_active++;
		this.stats.upstream_rq_active++;
		const conn = this.#open();
		if (conn) {
			conn.busy = true;
			return { lease: this.#lease(conn, true) };
		}
		// No connection may be opened: wait for one a finished request frees or closes.
		const assigned = await new Promise<PoolConnection>((resolve) =>
			this.#queue.push({ assign: resolve })
		);
		return { lease: this.#lease(assigned, !assigned.ready) };
	}

	/** A new (connecting) connection, or undefined at `max_connections`. */
	#open(): PoolConnection | undefined {
		if (this.#connections.size >= this.maxConnections) {
			this.stats.upstream_cx_overflow++;
			return undefined;
		}
		const c: PoolConnection = { served: 0, busy: false, ready: false };
		this.#connections.add(c);
		this.stats.upstream_cx_active = this.#connections.size;
		return c;
	}

	#close(c: PoolConnection): void {
		this.#connections.delete(c);
		this.stats.upstream_cx_active = this.#connections.size;
	}

	/** `pending`: the request is still counted pending until its connection is ready. */
	#lease(c: PoolConnection, pending: boolean): PoolLease {
		let waiting = pending;
		let released = false;
		const endPending = () => {
			if (!waiting) return;
			waiting = false;
			this.stats.upstream_rq_pending_active--;
		};
		if (c.ready) endPending();
		return {
			connected: () => {
				c.ready = true;
				endPending();
			},
			release: (failed) => {
				if (released) return;
				released = true;
				if (waiting && failed) this.stats.upstream_rq_pending_failure_eject++;
				endPending();
				this.stats.upstream_rq_active--;
				c.busy = false;
				c.served++;
				const max = this.policy.maxRequestsPerConnection;
				if (failed || !c.ready || (max !== undefined && c.served >= max)) this.#close(c);
				this.#dispatch(failed || !this.#connections.has(c) ? undefined : c);
			}
		};
	}

	/** Hands a freed connection (or a new one, room allowing) to the first pending request. */
	#dispatch(freed: PoolConnection | undefined): void {
		const next = this.#queue[0];
		if (!next) return;
		const conn = freed ?? this.#open();
		if (!conn) return;
		this.#queue.shift();
		conn.busy = true;
		next.assign(conn);
	}
}
