/**
 * The WaypointConfig one Gateway's proxy is pushed: for a waypoint the Services it serves and
 * their routes, for an Istio ingress gateway its HTTP listeners and their routes; then every
 * Service a route sends to, the workloads behind them, TLS origination, L7 policies and access
 * logging. Mirrors pilot/pkg/networking/core waypoint.go (`findWaypointResources`,
 * `filterWaypointOutboundServices`) and gateway.go (`buildGatewayListeners`), simplified.
 */
import type { KubeObject, Pod } from '../api/objects.ts';
import { classicListeners } from './classic-gateways.ts';
import { secretFinder, tlsServer } from './gateway-credentials.ts';
import type {
	GatewayListener,
	ServiceRoutes,
	TcpRoute,
	WaypointConfig
} from '../xds/waypoint-config.ts';
import type { Service, Workload } from '../xds/workload-api.ts';
import { envoyAccessLogging } from './telemetry.ts';
import { GATEWAY_NAME_LABEL, type Waypoint, WAYPOINT_CLASS } from './waypoints.ts';
import { type WaypointPushContext, objectKey } from './waypoints-context.ts';
import { policiesFor } from './waypoints-policies.ts';
import {
	listenerRoutes,
	listenerTcpRoutes,
	waypointServiceRoutes,
	waypointServiceTcpRoutes
} from './waypoints-routes.ts';
import { tcpPortsOf } from './waypoints-tcp-ports.ts';
import { trafficPolicies } from './traffic-policy.ts';
import { wasmPluginsFor } from './waypoints-wasm.ts';
import { gatewayJwtRules, podJwtRules } from './request-authn.ts';
import { podPolicies } from './sidecar-config.ts';
import { numTrustedProxiesOf } from './snapshot.ts';
import { parse } from 'yaml';

export const INGRESS_CLASS = 'istio';

/**
 * The hosts a waypoint originates TLS to: a DestinationRule for the host whose
 * `trafficPolicy.tls.mode` is SIMPLE (`sni` optional), in the service's namespace, the
 * waypoint's or the root namespace (pilot's DestinationRule lookup, simplified).
 */
function originateTls(
	services: readonly Service[],
	destinationRules: readonly KubeObject[],
	namespaces: readonly string[]
): { hostname: string; sni?: string }[] {
	const out: { hostname: string; sni?: string }[] = [];
	for (const s of services) {
		const dr = destinationRules.find((d) => {
			const spec = (d['spec'] ?? {}) as { host?: unknown };
			const ns = d.metadata.namespace ?? 'default';
			return spec.host === s.hostname && (ns === s.namespace || namespaces.includes(ns));
		});
		const tls = ((
			dr?.['spec'] as { trafficPolicy?: { tls?: { mode?: unknown; sni?: unknown } } } | undefined
		)?.trafficPolicy?.tls ?? {}) as { mode?: unknown; sni?: unknown };
		if (tls.mode !== 'SIMPLE') continue;
		out.push({ hostname: s.hostname, ...(typeof tls.sni === 'string' ? { sni: tls.sni } : {}) });
	}
	return out;
}

/** The connectionPool/outlierDetection of each Service the proxy sends to (`{}` when none). */
function policiesOf(
	ctx: WaypointPushContext,
	services: readonly Service[],
	namespace: string
): Pick<WaypointConfig, 'trafficPolicies'> {
	const p = trafficPolicies(
		ctx.snapshot.destinationRules ?? [],
		namespace,
		ctx.rootNamespace,
		services
	);
	return Object.keys(p).length > 0 ? { trafficPolicies: p } : {};
}

/**
 * Served services first, then every Service a route sends to (the proxy must reach it). An
 * ingress gateway also gets the waypoint Service of each backend it must send through its
 * waypoint (Envoy's EDS for that backend lists the waypoint's endpoints). Both get the Service
 * of each meshConfig ext_authz provider (push_context.go extraServicesForProxy), which their
 * CUSTOM policies' checks go to.
 */
