/**
 * istiod's ambient side as a server: proxies connect to 15012 and subscribe (a ztunnel with its
 * node, a sidecar's or a Gateway proxy's pilot-agent with its pod), get a config now and on every
 * change (ztunnels and sidecars the workload API, a waypoint or ingress gateway its Gateway's
 * WaypointConfig), ACK it, and send CSRs for the identities they may hold.
 * Mirrors pilot/pkg/xds (delta ADS connections, pushes) and security/pkg/server/ca/server.go
 * (CreateCertificate with the node authorizer): a ztunnel may only get the identities of pods
 * scheduled on its own node. Every connection is TLS first: istiod presents its DNS serving
 * certificate and asks for none (callers have no certificate before their first CSR).
 * Its parts share a `DiscoveryServer` (`discovery-server.ts`): `ads-stream.ts` (handshake and
 * receive loop), `ads-subscribe.ts` (a proxy's first request), `ads-push.ts` (pushes) and
 * `ca-server.ts` (CSRs). This file wires them into the `Istiod` contract.
 */
import type { Listener, ListenError, NetStack, Socket } from '../net/socket.ts';
import { XDS_PORT } from '../xds/protocol.ts';
import { adsPushAll } from './ads-push.ts';
import { serveConnection } from './ads-stream.ts';
import { type IstiodOptions, globalPushContext, newDiscoveryServer } from './discovery-server.ts';
import type { PushRequest } from './informer-cache.ts';
import type { MeshState } from './push.ts';
import type { SyncStatus } from './syncz.ts';
import { type DebugResponse, handleDebug } from './debug.ts';

export type { IstiodLogger, IstiodLogLevel, IstiodOptions } from './discovery-server.ts';

export interface ZtunnelConnection {
	/** The proxy id, `ztunnel-x7k2p.istio-system`. */
	readonly proxyId: string;
	readonly node: string;
	/** The version last sent on this connection. */
	readonly version: number;
}

export interface Istiod {
	/** Serves the xDS/CA protocol on `net` port 15012. */
	listen(net: NetStack): Listener | ListenError;
	/**
	 * Serves one accepted connection: the TLS handshake, then the stream (what `listen` does per
	 * connection; tests call it directly).
	 */
	accept(socket: Socket): void;
	/**
	 * The cluster changed: recompute what `request` touched (everything without one), and push
	 * to every proxy whose config changed.
	 */
	notify(request?: PushRequest): void;
	/** The mesh as last computed (statuses for AuthorizationPolicies, istioctl views). */
	state(): MeshState;
	readonly version: number;
	connections(): readonly ZtunnelConnection[];
	/** `/debug/syncz`: each connected proxy's sent and ACKed nonces per xDS type. */
	syncz(namespace?: string): SyncStatus[];
	/** A request to the debug mux on 15014 (`debug.ts`); undefined for a path it does not serve. */
	debug(path: string, query: string): DebugResponse | undefined;
	/** Stops listening and resets every connection. */
	close(): void;
}

export function createIstiod(options: IstiodOptions): Istiod {
	const ds = newDiscoveryServer(options);
	const listeners: Listener[] = [];
	return {
		listen(net) {
			const l = net.listen(XDS_PORT, (socket) => void serveConnection(ds, socket));
			if ('close' in l) listeners.push(l);
			return l;
		},
		accept: (socket) => void serveConnection(ds, socket),
		notify: (request) => adsPushAll(ds, request),
		state: () => globalPushContext(ds),
		get version() {
			globalPushContext(ds);
			return ds.version;
		},
		syncz: (namespace) => ds.sync.syncz(namespace),
		debug: (path, query) => handleDebug(ds, path, query),
		connections: () =>
			[...ds.conns]
				.filter((c) => c.node !== undefined && c.proxyId !== undefined)
				.map((c) => ({ proxyId: c.proxyId ?? '', node: c.node ?? '', version: c.version })),
		close() {
			for (const l of listeners.splice(0)) l.close();
			for (const c of ds.conns) c.socket.reset();
			ds.conns.clear();
		}
	};
}
