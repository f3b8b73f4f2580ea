/**
 * The inbound connections a ztunnel has open, each with the RBAC context it was allowed under,
 * so that a policy update re-checks them and closes those no longer allowed (their access log
 * says `connection closed due to policy change`, then the manager logs why).
 * Mirrors ztunnel src/proxy/connection_manager.rs (ConnectionManager, PolicyWatcher) and
 * src/state.rs ProxyRbacContext's Display.
 */
import type { Socket } from '../../net/socket.ts';
import { formatAddr, type SocketAddr } from '../../types.ts';
import { type RbacConnection, assertRbac } from './rbac.ts';
import type { ProxyState } from './state/proxy-state.ts';
import type { Workload } from '../../xds/workload-api.ts';
import type { ConnectionResult } from './connection-result.ts';
import { copyBidirectional } from './copy.ts';
import { lateRejection } from './errors.ts';
import type { ProxyInputs } from './inputs.ts';

export interface InboundConnection {
	/** What policy saw when the connection was allowed. */
	readonly ctx: RbacConnection;
	/** The destination workload: its policies decide, its uid is logged. */
	readonly dest: Workload;
	/** The `host=` of the client's `forwarded` header (inbound.rs `for_host`), when sent. */
	readonly destService?: string;
	/** Drains it: both sides reset; resolves once its access log is written. */
	close(): Promise<void>;
}

/** ProxyRbacContext's Display: `<src>(<identity or None>)-><dst> (<workload uid>)`. */
export function formatRbacContext(c: InboundConnection): string {
	const { src, srcIdentity, dst } = c.ctx;
	return `${formatAddr(src)}(${srcIdentity ?? 'None'})->${formatAddr(dst)} (${c.dest.uid})`;
}

/** An outbound connection while it is proxied (connection_manager.rs OutboundConnection). */
export interface OutboundConnection {
	readonly src: SocketAddr;
	readonly originalDst: SocketAddr;
	readonly actualDst: SocketAddr;
	readonly protocol: 'HBONE' | 'TCP';
}

export class ConnectionManager {
	readonly #conns = new Set<InboundConnection>();
	readonly #outbound = new Set<OutboundConnection>();

	/** track_outbound: held until the returned release is called. */
	trackOutbound(c: OutboundConnection): () => void {
		this.#outbound.add(c);
		return () => {
			this.#outbound.delete(c);
		};
	}

	outbound(): OutboundConnection[] {
		return [...this.#outbound];
	}

	/** Registers an allowed connection; call the result when it ends. */
	track(c: InboundConnection): () => void {
		this.#conns.add(c);
		return () => {
			this.#conns.delete(c);
		};
	}

	connections(): InboundConnection[] {
		return [...this.#conns];
	}
}

/**
 * PolicyWatcher's reaction to a push: every tracked connection that `state` no longer allows is
 * closed, then logged with `log`. Resolves with how many were closed.
 */
export async function closeDisallowed(
	cm: ConnectionManager,
	state: ProxyState,
	log: (message: string) => void
): Promise<number> {
	let closed = 0;
	for (const conn of cm.connections()) {
		// The destination as the new config describes it (its policy list may have changed).
		const dest = state.workloadByUid(conn.dest.uid) ?? conn.dest;
		if (!assertRbac(state.policiesFor(dest), conn.ctx)) continue;
		closed++;
		await conn.close();
		log(
			`connection ${formatRbacContext(conn)} closed because it's no longer allowed after a policy update`
		);
	}
	return closed;
}

/**
 * Splices an allowed inbound connection while the manager tracks it, and records its result: a
 * close by the PolicyWatcher ends it as `connection closed due to policy change` (handle_connection!).
 */
export async function handleConnection(
	pi: Pick<ProxyInputs, 'connectionManager'>,
	conn: Omit<InboundConnection, 'close'>,
	downstream: Socket,
	upstream: Socket,
	result: ConnectionResult
): Promise<void> {
	let lateRejected = false;
	let recorded = (): void => undefined;
	const finished = new Promise<void>((resolve) => (recorded = resolve));
	const release = pi.connectionManager?.track({
		...conn,
		close() {
			lateRejected = true;
			downstream.reset();
			upstream.reset();
			return finished;
		}
	});
	await copyBidirectional(downstream, upstream, result);
	release?.();
	result.record(lateRejected ? lateRejection() : undefined);
	recorded();
}
