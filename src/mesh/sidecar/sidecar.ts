/**
 * The sidecar proxy of one pod (container `istio-proxy`, image proxyv2, args `proxy sidecar`):
 * it runs in the pod's own host, so every sidecar pod carries a proxy of its own. The pod's
 * redirection is already in place (istio-init or istio-cni ran istio-iptables); it connects to istiod for
 * config and its certificate (`agent.ts`), and serves the listeners Envoy has in a sidecar
 * (`listeners.ts`): outbound 15001, inbound 15006, HBONE 15008, Envoy stats 15090 and merged
 * stats 15020, then readiness 15021 once it has a config.
 *
 * Like Envoy, it composes both engines of the proxy core (src/mesh/proxy): L4 for TCP ports
 * (outbound HBONE to HBONE workloads, Istio mTLS over TCP to other sidecar pods, plain TCP
 * elsewhere; HBONE, mTLS and plaintext inbound with L4 policy, so PeerAuthentication STRICT
 * refuses plaintext) and L7 for
 * ports whose protocol is HTTP (`http.ts`: routing client side, L7 authorization server side,
 * request metrics and access logs). This file wires the parts around `context.ts`.
 */
import { goLog } from '../istio/log.ts';
import { proxySockets } from '../cni/istio-iptables.ts';
import { SecretManager } from '../proxy/l4/identity/manager.ts';
import type { ProxyInputs } from '../proxy/l4/inputs.ts';
import { Metrics } from '../proxy/l4/metrics.ts';
import { ProxyState, workloadIdentity } from '../proxy/l4/state/proxy-state.ts';
import type { ContainerSpec, HostContext } from '../runtime/host.ts';
import { traceRng } from '../telemetry/trace-rng.ts';
import { createReplayCache } from '../tls/handshake.ts';
import type { IstiodClient } from '../xds/client.ts';
import type { NodeMetadata } from '../xds/protocol.ts';
import type { ZtunnelConfig } from '../xds/workload-api.ts';
import { serveAdmin } from './admin.ts';
import { EnvoyLogging } from '../proxy/envoy/logging.ts';
import { envoyDebugLog } from '../proxy/envoy/debug-log.ts';
import type { EnvoyDebugLog } from '../proxy/l7/proxy-inputs.ts';
import { KUBE_APP_PROBERS_ENV } from './app-health.ts';
import { connectAgent, logFirstCertificate, logProxyRole, serveReadiness } from './agent.ts';
import type { SidecarContext, SidecarLog } from './context.ts';
import { createSidecarHttp, type SidecarHttpProxy } from './http.ts';
import { serveStats, startListeners } from './listeners.ts';
import { TcpAccessLog } from './tcp-access-log.ts';
import { usesIstioMtls } from './cluster-tls.ts';

export { SIDECAR_PORTS, SIDECAR_REDIRECTION } from './ports.ts';

/** Envoy is ready once it has its first config; past this it starts anyway (not ready yet). */
const FIRST_CONFIG_WAIT = 10_000;

const EMPTY_CONFIG: ZtunnelConfig = { version: 0, workloads: [], services: [], policies: [] };

export interface Sidecar {
	readonly agent: IstiodClient;
	readonly metrics: Metrics;
	/** The HTTP half: `istio_requests_total`, routes, L7 policies. */
	readonly http: SidecarHttpProxy;
	state(): ProxyState;
}

/** `metadata`: the xDS node metadata pilot-agent sends istiod (CLUSTER_ID, ISTIO_VERSION …). */
export async function startSidecar(
	ctx: HostContext,
	container: ContainerSpec,
	metadata?: NodeMetadata
): Promise<Sidecar> {
	const c = container.name;
	const log: SidecarLog = (level, scope, message) => goLog(ctx, c, level, scope, message);
	// The pod's rules were installed before the proxy started, by istio-init or istio-cni.
	const own = proxySockets(ctx.net);
	logProxyRole(ctx, log);
	const traces = traceRng(ctx.rng, ctx.spec.generation);
	const agent = connectAgent(ctx, own, container, metadata, log);
	const metrics = new Metrics();
	const state = latestState(agent);
	const sc: SidecarContext = { ctx, container: c, net: own, log, agent, state, traces };
	const tcpLog = new TcpAccessLog(sc);
	const secrets = new SecretManager((id) => agent.certificateFor(id), ctx.clock);
	const logging = new EnvoyLogging();
	const http = httpHalf(sc, secrets, envoyDebugLog(ctx, c, logging));
	const pi: ProxyInputs = {
		net: own,
		clock: ctx.clock,
		state,
		secrets,
		trustRoots: () => agent.trustRoots(),
		metrics,
		accessLog: tcpLog.write,
		replayCache: createReplayCache(),
		crypto: ctx.crypto,
		// Sidecars bypass waypoints, per Istio's data-plane doc: in Istio a sidecar is a full proxy.
		bypassWaypoints: true,
		istioMtls: (w, svc) => usesIstioMtls(http.http(), w, svc?.hostname),
		inboundHttp: http.inbound
	};
	startListeners(sc, pi, http, tcpLog);
	serveStats(sc, http, metrics, container.env[KUBE_APP_PROBERS_ENV]);
	serveAdmin(sc, secrets, http, logging);

	const started = ctx.clock.now();
	const config = await agent.firstConfig(FIRST_CONFIG_WAIT);
	const self = config?.workloads.find((w) => w.address === ctx.spec.ip);
	// pilot-agent's SDS fetches the workload certificate before Envoy reports ready.
	if (self)
		logFirstCertificate(sc, await secrets.fetchCertificate(workloadIdentity(self)), started);
	serveReadiness(sc);
	if (config) log('info', undefined, 'Envoy proxy is ready');
	else log('warn', undefined, 'Envoy proxy is NOT ready: config not received from XDS server');
	return { agent, metrics, http, state };
}

/** ztunnel's ProxyState over the agent's latest push, rebuilt only when a new one arrived. */
function latestState(agent: IstiodClient): () => ProxyState {
	let current = new ProxyState(EMPTY_CONFIG);
	return () => {
		const config = agent.config() ?? EMPTY_CONFIG;
		if (config !== current.config) current = new ProxyState(config, current);
		return current;
	};
}

/** The L7 half over the L4 half's state and secrets: this pod's identity and certificate. */
function httpHalf(
	sc: SidecarContext,
	secrets: SecretManager,
	envoyLog: EnvoyDebugLog
): SidecarHttpProxy {
	const { ctx, agent, state } = sc;
	const ownWorkload = () => state().workloadByIp(ctx.spec.ip);
	return createSidecarHttp({
		net: sc.net,
		clock: ctx.clock,
		crypto: ctx.crypto,
		rng: ctx.rng.fork('envoy'),
		traces: sc.traces,
		config: () => agent.config(),
		certificate: async () => {
			const w = ownWorkload();
			return w
				? secrets.fetchCertificate(workloadIdentity(w))
				: { type: 'identity-error', message: 'no workload for this pod yet: waiting for config' };
		},
		trustRoots: () => agent.trustRoots(),
		identity: () => {
			const w = ownWorkload();
			return w && workloadIdentity(w);
		},
		log: (line) => ctx.log(sc.container, line),
		envoyLog,
		report: (event) => ctx.report(event),
		proxy: `${ctx.spec.namespace}/${ctx.spec.name}`,
		node: ctx.spec.node
	});
}
