/**
 * istiod's pushes: what one connection is sent (its node's, its pod's or its Gateway's config)
 * and the push to every subscribed proxy when the cluster changed. Mirrors pilot/pkg/xds
 * ads.go `pushConnection`, delta.go `pushDeltaXds` and discovery.go `Push` / `AdsPushAll`.
 */
import type { SidecarConfig } from '../xds/sidecar-config.ts';
import type { WaypointConfig } from '../xds/waypoint-config.ts';
import type { ZtunnelConfig } from '../xds/workload-api.ts';
import {
	type Connection,
	type DiscoveryServer,
	globalPushContext,
	send
} from './discovery-server.ts';
import {
	changedConfigs,
	computeMeshState,
	debounceLine,
	policyPushLine,
	pushLine,
	sidecarPushLine,
	ztunnelConfigFor
} from './push.ts';
import { sidecarHttpConfig } from './sidecar-config.ts';
import { rootNamespaceOf } from './snapshot.ts';
import { envoyAccessLogging } from './telemetry.ts';

/** Delta xDS's DebounceAfter default: pushes show this as their quiet time. */
const DEBOUNCE_MS = 100.2;

/**
 * A sidecar's push also says whether its Envoy logs access (the Telemetry API) and carries
 * what its HTTP filters need: protocols, routes, its pod's L7 policies.
 */
function withSidecarConfig(
	ds: DiscoveryServer,
	conn: Connection,
	config: ZtunnelConfig
): SidecarConfig {
	if (!conn.sidecar || !conn.agent) return config;
	const { pod, namespace } = conn.agent;
	const snapshot = ds.options.snapshot();
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
function configFor(
	ds: DiscoveryServer,
	conn: Connection,
	node: string
): ZtunnelConfig | WaypointConfig | undefined {
	const mesh = globalPushContext(ds);
	if (conn.gateway === undefined || !conn.agent) {
		return withSidecarConfig(ds, conn, ztunnelConfigFor(node, mesh, ds.version));
	}
	const [name, namespace] = [conn.gateway, conn.agent.namespace];
	const found = mesh.waypoints.find(
		(w) => w.gateway.name === name && w.gateway.namespace === namespace
	);
	// No config until the Gateway is programmed: Envoy waits, its readiness says why.
	return found && { ...found, version: ds.version };
}

/** Sends the connection's config when it differs from what it has. */
export function pushConnection(
	ds: DiscoveryServer,
	conn: Connection,
	kind: 'PUSH' | 'PUSH request'
): void {
	if (conn.node === undefined || conn.proxyId === undefined) return;
	const config = configFor(ds, conn, conn.node);
	if (!config) return;
	const body = JSON.stringify({ ...config, version: 0 });
	if (body === conn.lastSent) return;
	conn.lastSent = body;
	conn.version = ds.version;
	// Deterministic stand-in for istiod's `<push version><uuid>` nonce.
	const nonce = `${ds.version}-${(++ds.nonceCounter).toString(16).padStart(8, '0')}`;
	ds.sync.sent(conn.id, nonce, ds.now());
	if ('gateway' in config) {
		send(conn, { type: 'waypoint-config', config, nonce });
		ds.log('info', 'ads', sidecarPushLine(conn.proxyId, config, kind));
		return;
	}
	send(conn, { type: 'config', config, nonce });
	if (conn.sidecar) {
		ds.log('info', 'ads', sidecarPushLine(conn.proxyId, config, kind));
		return;
	}
	ds.log('info', 'delta', pushLine(conn.proxyId, config, kind));
	ds.log('info', 'delta', policyPushLine(conn.proxyId, config, kind));
}

/** The cluster changed: recompute, and push to every proxy whose config changed. */
export function adsPushAll(ds: DiscoveryServer): void {
	const prev = ds.mesh;
	const next = computeMeshState(ds.options.snapshot());
	const changed = changedConfigs(prev, next);
	ds.mesh = next;
	if (prev !== undefined && changed.length === 0) return;
	ds.version++;
	ds.pushCounter++;
	const subscribed = [...ds.conns].filter((c) => c.node !== undefined);
	ds.log('info', 'ads', debounceLine(ds.pushCounter, changed, DEBOUNCE_MS));
	ds.log(
		'info',
		'ads',
		`XDS: Pushing Services:${next.services.length} ConnectedEndpoints:${subscribed.length} Version:${ds.version}`
	);
	for (const c of subscribed) pushConnection(ds, c, 'PUSH');
}
