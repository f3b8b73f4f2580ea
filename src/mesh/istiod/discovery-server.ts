/**
 * What istiod's xDS parts share: the options it was built with, its connections, the push
 * version and counters, and the mesh as last computed. Mirrors pilot/pkg/xds/discovery.go
 * (`DiscoveryServer`: `adsClients`, `globalPushContext`) and ads.go's `Connection`. The parts
 * that use it: `ads-stream.ts` (one stream), `ads-subscribe.ts` (a proxy's first request),
 * `ads-push.ts` (pushes) and `ca-server.ts` (CSRs).
 */
import type { Socket } from '../net/socket.ts';
import type { WorkloadCerts } from '../tls/certificate.ts';
import { type SimMillis, ms } from '../types.ts';
import type { IstiodMessage, NodeMetadata } from '../xds/protocol.ts';
import { encodeFrame } from '../xds/protocol.ts';
import type { AddressDelta } from './address-delta.ts';
import { AmbientIndex } from './ambient-index.ts';
import type { IstioCa } from './ca.ts';
import type { MeshState } from './push.ts';
import type { ClusterSnapshot } from './snapshot.ts';
import { type NodeType, type ProxyInfo, SyncTracker } from './syncz.ts';

export type IstiodLogLevel = 'info' | 'warn' | 'error' | 'debug';

/** One istiod log line: pkg/log's level, scope (`ads`, `delta`, `serverca`) and message. */
export type IstiodLogger = (level: IstiodLogLevel, scope: string, message: string) => void;

export interface IstiodOptions {
	readonly ca: IstioCa;
	/** The cluster as istiod's informers see it, read on every push and CSR. */
	readonly snapshot: () => ClusterSnapshot;
	readonly onLog?: IstiodLogger;
	/** Sim time, for when each push went out (`istioctl proxy-status`); 0 when absent. */
	readonly now?: () => SimMillis;
	/** istiod's DNS serving certificate for 15012, as last (re)issued (certcontroller.go). */
	readonly servingCert: () => WorkloadCerts;
	/** The host's WebCrypto (so the runtime tracks handshakes). */
	readonly crypto: Crypto;
}

/** One proxy's stream (ads.go `Connection`): who it is once subscribed, and what it was sent. */
export interface Connection {
	readonly socket: Socket;
	readonly id: string;
	/** When the stream was accepted (`/debug/connections`). */
	readonly connectedAt: SimMillis;
	node: string | undefined;
	proxyId: string | undefined;
	/** Set for a sidecar's or a Gateway proxy's pilot-agent: the one pod it serves. */
	agent: { readonly pod: string; readonly namespace: string } | undefined;
	/** Set for a sidecar: its pushes carry the pod's Telemetry. */
	sidecar: boolean;
	/** Set for a Gateway proxy: the Gateway whose config it takes. */
	gateway: string | undefined;
	/** Set for a classic router (istio-ingressgateway): its config follows the
	 * networking.istio.io Gateways selecting its pod. */
	router: boolean;
	/** The last whole config sent (JSON), to skip one that would change nothing. */
	lastSent: string | undefined;
	version: number;
	/** A ztunnel's: the mesh state its last push brought it up to (its deltas start there). */
	addresses: MeshState | undefined;
	/** A ztunnel NACKed: its next push is the whole state again. */
	needsFull: boolean;
}

/** The last push's step for ztunnels: `from` → `to`, said by `delta` (undefined: whole only). */
export interface AddressStep {
	readonly from: MeshState | undefined;
	readonly to: MeshState;
	readonly delta: AddressDelta | undefined;
	/** The delta as sent (JSON), serialized once for every ztunnel. */
	json?: string;
}

/** istiod's xDS server state, shared by its parts (discovery.go `DiscoveryServer`). */
export interface DiscoveryServer {
	readonly options: IstiodOptions;
	readonly log: IstiodLogger;
	readonly now: () => SimMillis;
	/** Every open stream, subscribed or not (`adsClients`). */
	readonly conns: Set<Connection>;
	readonly sync: SyncTracker;
	/** The mesh as last computed (`globalPushContext`); undefined until first asked for. */
	mesh: MeshState | undefined;
	/** The ambient index that computes it, per push only what changed (`ambient-index.ts`). */
	readonly index: AmbientIndex;
	/** What the last push changed for ztunnels. */
	lastStep: AddressStep | undefined;
	/** The push version: 1 once the mesh is first computed, +1 per push that changed something. */
	version: number;
	pushCounter: number;
	nonceCounter: number;
	connCounter: number;
}

export function newDiscoveryServer(options: IstiodOptions): DiscoveryServer {
	return {
		options,
		log: options.onLog ?? (() => {}),
		now: options.now ?? (() => ms(0)),
		conns: new Set(),
		sync: new SyncTracker(),
		mesh: undefined,
		index: new AmbientIndex(),
		lastStep: undefined,
		version: 0,
		pushCounter: 0,
		nonceCounter: 0,
		connCounter: 0
	};
}

/** The mesh as last computed, computing it (version 1) on first use. */
export function globalPushContext(ds: DiscoveryServer): MeshState {
	if (!ds.mesh) {
		ds.mesh = ds.index.update(ds.options.snapshot).mesh;
		ds.version = 1;
	}
	return ds.mesh;
}

/** ads.go `newConnection`: an accepted stream, not yet subscribed. */
export function newConnection(ds: DiscoveryServer, socket: Socket): Connection {
	return {
		socket,
		id: String(++ds.connCounter),
		connectedAt: ds.now(),
		node: undefined,
		proxyId: undefined,
		agent: undefined,
		sidecar: false,
		gateway: undefined,
		router: false,
		lastSent: undefined,
		version: 0,
		addresses: undefined,
		needsFull: false
	};
}

export function send(conn: Connection, message: IstiodMessage): void {
	conn.socket.write(encodeFrame(message));
}

/** The node id and metadata a proxy connected with, as istiod's Proxy holds them. */
export function proxyInfo(
	proxyId: string,
	type: NodeType,
	namespace: string,
	metadata: NodeMetadata = {}
): ProxyInfo {
	return {
		proxyId,
		type,
		namespace: metadata['NAMESPACE'] ?? namespace,
		...(metadata['CLUSTER_ID'] ? { clusterId: metadata['CLUSTER_ID'] } : {}),
		...(metadata['ISTIO_VERSION'] ? { istioVersion: metadata['ISTIO_VERSION'] } : {})
	};
}
