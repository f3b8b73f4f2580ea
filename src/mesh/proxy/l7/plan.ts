/**
 * The decision for one request before any byte goes upstream, in the order of the waypoint's
 * Envoy filter chain: RBAC (L7 AuthorizationPolicy), router (HTTPRoute / VirtualService rule,
 * weighted backend), fault. Pure: table-tested, carried out by http-proxy.ts.
 */
import type { Header, HttpRequest } from '../../net/http/message.ts';
import { getHeader } from '../../net/http/message.ts';
import type { Rng } from '../../random.ts';
import type { X509Certificate } from '../../tls/certificate.ts';
import type { SpiffeId } from '../../tls/identity.ts';
import { formatAddr, type SocketAddr } from '../../types.ts';
import type { Service, Workload } from '../../xds/workload-api.ts';
import { type AuthzDecision, type AuthzRequest, authorize } from './rbac.ts';
import {
	SAME_PORT,
	type BackendRef,
	type JwtRuleConfig,
	type L7Authorization,
	type RouteMatch,
	type RouteRule,
	type ServiceRoutes
} from '../../xds/waypoint-config.ts';
import { redirectLocation } from './filters/redirect.ts';
import { basicAuthCheck } from './filters/basic-auth.ts';
import { jwtDenial, NO_JWT, type JwtOutcome } from './filters/jwt-authn.ts';
import { type ExtAuthzOutcome, NO_EXT_AUTHZ } from './filters/ext-authz.ts';
import { FAULT_ABORT_BODY, FAULT_ABORT_DETAILS, planFault } from './filters/fault.ts';
import { applyHeaderModifier, pickBackend, selectRule } from './route.ts';
import type { BasicAuthFilter, Endpoint, L7ProxyState } from './state.ts';

export const RBAC_DENIED_BODY = 'RBAC: access denied';

/** The RBAC decision of a request a filter before RBAC answered: RBAC never ran. */
const NOT_REACHED: AuthzDecision = {
	allowed: true,
	details: '',
	reason: 'answered by a filter before RBAC',
	audited: []
};

/** Who sent the request and where it was going, as the tunnel (or listener) tells. */
export interface Downstream {
	/** Proven by mTLS: the client's ztunnel connection carries the client's identity. */
	readonly identity: SpiffeId | undefined;
	readonly peerCertificate: X509Certificate | undefined;
	/** The client (`forwarded: for=` on the CONNECT, else the peer address). */
	readonly remote: SocketAddr;
	/** The original destination: the CONNECT authority, or the listener's address. */
	readonly local: SocketAddr;
	readonly connectTraceparent: string | undefined;
	readonly mtls: boolean;
	/** false: mTLS straight over TCP (a sidecar's inbound mTLS chain), not an HBONE tunnel. */
	readonly hbone?: boolean;
	/** The TLS SNI the client sent (Envoy's requestedServerName), where one was. */
	readonly sni?: string;
	/**
	 * A gateway's trusted client address (edge-request.ts): Envoy's downstream remote address,
	 * from X-Forwarded-For when `numTrustedProxies` says so. Absent: `remote`.
	 */
	readonly trustedRemote?: SocketAddr;
}

/** What the request addresses, resolved against the config. */
export interface RequestTarget {
	readonly service: Service | undefined;
	/** Set when a pod IP was addressed directly (waypoint-for workload). */
	readonly workload: Workload | undefined;
	readonly port: number;
	readonly routes: readonly ServiceRoutes[];
	readonly policies: readonly L7Authorization[];
	/** RequestAuthentication providers (jwt_authn, before RBAC); absent or empty: no filter. */
	readonly jwt?: readonly JwtRuleConfig[];
	/** WasmPlugins (phase AUTHN, before RBAC) of the emulated basic_auth module. */
	readonly basicAuth?: readonly BasicAuthFilter[];
	/** The backend when no route applies ("by default, a Service will simply route to itself"). */
	readonly fallback: BackendRef | undefined;
	/** A sidecar's inbound listener: the app in its own pod is the only upstream (`inbound|<port>||`). */
	readonly inbound?: Workload;
	/** A sidecar's outbound listener: a Service is an `outbound|…` cluster, never `inbound-vip`. */
	readonly outbound?: true;
}

/** The decision for one request before any byte goes upstream. */
export type RequestPlan =
	| {
			readonly type: 'local-reply';
			readonly status: number;
			readonly body: string;
			readonly flags: readonly string[];
			readonly details: string;
			/** Headers the reply carries beyond Envoy's own (a redirect's `location`). */
			readonly headers?: readonly Header[];
			readonly routeName?: string;
			/** The cluster the route had chosen (Envoy logs it even for a local reply). */
			readonly cluster?: string;
			readonly delayMs?: number;
	  }
	| {
			readonly type: 'forward';
			readonly backend: BackendRef;
			readonly cluster: string;
			readonly rule: RouteRule | undefined;
			readonly routeName: string;
			/** `namespace/name` of the HTTPRoute or VirtualService, when one routed. */
			readonly routeSource: string | undefined;
			readonly headers: readonly Header[];
			readonly delayMs?: number;
	  };