function withOutboundServices(
	ctx: WaypointPushContext,
	served: readonly Service[],
	routesOut: readonly ServiceRoutes[],
	ingress = false,
	tcpOut: readonly TcpRoute[] = []
): { services: Service[]; wls: Map<string, Workload> } {
	const svcs = new Map(served.map((s) => [s.hostname, s]));
	const backends = [
		...routesOut.flatMap((r) =>
			r.rules.flatMap((rule) => [...rule.backends, ...(rule.mirrors ?? []).map((m) => m.backend)])
		),
		...tcpOut.flatMap((r) => r.backends)
	];
	for (const p of ctx.providers.values()) {
		const s = ctx.byHostname.get(p.hostname);
		if (s && !svcs.has(s.hostname)) svcs.set(s.hostname, s);
	}
	for (const b of backends) {
		const s = ctx.byHostname.get(b.hostname);
		if (s && !svcs.has(s.hostname)) svcs.set(s.hostname, s);
		const via = ingress && s?.ingressUseWaypoint ? s.waypoint : undefined;
		const wp = via && ctx.byHostname.get(via.hostname);
		if (wp && !svcs.has(wp.hostname)) svcs.set(wp.hostname, wp);
	}
	const wls = new Map<string, Workload>();
	for (const s of svcs.values())
		for (const ep of s.endpoints) {
			const w = ctx.workloadByUid.get(ep.workloadUid);
			if (w) wls.set(w.uid, w);
		}
	return { services: [...svcs.values()], wls };
}

/** What both classes' configs carry alike: the Gateway, labelled workloads, policies, logging. */
function commonConfig(
	ctx: WaypointPushContext,
	gw: { readonly metadata: { readonly name: string; readonly namespace?: string } },
	wls: Map<string, Workload>
): Pick<WaypointConfig, 'gateway' | 'workloads' | 'policies' | 'accessLogging'> {
	const namespace = gw.metadata.namespace ?? 'default';
	return {
		gateway: { name: gw.metadata.name, namespace },
		// A waypoint's workloads carry their pod's labels (DestinationRule subsets match on them).
		workloads: [...wls.values()].map((w) => ({ ...w, labels: ctx.podLabels.get(w.uid) ?? {} })),
		policies: policiesFor(ctx.attachments, objectKey(gw as KubeObject), ctx.providers),
		accessLogging: envoyAccessLogging(
			{ namespace, gateway: gw.metadata.name },
			ctx.snapshot.telemetries ?? [],
			ctx.rootNamespace,
			ctx.snapshot.accessLogFile
		)
	};
}

/** A waypoint's config: the Services bound to it, their routes, and its own workloads. */
export function waypointConfig(
	ctx: WaypointPushContext,
	gw: KubeObject,
	w: Waypoint
): WaypointConfig {
	const namespace = gw.metadata.namespace ?? 'default';
	const served = ctx.services.filter((s) => s.waypoint?.hostname === w.address.hostname);
	const routesOut: ServiceRoutes[] = [];
	for (const s of served) routesOut.push(...waypointServiceRoutes(ctx, gw, s));
	const tcpRoutes = served.flatMap((s) => waypointServiceTcpRoutes(ctx, gw, s));
	const { services, wls } = withOutboundServices(ctx, served, routesOut, false, tcpRoutes);
	for (const wl of ctx.workloads)
		if (wl.waypoint?.hostname === w.address.hostname) wls.set(wl.uid, wl);
	const tls = originateTls(services, ctx.snapshot.destinationRules ?? [], [
		namespace,
		ctx.rootNamespace
	]);
	const { gateway, workloads, policies, accessLogging } = commonConfig(ctx, gw, wls);
	const wasm = wasmPluginsFor(gateway, served, ctx.snapshot.wasmPlugins ?? []);
	const jwt = gatewayJwtRules(gateway, served, ctx.snapshot.requestAuthentications ?? []);
	const tcpPorts = tcpPortsOf(served, ctx.snapshot.services);
	return {
		...(jwt.length > 0 ? { jwtRules: jwt } : {}),
		...(tls.length > 0 ? { originateTls: tls } : {}),
		...policiesOf(ctx, services, namespace),
		...(Object.keys(tcpPorts).length > 0 ? { tcpPorts } : {}),
		...(tcpRoutes.length > 0 ? { tcpRoutes } : {}),
		...(wasm.length > 0 ? { wasmPlugins: wasm } : {}),
		version: 0,
		gateway,
		gatewayClassName: WAYPOINT_CLASS,
		services,
		workloads,
		routes: routesOut,
		policies,
		accessLogging
	};
}

