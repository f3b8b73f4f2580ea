/**
 * The sidecar's HTTP half: Envoy's HTTP connection manager on the ports whose protocol is HTTP,
 * composed from the proxy core's L7 engine (src/mesh/proxy/l7), the same one a waypoint runs.
 * Client side (outbound 15001): the app's request to a Service VIP is routed by the
 * VirtualService or HTTPRoute of that host (weights, matches, retries, timeouts, faults) and
 * sent to the chosen pod, over HBONE when it is in the mesh, Istio mTLS over TCP to a sidecar
 * pod (`cluster-tls.ts`), else plaintext. Server side (15008, 15006): each
 * request passes the pod's L7 AuthorizationPolicies (Envoy's RBAC filter: 403
 * `RBAC: access denied`) and goes to the app. Both sides count `istio_requests_total`
 * (`reporter="source"` / `"destination"`) and write Envoy's access log when a Telemetry enables it.
 * Mirrors pilot/pkg/networking/core (sidecar outbound/inbound HTTP listeners).
 */
import type { Clock } from '../clock.ts';
import type { NetStack, Socket } from '../net/socket.ts';
import type { Authorization, Service, Workload, ZtunnelConfig } from '../xds/workload-api.ts';
import { type SidecarHttp, sidecarHttpOf } from '../xds/sidecar-config.ts';
import type { WaypointConfig } from '../xds/waypoint-config.ts';
import type { WorkloadCerts, X509Certificate } from '../tls/certificate.ts';
import type { IdentityError, SpiffeId } from '../tls/identity.ts';
import type { Rng } from '../random.ts';
import type { TrafficEvent } from '../telemetry/traffic.ts';
import type { NodeName } from '../types.ts';
import type { InboundConnection, InboundHttp } from '../proxy/l4/inputs.ts';
import { serveHttp } from '../proxy/l7/http-connection-manager.ts';
import { WaypointMetrics } from '../proxy/l7/metrics.ts';
import type { Downstream, RequestTarget } from '../proxy/l7/plan.ts';
import type { EnvoyDebugLog, L7Role, WaypointInputs } from '../proxy/l7/proxy-inputs.ts';
import { EMPTY_CONFIG, L7ProxyState } from '../proxy/l7/state.ts';
import { createUpstreamPool } from '../proxy/l7/upstream.ts';
import type { Endpoint } from '../proxy/l7/state.ts';
import { usesIstioMtls } from './cluster-tls.ts';

export interface SidecarHttpDeps {
	/** The proxy's own stack (its sockets are not redirected). */
	readonly net: NetStack;
	readonly clock: Clock;
	readonly crypto: Crypto;
	readonly rng: Rng;
	readonly traces: Rng;
	/** The latest push (ztunnel's config plus the HTTP half). */
	config(): ZtunnelConfig | undefined;
	/** This pod's certificate: the client side presents it upstream. */
	certificate(): Promise<WorkloadCerts | IdentityError>;
	trustRoots(): readonly X509Certificate[];
	identity(): SpiffeId | undefined;
	log(line: string): void;
	/** Envoy's debug log at the levels `/logging` set. */
	readonly envoyLog?: EnvoyDebugLog;
	report(event: TrafficEvent): void;
	/** `namespace/pod` and node, for traffic events. */
	readonly proxy: string;
	readonly node: NodeName;
}

export interface SidecarHttpProxy {
	readonly metrics: WaypointMetrics;
	/** The L7 state of the latest push (its clusters' circuit breakers, for `/stats`). */
	state(): L7ProxyState;
	/** The HTTP half of the last push, if it had one. */
	http(): SidecarHttp | undefined;
	/** Serves the app's connection at L7 when `svc:port` speaks HTTP; undefined: L4's to carry. */
	outbound(socket: Socket, svc: Service, port: number): Promise<void> | undefined;
	readonly inbound: InboundHttp;
}

/** The L7 engine's view of a sidecar push: every service, labelled workloads, routes, policies. */
function l7Config(config: ZtunnelConfig, http: SidecarHttp | undefined): WaypointConfig {
	return {
		...EMPTY_CONFIG,
		version: config.version,
		services: config.services,
		workloads: config.workloads.map((w) => ({ ...w, labels: http?.labels[w.uid] ?? {} })),
		routes: http?.routes ?? [],
		policies: http?.policies ?? [],
		...(http?.jwtRules ? { jwtRules: http.jwtRules } : {}),
		...(config.accessLogging !== undefined ? { accessLogging: config.accessLogging } : {}),
		...(http?.trafficPolicies ? { trafficPolicies: http.trafficPolicies } : {})
	};
}

const key = (p: { namespace: string; name: string }): string => `${p.namespace}/${p.name}`;

export function createSidecarHttp(deps: SidecarHttpDeps): SidecarHttpProxy {
	const metrics = new WaypointMetrics();
	const l7 = sidecarL7(deps, metrics);
	return {
		metrics,
		state: l7.state,
		http: l7.http,
		outbound: (socket, svc, port) => outboundHttp(l7, socket, svc, port),
		inbound: inboundHttp(l7)
	};
}