function splitTarget(target: string): { path: string; query: string } {
	const q = target.indexOf('?');
	return q < 0
		? { path: target, query: '' }
		: { path: target.slice(0, q), query: target.slice(q + 1) };
}

/** The route a request takes: the matching rule of the target's routes, else its fallback. */
function resolveRoute(
	target: RequestTarget,
	req: HttpRequest,
	path: string,
	query: string,
	jwt: JwtOutcome
): {
	rule: RouteRule | undefined;
	match: RouteMatch | undefined;
	routeName: string | undefined;
	routeSource: string | undefined;
	backends: readonly BackendRef[];
} {
	// No fallback (an ingress listener, or a destination no longer served): a route must match.
	if (target.routes.length === 0 && target.fallback)
		return {
			rule: undefined,
			match: undefined,
			routeName: 'default',
			routeSource: undefined,
			backends: [target.fallback]
		};
	const selected = selectRule(target.routes, {
		method: req.method,
		path,
		query,
		headers: req.headers,
		// A VirtualService may match on the verified token's claims (`@request.auth.claims.*`).
		...(jwt.kind === 'verified' ? { claims: jwt.claims } : {})
	});
	return {
		rule: selected?.rule,
		match: selected?.match,
		routeName: selected?.name,
		routeSource: selected?.routes.source,
		backends: selected?.rule?.backends ?? []
	};
}

/** The first basic_auth filter on this side of RBAC that refuses the request. */
function basicAuthDenial(
	target: RequestTarget,
	req: HttpRequest,
	beforeRbac: boolean
): { details: string; headers: Header[] } | undefined {
	const auth = getHeader(req.headers, 'authorization');
	for (const f of target.basicAuth ?? []) {
		if (f.beforeRbac !== beforeRbac) continue;
		const denied = basicAuthCheck(f.config, req.method, req.target, auth);
		if (denied) return { details: denied.details, headers: denied.headers.map(([k, v]) => [k, v]) };
	}
	return undefined;
}

/** The request as the jwt_authn filter leaves it (a verified token may be stripped). */
export function afterJwt(original: HttpRequest, jwt: JwtOutcome): HttpRequest {
	return jwt.kind === 'verified' ? { ...original, headers: jwt.headers } : original;
}

/** What the RBAC filters (and CUSTOM's rules) see of a request. */
export function authzRequestOf(
	target: RequestTarget,
	down: Downstream,
	req: HttpRequest,
	jwt: JwtOutcome
): AuthzRequest {
	return {
		...(jwt.kind === 'verified' ? { requestPrincipal: jwt.principal, claims: jwt.claims } : {}),
		method: req.method,
		path: splitTarget(req.target).path,
		host: getHeader(req.headers, 'host') ?? formatAddr(down.local),
		headers: req.headers,
		port: target.port,
		destinationIp: down.local.ip,
		sourceIp: down.remote.ip,
		...(down.trustedRemote ? { remoteIp: down.trustedRemote.ip } : {}),
		sourceIdentity: down.identity
	};
}

/**
 * Decides, in Envoy's order: the route and its weighted cluster are resolved first (so even a
 * denied request logs them), then RBAC, then "no route" (404 `NR`), then fault injection.
 */
