/**
 * istiod's pushes: what one connection is sent (its node's, its pod's or its Gateway's config)
 * and the push to every subscribed proxy when the cluster changed. Mirrors pilot/pkg/xds
 * ads.go `pushConnection`, delta.go `pushDeltaXds` and discovery.go `Push` / `AdsPushAll`.
 * A ztunnel gets the whole state on its stream's first push (and after a NACK), then deltas:
 * only the resources that changed and the names removed. Sidecars and Gateway proxies get their
 * whole (per-proxy) config, only when it changed (`ProxyNeedsPush`).
 */
import type { SidecarConfig } from '../xds/sidecar-config.ts';
import type { WaypointConfig } from '../xds/waypoint-config.ts';
import { deltaCounts, isEmptyDelta, type WireConfig, type ZtunnelDelta } from '../xds/delta.ts';
import type { ZtunnelConfig } from '../xds/workload-api.ts';
import { type AddressDelta, explicitEndpoints, wireService } from './address-delta.ts';
import type { PushRequest } from './informer-cache.ts';
import { encodeDeltaFrame } from '../xds/protocol.ts';
import {
	type AddressStep,
	type Connection,
	type DiscoveryServer,
	globalPushContext,
	send
} from './discovery-server.ts';
import {
	byteCount,
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

/**
 * The connection's config at this version: its node's, its pod's or its Gateway's (what
 * debug.go's config_dump regenerates too).
 */
export function configFor(
	ds: DiscoveryServer,
	conn: Connection,
	node: string
): ZtunnelConfig | WaypointConfig | undefined {
	const mesh = globalPushContext(ds);
	if (conn.router && conn.agent) return routerConfig(ds, conn.agent, mesh.routers);
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

/** A classic router's config; one no Gateway selects has no listeners (Envoy with none). */
function routerConfig(
	ds: DiscoveryServer,
	agent: { readonly pod: string; readonly namespace: string },
	routers: ReadonlyMap<string, WaypointConfig>
): WaypointConfig {
	const found = routers.get(`${agent.namespace}/${agent.pod}`);
	if (found) return { ...found, version: ds.version };
	const pod = ds.options
		.snapshot()
		.pods.find((p) => p.metadata.name === agent.pod && p.metadata.namespace === agent.namespace);
	const name = pod?.metadata.labels?.['app'] ?? agent.pod;
	return {
		version: ds.version,
		gateway: { name, namespace: agent.namespace },
		gatewayClassName: 'istio',
		classic: true,
		services: [],
		workloads: [],
		routes: [],
		policies: [],
		listeners: []
	};
}

/** The ztunnel's delta from what it holds to the current state; undefined: send it whole. */
function ztunnelDelta(ds: DiscoveryServer, conn: Connection): AddressStep | undefined {
	const step = ds.lastStep;
	if (conn.needsFull || conn.addresses === undefined || !step?.delta) return undefined;
	return step.from === conn.addresses && step.to === ds.mesh ? step : undefined;
}

/** Stamps a push with istiod's nonce and records it as sent (`/debug/syncz`). */
function nextNonce(ds: DiscoveryServer, conn: Connection): string {
	// Deterministic stand-in for istiod's `<push version><uuid>` nonce.
	const nonce = `${ds.version}-${(++ds.nonceCounter).toString(16).padStart(8, '0')}`;
	ds.sync.sent(conn.id, nonce, ds.now());
	conn.version = ds.version;
	return nonce;
}

/** delta.go's `WDS: PUSH … resources:N removed:M size:S` and its WADS twin, for a delta. */
function logDelta(ds: DiscoveryServer, proxyId: string, d: AddressDelta, bytes: number): void {
	const c = deltaCounts({ version: 0, ...d });
	const line = (type: string, resources: number, removed: number) =>
		`${type}: PUSH for node:${proxyId} resources:${resources} removed:${removed} size:${byteCount(bytes)}`;
	ds.log('info', 'delta', line('WDS', c.addresses, c.removedAddresses));
	ds.log('info', 'delta', line('WADS', c.policies, c.removedPolicies));
}

/** Sends the connection's config when it differs from what it has. */
export function pushConnection(
	ds: DiscoveryServer,
	conn: Connection,
	kind: 'PUSH' | 'PUSH request'
): void {
	if (conn.node === undefined || conn.proxyId === undefined) return;
	const ztunnel = conn.gateway === undefined && !conn.sidecar && !conn.router;
	if (ztunnel) {
		const mesh = globalPushContext(ds);
		if (conn.addresses === mesh) return;
		const step = ztunnelDelta(ds, conn);
		if (step?.delta) {
			conn.addresses = mesh;
			if (isEmptyDelta({ version: 0, ...step.delta })) return;
			const explicit = explicitEndpoints(mesh);
			const { workloads, services, policies } = step.delta;
			const delta: ZtunnelDelta = {
				version: ds.version,
				workloads,
				services: {
					...services,
					resources: services.resources.map((r) => wireService(r, explicit))
				},
				policies
			};
			step.json ??= JSON.stringify(delta);
			conn.lastSent = undefined;
			conn.socket.write(encodeDeltaFrame(step.json, nextNonce(ds, conn)));
			logDelta(ds, conn.proxyId, step.delta, step.json.length);
			return;
		}
	}
	const found = configFor(ds, conn, conn.node);
	if (!found) return;
	let config: WireConfig | WaypointConfig = found;
	if (ztunnel && !('gateway' in found) && ds.mesh) {
		conn.addresses = ds.mesh;
		const explicit = explicitEndpoints(ds.mesh);
		// On the wire a ztunnel's services carry no endpoints it can derive (`xds/delta.ts`).
		config = { ...found, services: found.services.map((s) => wireService(s, explicit)) };
	}
	const body = JSON.stringify({ ...config, version: 0 });
	if (body === conn.lastSent) return;
	conn.lastSent = body;
	conn.needsFull = false;
	const nonce = nextNonce(ds, conn);
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

/**
 * The cluster changed: recompute what `request` touched (everything without one), and push to
 * every proxy whose config changed.
 */
export function adsPushAll(ds: DiscoveryServer, request?: PushRequest): void {
	const prev = ds.mesh;
	const { mesh: next, changed, delta } = ds.index.update(ds.options.snapshot, request);
	ds.mesh = next;
	ds.lastStep = { from: prev, to: next, delta };
	// pkg/log's default scope: a warning once while its cause lasts (krt recomputes on change).
	for (const w of next.warnings ?? []) if (!prev?.warnings?.includes(w)) ds.log('warn', '', w);
	if (prev !== undefined && changed.length === 0) {
		// Nothing a proxy reads changed: ztunnels that were current still are.
		for (const c of ds.conns) if (c.addresses === prev) c.addresses = next;
		return;
	}
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
