/**
 * An Envoy-based proxy's view of one L7 config push (a waypoint's WaypointConfig, or the
 * sidecar's, shaped the same): services by VIP and hostname, workloads by IP and uid, the
 * routes and policies that apply to a destination, and the endpoints behind a service port. Envoy builds the same indexes from istiod's listeners, routes and clusters
 * (pilot/pkg/networking/core/waypoint.go: `inbound-vip|<port>|http|<hostname>` per service port).
 */
import { type SpiffeId, spiffeId } from '../../tls/identity.ts';
import type { IpAddr, SocketAddr } from '../../types.ts';
import type { Service, Workload } from '../../xds/workload-api.ts';
import type {
	JwtRuleConfig,
	L7Authorization,
	ServiceRoutes,
	TcpRoute,
	WaypointConfig
} from '../../xds/waypoint-config.ts';
import { ConnectionPool } from './circuit-breakers.ts';
import { OutlierDetector } from './outlier-detection.ts';
import {
	type BasicAuthConfig,
	isBasicAuthModule,
	parseBasicAuthConfig
} from './filters/basic-auth.ts';

/** What a CONNECT authority names: a service port the waypoint serves, or one of its workloads. */
export type Destination =
	| { readonly kind: 'service'; readonly service: Service; readonly port: number }
	| { readonly kind: 'workload'; readonly workload: Workload; readonly port: number };

/** One endpoint to send a request to: the pod and the port the app listens on. */
export interface Endpoint {
	readonly workload: Workload;
	/** The target (container) port; for a waypoint endpoint, the waypoint's HBONE port. */
	readonly port: number;
	/**
	 * Set when the endpoint is the backend's waypoint (an ingress gateway and
	 * `istio.io/ingress-use-waypoint`): HBONE to the waypoint pod, CONNECT to the backend
	 * Service's VIP and port, as istiod's EDS does for `toServiceWaypoint` endpoints.
	 */
	readonly connectTo?: SocketAddr;
	/**
	 * Set for a sidecar's inbound cluster (`inbound|<port>||`): the app in the proxy's own pod,
	 * over plain TCP from the client's address (TPROXY keeps it), never through HBONE.
	 */
	readonly source?: SocketAddr;
}

/** A cluster's circuit breakers and outlier detector, when its DestinationRule sets them. */
export interface ClusterCircuit {
	readonly pool?: ConnectionPool;
	readonly outlier?: OutlierDetector;
}

/** The Service host of an `outbound|port|subset|host` or `inbound-vip|port|http|host` cluster. */
export function clusterService(cluster: string): string | undefined {
	const parts = cluster.split('|');
	return parts[0] === 'outbound' || parts[0] === 'inbound-vip' ? parts[3] : undefined;
}

/** An emulated basic_auth Wasm filter and where its phase puts it in the chain. */
export interface BasicAuthFilter {
	readonly beforeRbac: boolean;
	readonly config: BasicAuthConfig;
}

export function workloadIdentity(w: Workload): SpiffeId {
	return spiffeId(w.namespace, w.serviceAccount, w.trustDomain || undefined);
}

export const EMPTY_CONFIG: WaypointConfig = {
	version: 0,
	gateway: { name: '', namespace: '' },
	gatewayClassName: 'istio-waypoint',
	services: [],
	workloads: [],
	routes: [],
	policies: []
};