/**
 * An HTTPS listener's TLS server (conversion.go buildTLS, mode Terminate): the first
 * certificateRef that resolves, in the Gateway's namespace, for the listener's `hostname`
 * (any SNI without one). Undefined: nothing to serve (the listener is not programmed).
 */
function terminateServer(
	ctx: WaypointPushContext,
	gw: KubeObject,
	listener: { hostname?: unknown; tls?: unknown }
) {
	const tls = (listener.tls ?? {}) as {
		mode?: unknown;
		certificateRefs?: unknown;
		options?: Record<string, unknown>;
	};
	if ((tls.mode ?? 'Terminate') !== 'Terminate') return undefined;
	// Istio's option for what the Gateway API cannot say (conversion.go buildTLS): MUTUAL
	// verifies clients against the credential's CA (`ca.crt`, or `<name>-cacert`).
	const mode =
		tls.options?.['gateway.istio.io/tls-terminate-mode'] === 'MUTUAL' ? 'MUTUAL' : 'SIMPLE';
	const namespace = gw.metadata.namespace ?? 'default';
	const find = secretFinder(ctx.snapshot.secrets ?? []);
	const hosts = typeof listener.hostname === 'string' ? [listener.hostname] : ['*'];
	for (const r of Array.isArray(tls.certificateRefs) ? tls.certificateRefs : []) {
		const ref = (r ?? {}) as { name?: unknown; namespace?: unknown; kind?: unknown };
		if (typeof ref.name !== 'string' || (ref.kind ?? 'Secret') !== 'Secret') continue;
		const ns = typeof ref.namespace === 'string' ? ref.namespace : namespace;
		const server = tlsServer(find, ns, ref.name, hosts, mode);
		if (server) return server;
	}
	return undefined;
}

/** An Istio ingress gateway's config: its HTTP and HTTPS listeners with their routes. */
export function ingressConfig(ctx: WaypointPushContext, gw: KubeObject): WaypointConfig {
	const listeners: GatewayListener[] = [];
	const all: ServiceRoutes[] = [];
	const tcpAll: TcpRoute[] = [];
	const spec = gw['spec'] as { listeners?: unknown };
	for (const l of Array.isArray(spec.listeners) ? spec.listeners : []) {
		const listener = l as { name?: unknown; port?: unknown; protocol?: unknown };
		if (typeof listener.port !== 'number') continue;
		const name = typeof listener.name === 'string' ? listener.name : '';
		// A TCP listener is programmed only with the alpha API (listenerProtocolToIstio).
		if (listener.protocol === 'TCP' && ctx.snapshot.alphaGatewayApi) {
			const tcpRoutes = listenerTcpRoutes(ctx, gw, name, l as Record<string, unknown>);
			tcpAll.push(...tcpRoutes);
			listeners.push({ name, port: listener.port, protocol: 'TCP', routes: [], tcpRoutes });
			continue;
		}
		if (listener.protocol !== 'HTTP' && listener.protocol !== 'HTTPS') continue;
		const server =
			listener.protocol === 'HTTPS' ? terminateServer(ctx, gw, l as object) : undefined;
		if (listener.protocol === 'HTTPS' && !server) continue;
		const attached = listenerRoutes(ctx, gw, name, l as Record<string, unknown>);
		all.push(...attached);
		listeners.push({
			name,
			port: listener.port,
			protocol: listener.protocol,
			...(server ? { tls: [server] } : {}),
			routes: attached
		});
	}
	const { services, wls } = withOutboundServices(ctx, [], all, true, tcpAll);
	const { gateway, workloads, policies, accessLogging } = commonConfig(ctx, gw, wls);
	const wasm = wasmPluginsFor(gateway, [], ctx.snapshot.wasmPlugins ?? []);
	// policyattachment.go ShouldAttachPolicy: a Gateway API gateway's pod also takes the
	// AuthorizationPolicies and RequestAuthentications with no targetRefs whose selector (if
	// any) matches its labels (ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY, on by default); a
	// waypoint never does.
	const pod = gatewayPod(ctx, gw);
	const selected = pod ? podPolicies(ctx.snapshot, pod) : [];
	const jwt = [
		...gatewayJwtRules(gateway, [], ctx.snapshot.requestAuthentications ?? []),
		...(pod ? podJwtRules(ctx.snapshot, pod) : [])
	];
	// Release note 44916: a Kubernetes Gateway's pods take ProxyConfig from the mesh config (and
	// ProxyConfig resources, not simulated), not from a `proxy.istio.io/config` annotation.
	const trusted = ctx.snapshot.numTrustedProxies;
	return {
		...(wasm.length > 0 ? { wasmPlugins: wasm } : {}),
		...(jwt.length > 0 ? { jwtRules: jwt } : {}),
		...(trusted ? { numTrustedProxies: trusted } : {}),
		version: 0,
		gateway,
		gatewayClassName: INGRESS_CLASS,
		services,
		workloads,
		routes: [],
		policies: [...policies, ...selected],
		listeners,
		accessLogging
	};
}

