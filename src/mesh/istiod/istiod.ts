/**
 * istiod's ambient side as a server: proxies connect to 15012 and subscribe (a ztunnel with its
 * node, a sidecar's or a Gateway proxy's pilot-agent with its pod), get a config now and on every
 * change (ztunnels and sidecars the workload API, a waypoint or ingress gateway its Gateway's
 * WaypointConfig), ACK it, and send CSRs for the identities they may hold.
 * Mirrors pilot/pkg/xds (delta ADS connections, pushes) and security/pkg/server/ca/server.go
 * (CreateCertificate with the node authorizer): a ztunnel may only get the identities of pods
 * scheduled on its own node. Every connection is TLS first: istiod presents its DNS serving
 * certificate and asks for none (callers have no certificate before their first CSR).
 */
import type { Listener, ListenError, NetStack, Socket } from '../net/socket.ts';
import type { WorkloadCerts } from '../tls/certificate.ts';
import { isTlsError } from '../tls/errors.ts';
import { serverAuthServer } from '../tls/handshake.ts';
import { formatSpiffeId, type SpiffeId } from '../tls/identity.ts';
import { type IstioCa, isCaError } from './ca.ts';
import {
	type MeshState,
	changedConfigs,
	computeMeshState,
	debounceLine,
	policyPushLine,
	pushLine,
	sidecarPushLine,
	ztunnelConfigFor
} from './push.ts';
import { isAddressablePod } from './services.ts';
import { type ClusterSnapshot, rootNamespaceOf, trustDomainOf } from './snapshot.ts';
import {
	FrameReader,
	type IstiodMessage,
	type ProxyMessage,
	XDS_PORT,
	encodeFrame,
	isXdsProtocolError,
	readProxyMessage
} from '../xds/protocol.ts';
import { type SimMillis, ms } from '../types.ts';
import type { NodeMetadata } from '../xds/protocol.ts';
import type { WaypointConfig } from '../xds/waypoint-config.ts';
import type { SidecarConfig } from '../xds/sidecar-config.ts';
import type { ZtunnelConfig } from '../xds/workload-api.ts';
import { sidecarHttpConfig } from './sidecar-config.ts';
import { type NodeType, type ProxyInfo, type SyncStatus, SyncTracker, TYPE_URL } from './syncz.ts';
import { GATEWAY_NAME_LABEL } from './waypoints.ts';
import { envoyAccessLogging } from './telemetry.ts';

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
	/** The cluster changed: recompute, and push to every ztunnel whose config changed. */
	notify(): void;
	/** The mesh as last computed (statuses for AuthorizationPolicies, istioctl views). */
	state(): MeshState;
	readonly version: number;
	connections(): readonly ZtunnelConnection[];
	/** `/debug/syncz`: each connected proxy's sent and ACKed nonces per xDS type. */
	syncz(namespace?: string): SyncStatus[];
	/** Stops listening and resets every connection. */
	close(): void;
}

interface Conn {
	readonly socket: Socket;
	readonly id: string;
	node: string | undefined;
	proxyId: string | undefined;
	/** Set for a sidecar's or a Gateway proxy's pilot-agent: the one pod it serves. */
	agent: { readonly pod: string; readonly namespace: string } | undefined;
	/** Set for a sidecar: its pushes carry the pod's Telemetry. */
	sidecar: boolean;
	/** Set for a Gateway proxy: the Gateway whose config it takes. */
	gateway: string | undefined;
	lastSent: string | undefined;
	version: number;
}

/** What an Envoy (sidecar, ingress gateway) watches: the legacy four (syncz, proxy-status). */
const ENVOY_TYPES: readonly string[] = [TYPE_URL.CDS, TYPE_URL.LDS, TYPE_URL.EDS, TYPE_URL.RDS];

