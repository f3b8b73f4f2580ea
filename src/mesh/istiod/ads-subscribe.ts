/**
 * A proxy's first request on its stream: who it says it is, checked against the cluster (the pod
 * must exist and run on the node it names), then registered and sent its config. Mirrors
 * pilot/pkg/xds ads.go `initConnection` (with auth.go's `authorize`); a refusal is logged and
 * closes the stream, as the real one's `Unauthenticated` error does.
 */
import type { ProxyMessage } from '../xds/protocol.ts';
import { pushConnection } from './ads-push.ts';
import { isClassicRouter } from './classic-gateways.ts';
import { type Connection, type DiscoveryServer, proxyInfo, send } from './discovery-server.ts';
import { rootNamespaceOf } from './snapshot.ts';
import { type NodeType, TYPE_URL } from './syncz.ts';
import { GATEWAY_NAME_LABEL } from './waypoints.ts';

/** What an Envoy (sidecar, ingress gateway) watches: the legacy four (syncz, proxy-status). */
const ENVOY_TYPES: readonly string[] = [TYPE_URL.CDS, TYPE_URL.LDS, TYPE_URL.EDS, TYPE_URL.RDS];

function refuse(ds: DiscoveryServer, conn: Connection, why: string): void {
	ds.log('warn', 'ads', why);
	send(conn, { type: 'error', id: '', message: 'authentication failure' });
	conn.socket.end();
}

/** A ztunnel subscribes with its node and its own pod, which must run there. */
export function subscribeZtunnel(
	ds: DiscoveryServer,
	conn: Connection,
	node: string,
	ztunnel: string,
	metadata: Readonly<Record<string, string>> = {}
): void {
	const snapshot = ds.options.snapshot();
	const pod = snapshot.pods.find(
		(p) => p.metadata.name === ztunnel && p.metadata.namespace === rootNamespaceOf(snapshot)
	);
	if (!pod || pod.spec.nodeName !== node) {
		return refuse(ds, conn, `ADS: authentication failed for ${ztunnel} on node ${node}`);
	}
	conn.node = node;
	conn.proxyId = `${ztunnel}.${rootNamespaceOf(snapshot)}`;
	const info = proxyInfo(conn.proxyId, 'ztunnel', rootNamespaceOf(snapshot), metadata);
	ds.sync.connect(conn.id, info, [TYPE_URL.WDS, TYPE_URL.WADS]);
	ds.log('info', 'delta', `ADS: new delta connection for node:${conn.proxyId}-${conn.id}`);
	pushConnection(ds, conn, 'PUSH request');
}

/**
 * pilot-agent speaks for its own pod only, which must be on `node`: the connection is then
 * that pod's, with the node's pushes and the pod's service account for CSRs.
 */
export function subscribeAgent(
	ds: DiscoveryServer,
	conn: Connection,
	m: Extract<ProxyMessage, { type: 'subscribe-sidecar' | 'subscribe-gateway' }>
): void {
	const pod = ds.options
		.snapshot()
		.pods.find((p) => p.metadata.name === m.pod && p.metadata.namespace === m.namespace);
	const proxyId = `${m.pod}.${m.namespace}`;
	if (!pod || pod.spec.nodeName !== m.node) {
		return refuse(ds, conn, `ADS: authentication failed for ${proxyId} on node ${m.node}`);
	}
	const gateway = pod.metadata.labels?.[GATEWAY_NAME_LABEL];
	// A router with no Gateway API gateway is a classic one (istio-ingressgateway) if its pod
	// runs `proxy router`: its config follows the networking.istio.io Gateways selecting it.
	const classic =
		m.type === 'subscribe-gateway' && !gateway && m.proxyType === 'router' && isClassicRouter(pod);
	if (m.type === 'subscribe-gateway' && !gateway && !classic) {
		return refuse(ds, conn, `ADS: authentication failed for ${proxyId}: not a gateway proxy`);
	}
	conn.node = m.node;
	conn.agent = { pod: m.pod, namespace: m.namespace };
	conn.proxyId = proxyId;
	let type: NodeType = 'sidecar';
	let watched = ENVOY_TYPES;
	if (classic) {
		conn.router = true;
		type = 'router';
	} else if (m.type === 'subscribe-gateway') {
		conn.gateway = gateway;
		type = m.proxyType;
		// A waypoint builds its HTTP routes inline in its listeners (listener_waypoint.go: "no
		// RDS for inbound traffic"); an ingress gateway's listeners name RDS route configs.
		if (type === 'waypoint') watched = ENVOY_TYPES.filter((t) => t !== TYPE_URL.RDS);
	} else conn.sidecar = true;
	ds.sync.connect(conn.id, proxyInfo(proxyId, type, m.namespace, m.metadata), watched);
	ds.log('info', 'ads', `ADS: new connection for node:${proxyId}-${conn.id}`);
	pushConnection(ds, conn, 'PUSH request');
}
