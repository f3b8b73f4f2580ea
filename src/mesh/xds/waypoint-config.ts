/**
 * What istiod sends a waypoint proxy: the services it serves, their endpoints, the HTTP routes
 * bound to them and the L7 authorization policies that target it. Real istiod sends Envoy xDS
 * (listeners, routes, clusters, RBAC filters); this is the same information in plain shapes, the
 * way `workload-api.ts` is for ztunnel. istiod (src/mesh/istiod) produces it; the waypoint program
 * (src/mesh/waypoint) consumes it. Plain data only: it crosses workers by structured clone.
 */
import type { IpAddr } from '../types.ts';
import type { TrafficPolicies } from './traffic-policy.ts';
import type { Service, StringMatch, Workload } from './workload-api.ts';

/** HTTPRoute `RequestRedirect` (Gateway API HTTPRequestRedirectFilter). */
export interface RequestRedirect {
	readonly scheme?: string;
	readonly hostname?: string;
	readonly port?: number;
	readonly path?: {
		readonly type: 'ReplaceFullPath' | 'ReplacePrefixMatch';
		readonly value: string;
	};
	/** 301 or 302 (the default). */
	readonly statusCode: number;
}

/** A header or path match of an HTTPRoute rule (Gateway API HTTPRouteMatch). */
export interface RouteMatch {
	readonly path?: {
		readonly type: 'Exact' | 'PathPrefix' | 'RegularExpression';
		readonly value: string;
	};
	readonly headers?: readonly {
		readonly type: 'Exact' | 'RegularExpression';
		readonly name: string;
		readonly value: string;
	}[];
	readonly queryParams?: readonly {
		readonly type: 'Exact' | 'RegularExpression';
		readonly name: string;
		readonly value: string;
	}[];
	readonly method?: string;
}

export interface HeaderModifier {
	readonly set?: readonly { readonly name: string; readonly value: string }[];
	readonly add?: readonly { readonly name: string; readonly value: string }[];
	readonly remove?: readonly string[];
}

/** A backend port meaning "the port the request was sent to" (a VirtualService destination
 * without `port` on a Service with several ports). */
export const SAME_PORT = 0;

export interface BackendRef {
	/** The backend Service's hostname: `reviews-v2.default.svc.cluster.local`. */
	readonly hostname: string;
	/** The Service port, or SAME_PORT. */
	readonly port: number;
	readonly weight: number;
	/**
	 * A DestinationRule subset's labels when a VirtualService routes to a subset: only endpoints
	 * whose pods carry these labels.
	 */
	readonly subsetLabels?: Readonly<Record<string, string>>;
	/**
	 * A subset the VirtualService names but no DestinationRule defines: istiod still routes to
	 * its cluster (`outbound|9080|v4|…`), which Envoy does not have, so it answers 503 `NC`.
	 */
	readonly undefinedSubset?: string;
}

/** VirtualService `fault` (HTTPFaultInjection). */
export interface FaultInjection {
	readonly delay?: { readonly fixedDelayMs: number; readonly percentage: number };
	readonly abort?: { readonly httpStatus: number; readonly percentage: number };
}

/**
 * A request mirror (HTTPRoute `RequestMirror`, VirtualService `mirror`/`mirrors`): Envoy's
 * `request_mirror_policies`. A copy of `percentage`% of requests goes to `backend` with `-shadow`
 * added to its host, fire and forget: its response is discarded.
 */
export interface MirrorPolicy {
	readonly backend: BackendRef;
	/** 0–100; istiod's default is 100 (route.go MirrorPercent). */
	readonly percentage: number;
}

export interface RouteRule {
	/** Any match selects the rule; no matches: every request. */
	readonly matches: readonly RouteMatch[];
	readonly requestHeaderModifier?: HeaderModifier;
	readonly responseHeaderModifier?: HeaderModifier;
	/** No backends: the route answers 500 (Gateway API) — unless `directResponse`. */
	readonly backends: readonly BackendRef[];
	/** HTTPRoute `timeouts.request` / VirtualService `timeout`, in ms. */
	readonly timeoutMs?: number;
	readonly retries?: {
		readonly attempts: number;
		readonly perTryTimeoutMs?: number;
		/** Envoy `retry_on` conditions: `5xx`, `connect-failure`, `gateway-error`, ... */
		readonly retryOn: readonly string[];
	};
	readonly fault?: FaultInjection;
	/** HTTPRoute `RequestRedirect`: answer with a redirect instead of forwarding. */
	readonly redirect?: RequestRedirect;
	readonly mirrors?: readonly MirrorPolicy[];
}