/** The node id and metadata a proxy connected with, as istiod's Proxy holds them. */
function proxyInfo(
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

/** Delta xDS's DebounceAfter default: pushes show this as their quiet time. */
const DEBOUNCE_MS = 100.2;

export function createIstiod(options: IstiodOptions): Istiod {
	const log: IstiodLogger = options.onLog ?? (() => {});
	const conns = new Set<Conn>();
	const listeners: Listener[] = [];
	let mesh: MeshState | undefined;
	let version = 0;
	let pushCounter = 0;
	let connCounter = 0;
	const sync = new SyncTracker();
	let nonceCounter = 0;
	const now = options.now ?? (() => ms(0));

	function current(): MeshState {
		if (!mesh) {
			mesh = computeMeshState(options.snapshot());
			version = 1;
		}
		return mesh;
	}

	function send(conn: Conn, message: IstiodMessage): void {
		conn.socket.write(encodeFrame(message));
	}

	/**
	 * A sidecar's push also says whether its Envoy logs access (the Telemetry API) and carries
	 * what its HTTP filters need: protocols, routes, its pod's L7 policies.
	 */
	function withSidecarConfig(conn: Conn, config: ZtunnelConfig): SidecarConfig {
		if (!conn.sidecar || !conn.agent) return config;
		const { pod, namespace } = conn.agent;
		const snapshot = options.snapshot();
		const found = snapshot.pods.find(
			(p) => p.metadata.name === pod && p.metadata.namespace === namespace
		);
		const accessLogging = envoyAccessLogging(
			{ namespace, labels: found?.metadata.labels ?? {} },
			snapshot.telemetries ?? [],
			rootNamespaceOf(snapshot),
			snapshot.accessLogFile
		);
		if (!found) return { ...config, accessLogging };
		return { ...config, accessLogging, http: sidecarHttpConfig(snapshot, found, config.services) };
	}

	/** The connection's config at this version: its node's, its pod's or its Gateway's. */
	function configFor(conn: Conn, node: string): ZtunnelConfig | WaypointConfig | undefined {
		const mesh = current();
		if (conn.gateway === undefined || !conn.agent) {
			return withSidecarConfig(conn, ztunnelConfigFor(node, mesh, version));
		}
		const [name, namespace] = [conn.gateway, conn.agent.namespace];
		const found = mesh.waypoints.find(
			(w) => w.gateway.name === name && w.gateway.namespace === namespace
		);
		// No config until the Gateway is programmed: Envoy waits, its readiness says why.
		return found && { ...found, version };
	}

	/** Sends the connection's config when it differs from what it has. */
	function pushTo(conn: Conn, kind: 'PUSH' | 'PUSH request'): void {
		if (conn.node === undefined || conn.proxyId === undefined) return;
		const config = configFor(conn, conn.node);
		if (!config) return;
		const body = JSON.stringify({ ...config, version: 0 });
		if (body === conn.lastSent) return;
		conn.lastSent = body;
		conn.version = version;
		// Deterministic stand-in for istiod's `<push version><uuid>` nonce.
		const nonce = `${version}-${(++nonceCounter).toString(16).padStart(8, '0')}`;
		sync.sent(conn.id, nonce, now());
		if ('gateway' in config) {
			send(conn, { type: 'waypoint-config', config, nonce });
			log('info', 'ads', sidecarPushLine(conn.proxyId, config, kind));
			return;
		}
		send(conn, { type: 'config', config, nonce });
		if (conn.sidecar) {
			log('info', 'ads', sidecarPushLine(conn.proxyId, config, kind));
			return;
		}
		log('info', 'delta', pushLine(conn.proxyId, config, kind));
		log('info', 'delta', policyPushLine(conn.proxyId, config, kind));
	}

	function notify(): void {
		const prev = mesh;
		const next = computeMeshState(options.snapshot());
		const changed = changedConfigs(prev, next);
		mesh = next;
		if (prev !== undefined && changed.length === 0) return;
		version++;
		pushCounter++;
		const subscribed = [...conns].filter((c) => c.node !== undefined);
		log('info', 'ads', debounceLine(pushCounter, changed, DEBOUNCE_MS));
		log(
			'info',
			'ads',
			`XDS: Pushing Services:${next.services.length} ConnectedEndpoints:${subscribed.length} Version:${version}`
		);
		for (const c of subscribed) pushTo(c, 'PUSH');
	}

	function subscribe(
		conn: Conn,
		node: string,
		ztunnel: string,
		metadata: Readonly<Record<string, string>> = {}
	): void {
		const snapshot = options.snapshot();
		const pod = snapshot.pods.find(
			(p) => p.metadata.name === ztunnel && p.metadata.namespace === rootNamespaceOf(snapshot)
		);
		if (!pod || pod.spec.nodeName !== node) {
			log('warn', 'ads', `ADS: authentication failed for ${ztunnel} on node ${node}`);
			send(conn, { type: 'error', id: '', message: 'authentication failure' });
			conn.socket.end();
			return;
		}
		conn.node = node;
		conn.proxyId = `${ztunnel}.${rootNamespaceOf(snapshot)}`;
		const info = proxyInfo(conn.proxyId, 'ztunnel', rootNamespaceOf(snapshot), metadata);
		sync.connect(conn.id, info, [TYPE_URL.WDS, TYPE_URL.WADS]);
		log('info', 'delta', `ADS: new delta connection for node:${conn.proxyId}-${conn.id}`);
		pushTo(conn, 'PUSH request');
	}

	function refuse(conn: Conn, why: string): void {
		log('warn', 'ads', why);
		send(conn, { type: 'error', id: '', message: 'authentication failure' });
		conn.socket.end();
	}

	/**
	 * pilot-agent speaks for its own pod only, which must be on `node`: the connection is then
	 * that pod's, with the node's pushes and the pod's service account for CSRs.
	 */
	function subscribeAgent(
		conn: Conn,
		m: Extract<ProxyMessage, { type: 'subscribe-sidecar' | 'subscribe-gateway' }>
	): void {
		const pod = options
			.snapshot()
			.pods.find((p) => p.metadata.name === m.pod && p.metadata.namespace === m.namespace);
		const proxyId = `${m.pod}.${m.namespace}`;
		if (!pod || pod.spec.nodeName !== m.node) {
			return refuse(conn, `ADS: authentication failed for ${proxyId} on node ${m.node}`);
		}
		const gateway = pod.metadata.labels?.[GATEWAY_NAME_LABEL];
		if (m.type === 'subscribe-gateway' && !gateway) {
			return refuse(conn, `ADS: authentication failed for ${proxyId}: not a gateway proxy`);
		}
		conn.node = m.node;
		conn.agent = { pod: m.pod, namespace: m.namespace };
		conn.proxyId = proxyId;
		let type: NodeType = 'sidecar';
		let watched = ENVOY_TYPES;
		if (m.type === 'subscribe-gateway') {
			conn.gateway = gateway;
			type = m.proxyType;
			// A waypoint builds its HTTP routes inline in its listeners (listener_waypoint.go: "no
			// RDS for inbound traffic"); an ingress gateway's listeners name RDS route configs.
			if (type === 'waypoint') watched = ENVOY_TYPES.filter((t) => t !== TYPE_URL.RDS);
		} else conn.sidecar = true;
		sync.connect(conn.id, proxyInfo(proxyId, type, m.namespace, m.metadata), watched);
		log('info', 'ads', `ADS: new connection for node:${proxyId}-${conn.id}`);
		pushTo(conn, 'PUSH request');
	}

	/** pilot-agent's only identity: its pod's service account (the CA checks the pod's token). */
	function podIdentities(pod: string, namespace: string): Set<SpiffeId> {
		const snapshot = options.snapshot();
		const found = snapshot.pods.find(
			(p) => p.metadata.name === pod && p.metadata.namespace === namespace
		);
		if (!found) return new Set();
		const trustDomain = trustDomainOf(snapshot);
		const serviceAccount = found.spec.serviceAccountName ?? 'default';
		return new Set([formatSpiffeId({ trustDomain, namespace, serviceAccount })]);
	}

	/** The identities a ztunnel on `node` may hold: service accounts of pods scheduled there. */
	function nodeIdentities(node: string): Set<SpiffeId> {
		const snapshot = options.snapshot();
		const trustDomain = trustDomainOf(snapshot);
		return new Set(
			snapshot.pods
				.filter((p) => p.spec.nodeName === node && isAddressablePod(p))
				.map((p) =>
					formatSpiffeId({
						trustDomain,
						namespace: p.metadata.namespace ?? 'default',
						serviceAccount: p.spec.serviceAccountName ?? 'default'
					})
				)
		);
	}

	async function sign(conn: Conn, id: string, csrPem: string, ttl?: number): Promise<void> {
		const node = conn.node;
		if (node === undefined) {
			send(conn, { type: 'error', id, message: 'request authenticate failure' });
			return;
		}
		const allowed = conn.agent
			? podIdentities(conn.agent.pod, conn.agent.namespace)
			: nodeIdentities(node);
		let requested: SpiffeId | undefined;
		const issued = await options.ca.sign(csrPem, {
			allowed: (sid) => {
				requested = sid;
				return allowed.has(sid);
			},
			...(ttl !== undefined ? { ttl: ms(ttl) } : {})
		});
		if (isCaError(issued)) {
			if (issued.code === 'Unauthenticated') {
				log(
					'warn',
					'serverca',
					`impersonation failed for identity ${requested ?? ''}, error: no pod with this identity on node ${node}`
				);
			} else {
				log('error', 'serverca', issued.message);
			}
			send(conn, { type: 'error', id, message: issued.message });
			return;
		}
		log('debug', 'serverca', `CSR successfully signed, sans [${issued.id}].`);
		send(conn, { type: 'certificate', id, certChainPem: issued.certChainPem });
	}

	async function serve(conn: Conn): Promise<void> {
		const reader = new FrameReader(conn.socket);
		for (;;) {
			const m = await readProxyMessage(reader);
			if (isXdsProtocolError(m)) {
				send(conn, { type: 'error', id: '', message: m.message });
				conn.socket.end();
				break;
			}
			if (m.type === 'eof' || m.type === 'reset') break;
			if (m.type === 'subscribe') {
				if (conn.node === undefined) subscribe(conn, m.node, m.ztunnel, m.metadata);
			} else if (m.type === 'ack') {
				sync.acked(conn.id, m.nonce, m.error);
				// pilot/pkg/xds/delta.go: a NACK is logged and the proxy keeps its last good config.
				if (m.error !== undefined && conn.proxyId !== undefined)
					log('warn', 'delta', `ADS:WDS: ACK ERROR ${conn.proxyId}-${conn.id} Internal:${m.error}`);
			} else if (m.type === 'subscribe-sidecar' || m.type === 'subscribe-gateway') {
				if (conn.node === undefined) subscribeAgent(conn, m);
			} else {
				await sign(conn, m.id, m.csrPem, m.ttl);
			}
		}
		conns.delete(conn);
		sync.disconnect(conn.id);
		if (conn.proxyId !== undefined) {
			const peer = `${conn.socket.remote.ip}:${conn.socket.remote.port}`;
			log('info', 'delta', `ADS: "${peer}" ${conn.proxyId}-${conn.id} terminated`);
		}
		conn.socket.end();
	}

	async function handshake(socket: Socket): Promise<void> {
		const tls = await serverAuthServer(socket, {
			identity: options.servingCert(),
			clock: { now },
			crypto: options.crypto
		});
		if (isTlsError(tls)) {
			const peer = `${socket.remote.ip}:${socket.remote.port}`;
			log('warn', 'grpc', `TLS handshake error from ${peer}: ${tls.message}`);
			return;
		}
		serveStream(tls);
	}

	function serveStream(socket: Socket): void {
		const conn: Conn = {
			socket,
			id: String(++connCounter),
			node: undefined,
			proxyId: undefined,
			agent: undefined,
			sidecar: false,
			gateway: undefined,
			lastSent: undefined,
			version: 0
		};
		conns.add(conn);
		void serve(conn);
	}

	return {
		listen(net) {
			const l = net.listen(XDS_PORT, (socket) => void handshake(socket));
			if ('close' in l) listeners.push(l);
			return l;
		},
		accept: (socket) => void handshake(socket),
		notify,
		state: current,
		get version() {
			current();
			return version;
		},
		syncz: (namespace) => sync.syncz(namespace),
		connections: () =>
			[...conns]
				.filter((c) => c.node !== undefined && c.proxyId !== undefined)
				.map((c) => ({ proxyId: c.proxyId ?? '', node: c.node ?? '', version: c.version })),
		close() {
			for (const l of listeners.splice(0)) l.close();
			for (const c of conns) c.socket.reset();
			conns.clear();
		}
	};
}
