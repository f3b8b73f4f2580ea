/**
 * What a sidecar's push carries beyond ztunnel's workload API: what its Envoy's HTTP filters need.
 * Real istiod sends a sidecar listeners (one per service port, HTTP or TCP by protocol selection),
 * route configurations (VirtualServices and HTTPRoutes of every host it may call) and the RBAC
 * filters of the AuthorizationPolicies that select its pod; this is the same information in plain
 * shapes. istiod (src/mesh/istiod/sidecar-config.ts) produces it; the sidecar consumes it.
 */
import type { JwtRuleConfig, L7Authorization, ServiceRoutes } from './waypoint-config.ts';
import type { TrafficPolicies } from './traffic-policy.ts';
import type { ZtunnelConfig } from './workload-api.ts';

export interface SidecarHttp {
	/**
	 * Service hostname → its ports whose protocol is HTTP: port name `http`/`http-*`/`http2…` or
	 * `appProtocol: http` (Istio's explicit protocol selection). Other ports are TCP proxies.
	 */
	readonly httpPorts: Readonly<Record<string, readonly number[]>>;
	/** Client side: the route tables of every service (HTTPRoute over VirtualService, per host). */
	readonly routes: readonly ServiceRoutes[];
	/** Server side: the L7 AuthorizationPolicies (`selector`, namespace or mesh wide) of this pod. */
	readonly policies: readonly L7Authorization[];
	/** Pod labels by workload uid: DestinationRule subsets select endpoints by them. */
	readonly labels: Readonly<Record<string, Readonly<Record<string, string>>>>;
	/**
	 * Service hostname → the `trafficPolicy.tls.mode` of the DestinationRule this client applies
	 * to it (absent: auto mTLS decides by the endpoint's `security.istio.io/tlsMode` label).
	 */
	readonly tlsModes?: Readonly<Record<string, ClientTlsMode>>;
	/** Server side: the RequestAuthentication jwtRules selecting this pod (jwt_authn). */
	readonly jwtRules?: readonly JwtRuleConfig[];
	/** Service hostname → its DestinationRule's connectionPool and outlierDetection. */
	readonly trafficPolicies?: TrafficPolicies;
}

/** networking.istio.io ClientTLSSettings.TLSmode. */
export type ClientTlsMode = 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL';

/** A sidecar's push: ztunnel's config plus the HTTP half. */
export interface SidecarConfig extends ZtunnelConfig {
	readonly http?: SidecarHttp;
}

/** The HTTP half of a push, when it has one of the right shape (else the sidecar stays L4). */
export function sidecarHttpOf(config: ZtunnelConfig): SidecarHttp | undefined {
	const http = (config as SidecarConfig).http;
	if (typeof http !== 'object' || http === null) return undefined;
	const ok =
		typeof http.httpPorts === 'object' &&
		http.httpPorts !== null &&
		Array.isArray(http.routes) &&
		Array.isArray(http.policies) &&
		typeof http.labels === 'object' &&
		http.labels !== null;
	return ok ? http : undefined;
}