/** The routes for one service port, from HTTPRoutes (parentRefs: Service) or VirtualServices. */
export interface ServiceRoutes {
	/** The Service the routes are attached to: `reviews.default.svc.cluster.local`. */
	readonly hostname: string;
	/** The port the rule applies to; undefined: every port of the service. */
	readonly port?: number;
	/** `namespace/name` of the HTTPRoute or VirtualService, for logs and traces. */
	readonly source: string;
	readonly kind: 'HTTPRoute' | 'VirtualService';
	readonly rules: readonly RouteRule[];
}

/**
 * A TCPRoute's rule as the proxy applies it (Envoy's tcp_proxy with `weighted_clusters`): each
 * new connection goes to one backend, picked by weight. TCP cannot match, so the first route
 * attached to a listener or Service port wins. No backends: the connection is closed (istiod
 * routes a zero-weight rule to a blackhole cluster, conversion.go convertTCPRoute).
 */
export interface TcpRoute {
	/** The Service the route is attached to (a waypoint's), absent on a Gateway listener. */
	readonly hostname?: string;
	/** The parentRef's port; undefined: every port of the Service. */
	readonly port?: number;
	/** `namespace/name` of the TCPRoute. */
	readonly source: string;
	readonly backends: readonly BackendRef[];
}

/** An L7 rule's `to.operation` (authorization.proto Operation). */
export interface L7Operation {
	readonly hosts?: readonly StringMatch[];
	readonly notHosts?: readonly StringMatch[];
	readonly ports?: readonly number[];
	readonly notPorts?: readonly number[];
	readonly methods?: readonly string[];
	readonly notMethods?: readonly string[];
	readonly paths?: readonly StringMatch[];
	readonly notPaths?: readonly StringMatch[];
}

export interface L7Source {
	readonly principals?: readonly StringMatch[];
	readonly notPrincipals?: readonly StringMatch[];
	readonly namespaces?: readonly StringMatch[];
	readonly notNamespaces?: readonly StringMatch[];
	readonly ipBlocks?: readonly string[];
	readonly notIpBlocks?: readonly string[];
	/** Matched against the client X-Forwarded-For names (Envoy's remote address), not the peer. */
	readonly remoteIpBlocks?: readonly string[];
	readonly notRemoteIpBlocks?: readonly string[];
	readonly requestPrincipals?: readonly StringMatch[];
	readonly notRequestPrincipals?: readonly StringMatch[];
}

export interface L7Condition {
	/** `request.headers[x-user]`, `source.ip`, `source.namespace`, ... */
	readonly key: string;
	readonly values?: readonly string[];
	readonly notValues?: readonly string[];
}

export interface L7Rule {
	/** Each entry ORs; empty: any source. */
	readonly from: readonly L7Source[];
	readonly to: readonly L7Operation[];
	readonly when: readonly L7Condition[];
}

/**
 * A CUSTOM policy's ext_authz provider (meshConfig `extensionProviders`), resolved by istiod
 * (pilot/pkg/security/authz/builder/extauthz.go): where the check goes and what it carries.
 */
export interface ExtAuthzProvider {
	readonly name: string;
	/** envoyExtAuthzGrpc: the Check API; envoyExtAuthzHttp: a plain HTTP request. */
	readonly kind: 'grpc' | 'http';
	readonly hostname: string;
	readonly port: number;
	/** `outbound|<port>||<hostname>` (model.LookupCluster). */
	readonly cluster: string;
	readonly timeoutMs: number;
	/** statusOnError; absent: Envoy's 403. */
	readonly statusOnError?: number;
	readonly failOpen: boolean;
	readonly pathPrefix?: string;
	/** HTTP only: request headers sent in the check (includeRequestHeadersInCheck). */
	readonly includeRequestHeadersInCheck?: readonly string[];
	readonly includeAdditionalHeadersInCheck?: Readonly<Record<string, string>>;
	readonly headersToUpstreamOnAllow?: readonly string[];
	readonly headersToDownstreamOnAllow?: readonly string[];
	readonly headersToDownstreamOnDeny?: readonly string[];
}