export class L7ProxyState {
	readonly config: WaypointConfig;
	readonly #byIp = new Map<string, Workload>();
	readonly #byUid = new Map<string, Workload>();
	readonly #byVip = new Map<string, Service>();
	readonly #byHostname = new Map<string, Service>();
	/** Round-robin cursors per cluster (`hostname:port`), kept across pushes. */
	readonly #cursors: Map<string, number>;
	/**
	 * Circuit breakers and outlier detectors per cluster, kept across pushes as Envoy keeps a
	 * cluster's state while its config stays (a push updates their limits in place).
	 */
	readonly #circuits: Map<string, { pool?: ConnectionPool; outlier?: OutlierDetector }>;
	/** The emulated Wasm filters (basic_auth), parsed once per push, with their Service if any. */
	readonly #basicAuth: readonly {
		readonly service?: string;
		readonly beforeRbac: boolean;
		readonly config: BasicAuthConfig;
	}[];

	constructor(config: WaypointConfig, previous?: L7ProxyState) {
		this.config = config;
		this.#cursors = previous ? previous.#cursors : new Map();
		this.#circuits = previous ? previous.#circuits : new Map();
		for (const w of config.workloads) {
			if (w.address) this.#byIp.set(w.address, w);
			this.#byUid.set(w.uid, w);
		}
		for (const s of config.services) {
			this.#byHostname.set(s.hostname, s);
			for (const vip of s.vips) this.#byVip.set(vip, s);
		}
		this.#basicAuth = (config.wasmPlugins ?? []).flatMap((p) => {
			const parsed = isBasicAuthModule(p.url) ? parseBasicAuthConfig(p.pluginConfig) : undefined;
			// AUTHN and AUTHZ plugins go before Istio's RBAC filter, STATS and unspecified after it.
			const beforeRbac = p.phase === 'AUTHN' || p.phase === 'AUTHZ';
			const service = p.service ? { service: p.service } : {};
			return parsed ? [{ ...service, beforeRbac, config: parsed }] : [];
		});
	}

	/** The jwt_authn providers for requests to `hostname` (the Gateway's, then the Service's). */
	jwtFor(hostname: string | undefined): JwtRuleConfig[] {
		return (this.config.jwtRules ?? []).filter(
			(r) => r.service === undefined || r.service === hostname
		);
	}

	/** The basic_auth filters for requests to `hostname` (the Gateway's, then the Service's). */
	basicAuthFor(hostname: string | undefined): BasicAuthFilter[] {
		return this.#basicAuth
			.filter((b) => b.service === undefined || b.service === hostname)
			.map((b) => ({ beforeRbac: b.beforeRbac, config: b.config }));
	}

	get version(): number {
		return this.config.version;
	}

	workloadByIp(ip: IpAddr | string): Workload | undefined {
		return this.#byIp.get(ip);
	}

	serviceByHostname(hostname: string): Service | undefined {
		return this.#byHostname.get(hostname);
	}

	/**
	 * What the client addressed. "The waypoint will ensure that the traffic is for a Pod or
	 * Service which uses it": a service VIP must be on a served port; a pod IP must be a workload
	 * served directly (waypoint-for workload/all), which istiod marks with `waypoint`.
	 */
	resolve(target: SocketAddr): Destination | undefined {
		const svc = this.#byVip.get(target.ip);
		if (svc) {
			return svc.ports[target.port] === undefined
				? undefined
				: { kind: 'service', service: svc, port: target.port };
		}
		const w = this.#byIp.get(target.ip);
		if (w?.waypoint) return { kind: 'workload', workload: w, port: target.port };
		return undefined;
	}

	/**
	 * The route tables of a service port. "If you create one or more HTTPRoutes which specify a
	 * Service that is also in use with a VirtualService, the HTTPRoute/s will apply and the
	 * VirtualService will not."
	 */
	routesFor(hostname: string, port: number): ServiceRoutes[] {
		const all = this.config.routes.filter(
			(r) => r.hostname === hostname && (r.port === undefined || r.port === port)
		);
		const httpRoutes = all.filter((r) => r.kind === 'HTTPRoute');
		return httpRoutes.length > 0 ? httpRoutes : all;
	}

	/** TCPRoutes attached to a TCP service port (WaypointConfig.tcpRoutes), in istiod's order. */
	tcpRoutesFor(hostname: string, port: number): TcpRoute[] {
		return (this.config.tcpRoutes ?? []).filter(
			(r) => r.hostname === hostname && (r.port === undefined || r.port === port)
		);
	}

	/** Whether the waypoint proxies `port` of `hostname` at L4 (WaypointConfig.tcpPorts). */
	isTcpPort(hostname: string, port: number): boolean {
		return this.config.tcpPorts?.[hostname]?.includes(port) ?? false;
	}

	/** Policies for a service (its own targetRefs plus the Gateway's); Gateway ones only for a pod. */
	policiesFor(hostname: string | undefined): L7Authorization[] {
		return this.config.policies.filter(
			(p) =>
				p.target.kind === 'Gateway' ||
				// A classic router's selector policies cover every request it serves.
				p.target.kind === 'Workload' ||
				(hostname !== undefined &&
					p.target.kind === 'Service' &&
					p.target.hostnames.includes(hostname))
		);
	}

	/** Healthy endpoints of `svc` that serve `svcPort`, with the port each listens on. */
	endpoints(svc: Service, svcPort: number): Endpoint[] {
		const svcTarget = svc.ports[svcPort];
		if (svcTarget === undefined) return [];
		const out: Endpoint[] = [];
		for (const ep of svc.endpoints) {
			if (ep.status !== 'Healthy') continue;
			const wl = this.#byUid.get(ep.workloadUid);
			if (!wl || wl.status !== 'Healthy') continue;
			const port = ep.ports[svcPort] ?? (svcTarget === 0 ? undefined : svcTarget);
			if (port === undefined) continue;
			out.push({ workload: wl, port });
		}
		return out;
	}

	/**
	 * An ingress gateway's endpoints for a Service that has a waypoint and
	 * `istio.io/ingress-use-waypoint`: the waypoint's pods on its HBONE port, each tunnelling to
	 * the Service VIP (endpoint_builder.go findServiceWaypoint). Undefined: send to the Service's
	 * own endpoints (no opt-in, not an ingress gateway, or no VIP to name).
	 */
	waypointEndpoints(svc: Service, svcPort: number): Endpoint[] | undefined {
		const via = svc.waypoint;
		const vip = svc.vips[0];
		if (this.config.gatewayClassName !== 'istio' || !svc.ingressUseWaypoint || !via || !vip)
			return undefined;
		const waypoint = this.#byHostname.get(via.hostname);
		if (!waypoint) return [];
		return this.endpoints(waypoint, via.hboneMtlsPort).map((ep) => ({
			...ep,
			connectTo: { ip: vip, port: svcPort }
		}));
	}

	/**
	 * The circuit of `cluster` under this push's DestinationRule: undefined when it sets neither
	 * connectionPool nor outlierDetection (the cluster then has Envoy's unlimited defaults).
	 */
	circuit(cluster: string, now: number): ClusterCircuit | undefined {
		const host = clusterService(cluster);
		const policy = host === undefined ? undefined : this.config.trafficPolicies?.[host];
		if (!policy) return undefined;
		// The objects outlive a policy's removal, as Envoy keeps a cluster's stats; limits follow
		// the latest push.
		const c = this.#circuits.get(cluster) ?? {};
		if (policy.connectionPool) {
			if (c.pool) c.pool.policy = policy.connectionPool;
			else c.pool = new ConnectionPool(policy.connectionPool);
		}
		if (policy.outlierDetection) {
			if (c.outlier) c.outlier.policy = policy.outlierDetection;
			else c.outlier = new OutlierDetector(policy.outlierDetection, now);
		}
		this.#circuits.set(cluster, c);
		return {
			...(policy.connectionPool && c.pool ? { pool: c.pool } : {}),
			...(policy.outlierDetection && c.outlier ? { outlier: c.outlier } : {})
		};
	}

	/** Every cluster that had a circuit, with its pool (for `/stats`). */
	circuits(): ReadonlyMap<string, ClusterCircuit> {
		return this.#circuits;
	}

	/**
	 * Picks one endpoint round robin per cluster. Envoy's default is LEAST_REQUEST (power of two
	 * choices); with one request at a time per client that degenerates to an even rotation, which
	 * round robin reproduces deterministically.
	 */
	pickEndpoint(cluster: string, endpoints: readonly Endpoint[]): Endpoint | undefined {
		if (endpoints.length === 0) return undefined;
		const n = this.#cursors.get(cluster) ?? 0;
		this.#cursors.set(cluster, n + 1);
		return endpoints[n % endpoints.length];
	}
}