export function planRequest(
	target: RequestTarget,
	down: Downstream,
	original: HttpRequest,
	rng: Rng,
	jwt: JwtOutcome = NO_JWT,
	ext: ExtAuthzOutcome = NO_EXT_AUTHZ
): { plan: RequestPlan; authz: AuthzDecision } {
	// jwt_authn runs first: a verified token may leave the request (forwardOriginalToken false);
	// then ext_authz (CUSTOM), whose allow may set headers the rest of the chain sees.
	const req = withExtAuthzHeaders(afterJwt(original, jwt), ext);
	const { path, query } = splitTarget(req.target);
	const route = resolveRoute(target, req, path, query, jwt);
	const { rule, match, routeName, routeSource, backends } = route;
	const picked = pickBackend(backends, rng);
	const backend = picked?.port === SAME_PORT ? { ...picked, port: target.port } : picked;
	const cluster = backend ? clusterName(target, backend) : undefined;
	const reply = (
		status: number,
		body: string,
		flags: readonly string[],
		details: string,
		delayMs?: number
	): RequestPlan => ({
		type: 'local-reply',
		status,
		body,
		flags,
		details,
		...(routeName !== undefined ? { routeName } : {}),
		...(cluster !== undefined ? { cluster } : {}),
		...(delayMs !== undefined ? { delayMs } : {})
	});

	const authority = getHeader(req.headers, 'host') ?? formatAddr(down.local);
	// The emulated Wasm filters, each where its WasmPlugin `phase` puts it around RBAC.
	const wasm = (beforeRbac: boolean): RequestPlan | undefined => {
		const denied = basicAuthDenial(target, req, beforeRbac);
		return denied && { ...reply(401, '', [], denied.details), headers: denied.headers };
	};
	if (jwt.kind === 'failed') {
		const denied = jwtDenial(jwt.status, req, authority);
		const plan = { ...reply(401, denied.body, [], denied.details), headers: denied.headers };
		return { plan, authz: NOT_REACHED };
	}
	const authn = wasm(true);
	if (authn) return { plan: authn, authz: NOT_REACHED };
	if (ext.kind === 'denied') {
		const plan = { ...reply(ext.status, ext.body, ['UAEX'], ext.details), headers: ext.headers };
		return { plan, authz: NOT_REACHED };
	}
	const authz = authorize(target.policies, authzRequestOf(target, down, req, jwt));
	if (!authz.allowed) return { plan: reply(403, RBAC_DENIED_BODY, [], authz.details), authz };
	const stats = wasm(false);
	if (stats) return { plan: stats, authz };
	if (routeName === undefined) {
		return { plan: reply(404, '', ['NR'], 'route_not_found'), authz };
	}
	if (rule?.redirect) {
		const location = redirectLocation(
			rule.redirect,
			{ path, query, authority, listenerPort: target.port },
			match
		);
		const plan: RequestPlan = {
			...reply(rule.redirect.statusCode, '', [], 'direct_response'),
			headers: [['location', location]]
		};
		return { plan, authz };
	}
	const fault = planFault(rule?.fault, rng);
	const delayFlag = fault.delayMs !== undefined ? ['DI'] : [];
	if (fault.abortStatus !== undefined) {
		const flags = [...delayFlag, 'FI'];
		const plan = reply(
			fault.abortStatus,
			FAULT_ABORT_BODY,
			flags,
			FAULT_ABORT_DETAILS,
			fault.delayMs
		);
		return { plan, authz };
	}
	if (!backend || cluster === undefined) {
		// Gateway API: a rule without (valid, weighted) backends answers 500.
		return { plan: reply(500, '', delayFlag, 'direct_response', fault.delayMs), authz };
	}
	return {
		plan: {
			type: 'forward',
			backend,
			cluster,
			rule,
			routeName,
			routeSource,
			headers: applyHeaderModifier(req.headers, rule?.requestHeaderModifier),
			...(fault.delayMs !== undefined ? { delayMs: fault.delayMs } : {})
		},
		authz
	};
}

/** An ext_authz allow's headers on the request (HeaderValueOption without append: replace). */
function withExtAuthzHeaders(req: HttpRequest, ext: ExtAuthzOutcome): HttpRequest {
	if (ext.kind !== 'allowed' || ext.upstreamHeaders.length === 0) return req;
	return { ...req, headers: setHeaders(req.headers, ext.upstreamHeaders) };
}

/** Each header replaces any of the same name (HeaderValueOption without append). */
function setHeaders(headers: readonly Header[], set: readonly Header[]): Header[] {
	const names = new Set(set.map(([k]) => k.toLowerCase()));
	return [...headers.filter(([k]) => !names.has(k.toLowerCase())), ...set];
}

/** Envoy's cluster name for a backend (%UPSTREAM_CLUSTER_RAW%). */
export function clusterName(target: RequestTarget, b: BackendRef): string {
	if (target.inbound) return `inbound|${b.port}||`;
	if (target.workload && !target.service)
		return `inbound-pod|${b.port}||${target.workload.address}`;
	const self =
		!target.outbound &&
		target.service?.hostname === b.hostname &&
		target.port === b.port &&
		!b.subsetLabels &&
		b.undefinedSubset === undefined;
	if (self) return `inbound-vip|${b.port}|http|${b.hostname}`;
	const subset =
		b.undefinedSubset ?? (b.subsetLabels ? Object.values(b.subsetLabels).join('-') : '');
	return `outbound|${b.port}|${subset}|${b.hostname}`;
}

/** `outbound|9080||reviews.default.svc.cluster.local` → its host; undefined for other clusters. */
export function clusterHostname(cluster: string): string | undefined {
	const parts = cluster.split('|');
	return parts[0] === 'outbound' ? parts[3] : undefined;
}

/**
 * The endpoints of a backend; a DestinationRule subset keeps those whose pod carries all of its
 * labels (Envoy's subset load balancer over endpoint metadata).
 */
export function backendEndpoints(
	state: L7ProxyState,
	target: RequestTarget,
	b: BackendRef,
	client?: SocketAddr
): Endpoint[] | undefined {
	if (target.inbound) {
		return [{ workload: target.inbound, port: b.port, ...(client ? { source: client } : {}) }];
	}
	if (target.workload && !target.service) return [{ workload: target.workload, port: b.port }];
	const svc = state.serviceByHostname(b.hostname);
	// No Service, or a subset no DestinationRule defines: Envoy has no such cluster.
	if (!svc || b.undefinedSubset !== undefined) return undefined;
	// Through the backend's waypoint, which applies subsets itself: no subset filter here.
	const viaWaypoint = state.waypointEndpoints(svc, b.port);
	if (viaWaypoint) return viaWaypoint;
	const labels = Object.entries(b.subsetLabels ?? {});
	return state
		.endpoints(svc, b.port)
		.filter(({ workload: w }) => labels.every(([k, v]) => w.labels?.[k] === v));
}