/** An AuthorizationPolicy enforced by this waypoint (targetRefs: its Gateway or a Service it serves). */
export interface L7Authorization {
	readonly name: string;
	readonly namespace: string;
	readonly action: 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';
	/** Gateway targetRef: every service the waypoint serves. Otherwise these hostnames only. */
	readonly target:
		| { readonly kind: 'Gateway' }
		| { readonly kind: 'Service'; readonly hostnames: readonly string[] }
		/** `selector` (or namespace/mesh wide): the pod a sidecar serves, every request to it. */
		| { readonly kind: 'Workload' };
	/** No rules at all: for ALLOW matches nothing, for DENY nothing (Istio's semantics). */
	readonly rules: readonly L7Rule[];
	/** `istio.io/dry-run: "true"`: Envoy's shadow rules, logged and never enforced. */
	readonly dryRun?: boolean;
	/** CUSTOM: the provider the check goes to; absent when it is undefined or invalid (deny). */
	readonly provider?: ExtAuthzProvider;
}

/**
 * A TLS server of an HTTPS listener: Envoy's filter chain matched by SNI (`server_names`: a
 * Gateway API listener's `hostname`, a classic server's `hosts`; `*` any), terminating TLS with
 * the credential's key pair and, MUTUAL, requiring a client certificate from `caCert`.
 */
export interface TlsServerConfig {
	readonly hosts: readonly string[];
	readonly mode: 'SIMPLE' | 'MUTUAL';
	/** `namespace/name` of the Secret (SDS resource `kubernetes://name`). */
	readonly credential: string;
	/** PEM: the certificate chain, leaf first, and its private key. */
	readonly certChain: string;
	readonly privateKey: string;
	readonly caCert?: string;
}

export interface GatewayListener {
	readonly name: string;
	readonly port: number;
	/** HTTPS: TLS is terminated (`tls` holds the servers), then HTTP as on an HTTP listener;
	 * TCP: connections are proxied by `tcpRoutes` (istiod's alpha Gateway API only). */
	readonly protocol: 'HTTP' | 'HTTPS' | 'TCP';
	readonly tcpRoutes?: readonly TcpRoute[];
	readonly tls?: readonly TlsServerConfig[];
	readonly address?: IpAddr;
	/** A classic Gateway server's port when the listener is on its Service's targetPort
	 * (virtual hosts are named `<host>:<server port>`). */
	readonly servicePort?: number;
	readonly routes: readonly ServiceRoutes[];
}

export interface WaypointConfig {
	/** Bumped by istiod on every push. */
	readonly version: number;
	/** The waypoint's own Gateway: `default/waypoint`. */
	readonly gateway: { readonly name: string; readonly namespace: string };
	/**
	 * `istio-waypoint` for waypoints; `istio` for an ingress gateway; `istio-east-west` for an
	 * ambient east-west gateway (istiod/eastwest-config.ts).
	 */
	readonly gatewayClassName: 'istio-waypoint' | 'istio' | 'istio-east-west';
	/** The services this waypoint serves (`istio.io/use-waypoint` resolution done by istiod). */
	readonly services: readonly Service[];
	/** Workloads it serves directly (waypoint-for workload/all), and every endpoint of its services. */
	readonly workloads: readonly Workload[];
	readonly routes: readonly ServiceRoutes[];
	readonly policies: readonly L7Authorization[];
	/**
	 * The ingress gateway's listeners (gatewayClassName `istio`): HTTPRoutes whose parentRefs name
	 * the Gateway. A route's `hostname` there is the request host it matches (`*` for any).
	 */
	readonly listeners?: readonly GatewayListener[];
	/**
	 * Set for a classic router (istio-ingressgateway): its listeners come from the
	 * networking.istio.io Gateways selecting the pod, and `gateway` names its Deployment.
	 */
	readonly classic?: boolean;
	/** Envoy access logs on (Telemetry API `accessLogging` with the `envoy` provider). */
	readonly accessLogging?: boolean;
	/**
	 * An ingress gateway's `gatewayTopology.numTrustedProxies` (the HCM's xff_num_trusted_hops):
	 * how many proxies in front of it X-Forwarded-For names. Absent: 0.
	 */
	readonly numTrustedProxies?: number;
	/**
	 * Service hostname → its ports whose protocol is explicitly not HTTP (port name `tcp`,
	 * `tcp-*`, `mongo` …, or a non-HTTP `appProtocol`): the waypoint proxies them at L4 (Envoy's
	 * tcp_proxy) instead of parsing HTTP. Absent: every port is served as HTTP.
	 */
	readonly tcpPorts?: Readonly<Record<string, readonly number[]>>;
	/** TCPRoutes attached to the Services this waypoint serves (their TCP ports only). */
	readonly tcpRoutes?: readonly TcpRoute[];
	/**
	 * Hosts whose DestinationRule says `trafficPolicy.tls.mode: SIMPLE`: the waypoint originates
	 * TLS to them (Envoy's upstream TLS context), verifying the server against the web roots.
	 */
	readonly originateTls?: readonly { readonly hostname: string; readonly sni?: string }[];
	/**
	 * Service hostname → its DestinationRule's connectionPool and outlierDetection: the circuit
	 * breakers and ejection of the cluster the proxy sends that host's requests to.
	 */
	readonly trafficPolicies?: TrafficPolicies;
	/**
	 * WasmPlugins attached to this proxy (`targetRefs` to its Gateway, or to a Service it serves:
	 * `service` holds its hostname), in istiod's order. The proxy emulates only the basic_auth
	 * module (proxy/l7/filters/basic-auth.ts).
	 */
	readonly wasmPlugins?: readonly WasmPluginConfig[];
	/** RequestAuthentication jwtRules attached to this proxy (targetRefs), in istiod's order. */
	readonly jwtRules?: readonly JwtRuleConfig[];
}