/**
 * A pod of the Gateway's Deployment (the gateway-name label the template sets): istiod matches
 * selectors against each proxy's labels, and the template gives all of them the same ones.
 */
function gatewayPod(ctx: WaypointPushContext, gw: KubeObject): Pod | undefined {
	const namespace = gw.metadata.namespace ?? 'default';
	return ctx.snapshot.pods.find(
		(p) =>
			(p.metadata.namespace ?? 'default') === namespace &&
			p.metadata.labels?.[GATEWAY_NAME_LABEL] === gw.metadata.name &&
			p.metadata.deletionTimestamp === undefined
	);
}

/** The pod's `proxy.istio.io/config` annotation (JSON or YAML), parsed; {} when absent or bad. */
function annotatedProxyConfig(pod: Pod): unknown {
	const text = pod.metadata.annotations?.['proxy.istio.io/config'];
	if (text === undefined) return {};
	try {
		return parse(text, { maxAliasCount: 0 }) as unknown;
	} catch {
		return {};
	}
}

/** The Deployment a classic router pod belongs to: its `app` label, else its pod name. */
const routerName = (pod: Pod): string =>
	pod.metadata.labels?.['app'] ?? pod.metadata.labels?.['istio'] ?? pod.metadata.name;

/**
 * A classic router's config (istio-ingressgateway): the listeners of the networking.istio.io
 * Gateways selecting its pod, routed by the VirtualServices bound to them (classic-gateways.ts).
 */
export function classicRouterConfig(
	ctx: WaypointPushContext,
	pod: Pod,
	gateways: readonly KubeObject[]
): WaypointConfig {
	const listeners = classicListeners(ctx, pod, gateways);
	const all = listeners.flatMap((l) => l.routes);
	const { services, wls } = withOutboundServices(ctx, [], all, true);
	const namespace = pod.metadata.namespace ?? 'default';
	const tls = originateTls(services, ctx.snapshot.destinationRules ?? [], [
		namespace,
		ctx.rootNamespace
	]);
	const owner = { metadata: { name: routerName(pod), namespace } };
	const { gateway, workloads } = commonConfig(ctx, owner, wls);
	// A router's Telemetry is chosen by its pod's labels (selector), as a sidecar's is.
	const accessLogging = envoyAccessLogging(
		{ namespace, labels: pod.metadata.labels ?? {} },
		ctx.snapshot.telemetries ?? [],
		ctx.rootNamespace,
		ctx.snapshot.accessLogFile
	);
	// A router is an Envoy with a selector: its pod's AuthorizationPolicies and
	// RequestAuthentications are chosen by labels, as a sidecar's are.
	const jwt = podJwtRules(ctx.snapshot, pod);
	// The proxy's ProxyConfig: the pod's `proxy.istio.io/config` annotation over meshConfig's
	// defaultConfig (pilot-agent's ConstructProxyConfig).
	const trusted = numTrustedProxiesOf(annotatedProxyConfig(pod)) ?? ctx.snapshot.numTrustedProxies;
	return {
		...(trusted ? { numTrustedProxies: trusted } : {}),
		...(tls.length > 0 ? { originateTls: tls } : {}),
		...policiesOf(ctx, services, namespace),
		...(jwt.length > 0 ? { jwtRules: jwt } : {}),
		version: 0,
		gateway,
		gatewayClassName: INGRESS_CLASS,
		classic: true,
		services,
		workloads,
		routes: [],
		policies: podPolicies(ctx.snapshot, pod),
		listeners,
		accessLogging
	};
}