/** What the two sides share: the L7 view of the latest push and the engine's inputs per side. */
interface SidecarL7 {
	/** The L7 state, rebuilt when a new push arrived. */
	state(): L7ProxyState;
	http(): SidecarHttp | undefined;
	/** Whether `hostname:port` speaks HTTP (Istio's explicit protocol selection). */
	isHttp(hostname: string, port: number): boolean;
	readonly outboundInputs: WaypointInputs;
	readonly inboundInputs: WaypointInputs;
}

function sidecarL7(deps: SidecarHttpDeps, metrics: WaypointMetrics): SidecarL7 {
	let seen: ZtunnelConfig | undefined;
	let state = new L7ProxyState(EMPTY_CONFIG);
	const current = (): L7ProxyState => {
		const config = deps.config();
		if (config && config !== seen) {
			seen = config;
			state = new L7ProxyState(l7Config(config, sidecarHttpOf(config)), state);
		}
		return state;
	};
	const http = (): SidecarHttp | undefined => {
		const config = deps.config();
		return config && sidecarHttpOf(config);
	};
	const upstream = {
		net: deps.net,
		clock: deps.clock,
		crypto: deps.crypto,
		certificate: () => deps.certificate(),
		trustRoots: () => deps.trustRoots(),
		istioMtls: (ep: Endpoint, hostname: string | undefined) =>
			usesIstioMtls(http(), ep.workload, hostname)
	};
	const pool = createUpstreamPool(upstream);
	const inputs = (role: L7Role): WaypointInputs => ({
		...upstream,
		pool,
		role,
		rng: deps.rng,
		traces: deps.traces,
		state: current,
		identity: () => deps.identity(),
		metrics,
		log: (line) => deps.log(line),
		...(deps.envoyLog ? { envoyLog: deps.envoyLog } : {}),
		report: (event) => deps.report(event),
		proxy: deps.proxy,
		node: deps.node,
		gateway: () => ''
	});
	return {
		state: current,
		http,
		isHttp: (hostname, port) => http()?.httpPorts[hostname]?.includes(port) === true,
		outboundInputs: inputs('sidecar-outbound'),
		inboundInputs: inputs('sidecar-inbound')
	};
}

/** Client side: the app's connection to `svc:port`, routed per request; undefined: not HTTP. */
function outboundHttp(
	l7: SidecarL7,
	socket: Socket,
	svc: Service,
	port: number
): Promise<void> | undefined {
	if (!l7.isHttp(svc.hostname, port)) return undefined;
	const down: Downstream = {
		identity: undefined,
		peerCertificate: undefined,
		remote: socket.remote,
		local: socket.local,
		connectTraceparent: undefined,
		mtls: false
	};
	const target = (): RequestTarget => {
		const s = l7.state();
		const service = s.serviceByHostname(svc.hostname) ?? svc;
		return {
			service,
			workload: undefined,
			port,
			routes: s.routesFor(service.hostname, port),
			policies: [],
			fallback: { hostname: service.hostname, port, weight: 1 },
			outbound: true
		};
	};
	return serveHttp(l7.outboundInputs, socket, down, target);
}

/**
 * The SNI a client sidecar sets on Istio mTLS to a Service's pod (cluster.go
 * `outbound_.<port>_.<subset>_.<host>`, service port and no subset), for RBAC's debug log.
 */
function clientSni(l7: SidecarL7, conn: InboundConnection): { sni?: string } {
	const svc = conn.service && l7.state().serviceByHostname(conn.service.hostname);
	if (conn.transport !== 'tls' || !svc) return {};
	const port = Object.entries(svc.ports).find(([, t]) => t === conn.dst.port)?.[0];
	return port === undefined ? {} : { sni: `outbound_.${port}_._.${svc.hostname}` };
}

/** Server side: requests to the app on an HTTP port pass the pod's L7 policies first. */
function inboundHttp(l7: SidecarL7): InboundHttp {
	return {
		handles(destination: Workload, dst) {
			const svcs = l7
				.state()
				.config.services.filter((s) => s.endpoints.some((e) => e.workloadUid === destination.uid));
			return svcs.some((s) =>
				Object.entries(s.ports).some(([sport, tport]) => {
					const ep = s.endpoints.find((e) => e.workloadUid === destination.uid);
					const target = ep?.ports[Number(sport)] ?? tport;
					return target === dst.port && l7.isHttp(s.hostname, Number(sport));
				})
			);
		},
		connectionPolicies(policies: readonly Authorization[]) {
			const l7Policies = new Set((l7.http()?.policies ?? []).map(key));
			return policies.filter((p) => !l7Policies.has(key(p)));
		},
		async serve(stream: Socket, conn: InboundConnection) {
			const down: Downstream = {
				identity: conn.identity,
				peerCertificate: conn.peerCertificate,
				remote: conn.src,
				local: conn.dst,
				connectTraceparent: conn.traceparent,
				mtls: conn.identity !== undefined,
				...(conn.transport === 'tls' ? { hbone: false } : {}),
				...clientSni(l7, conn)
			};
			await serveHttp(l7.inboundInputs, stream, down, () => {
				const s = l7.state();
				const service = conn.service && s.serviceByHostname(conn.service.hostname);
				return {
					service,
					workload: conn.destination,
					port: conn.dst.port,
					routes: [],
					policies: l7.http()?.policies ?? [],
					jwt: l7.http()?.jwtRules ?? [],
					fallback: { hostname: conn.destination.address, port: conn.dst.port, weight: 1 },
					inbound: conn.destination
				};
			});
		}
	};
}