/**
 * One RequestAuthentication jwtRule as the proxy's jwt_authn provider: istiod has fetched the
 * `jwksUri` (PILOT_JWT_ENABLE_REMOTE_JWKS defaults to istiod fetching) and inlines the keys.
 */
export interface JwtRuleConfig {
	/** `namespace/name` of the RequestAuthentication. */
	readonly source: string;
	readonly issuer: string;
	readonly audiences?: readonly string[];
	/** The JWKS document (inline `jwks`, or what istiod fetched from `jwksUri`). */
	readonly jwks: string;
	readonly fromHeaders?: readonly { readonly name: string; readonly prefix?: string }[];
	readonly fromParams?: readonly string[];
	readonly forwardOriginalToken?: boolean;
	readonly outputPayloadToHeader?: string;
	/** `outputClaimToHeaders`: a verified token's claim (dotted path) copied into a header. */
	readonly outputClaimToHeaders?: readonly { readonly header: string; readonly claim: string }[];
	/** A waypoint's rule from a Service targetRef: that Service's requests only. */
	readonly service?: string;
}

export interface WasmPluginConfig {
	/** `namespace/name` of the WasmPlugin. */
	readonly name: string;
	readonly url: string;
	/** AUTHN, AUTHZ, STATS or UNSPECIFIED_PHASE. */
	readonly phase: string;
	readonly pluginConfig: unknown;
	readonly service?: string;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isList = (x: unknown): x is unknown[] => Array.isArray(x) && x.every(isObj);

/**
 * A push checked at the edge: the config, or why it is malformed (the waypoint NACKs it and
 * keeps the old config, as Envoy does with a bad xDS response). Never throws.
 */
export function parseWaypointConfig(c: unknown): WaypointConfig | { readonly message: string } {
	if (!isObj(c)) return { message: 'waypoint-config: missing config' };
	if (typeof c['version'] !== 'number')
		return { message: 'waypoint-config: version must be a number' };
	const gw = c['gateway'];
	if (!isObj(gw) || typeof gw['name'] !== 'string' || typeof gw['namespace'] !== 'string') {
		return { message: 'waypoint-config: gateway must name the Gateway' };
	}
	if (
		c['gatewayClassName'] !== 'istio-waypoint' &&
		c['gatewayClassName'] !== 'istio' &&
		c['gatewayClassName'] !== 'istio-east-west'
	) {
		return {
			message: `waypoint-config: unsupported gatewayClassName ${String(c['gatewayClassName'])}`
		};
	}
	for (const k of ['services', 'workloads', 'routes', 'policies'] as const) {
		if (!isList(c[k])) return { message: `waypoint-config: ${k} must be a list of objects` };
	}
	if (c['listeners'] !== undefined && !isList(c['listeners'])) {
		return { message: 'waypoint-config: listeners must be a list of objects' };
	}
	if (c['wasmPlugins'] !== undefined && !isList(c['wasmPlugins'])) {
		return { message: 'waypoint-config: wasmPlugins must be a list of objects' };
	}
	if (c['jwtRules'] !== undefined && !isList(c['jwtRules'])) {
		return { message: 'waypoint-config: jwtRules must be a list of objects' };
	}
	return c as unknown as WaypointConfig;
}
