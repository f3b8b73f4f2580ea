/**
 * The sidecar proxy of one pod (container `istio-proxy`, image proxyv2, args `proxy sidecar`):
 * it runs in the pod's own host, so every sidecar pod carries a proxy of its own. At start it
 * installs the pod's redirection (what istio-iptables / istio-cni do), connects to istiod for
 * config and its certificate, and serves the listeners Envoy has in a sidecar: outbound 15001,
 * inbound 15006, HBONE 15008, readiness 15021, Envoy stats 15090 and merged stats 15020.
 *
 * Like Envoy, it composes both engines of the proxy core (src/mesh/proxy): L4 for TCP ports
 * (outbound HBONE to mesh workloads, ambient or sidecar, plain TCP elsewhere; HBONE and
 * plaintext inbound with L4 policy, so PeerAuthentication STRICT refuses plaintext) and L7 for
 * ports whose protocol is HTTP (`http.ts`: routing client side, L7 authorization server side,
 * request metrics and access logs).
 */
import { simDate } from '../tls/certificate.ts';
import { goLog } from '../istio/log.ts';
import { istioBuildString } from '../istio/version.ts';
import { makeResponse } from '../net/http/message.ts';
import { type HttpHandler, isListenError, serve } from '../net/http/server.ts';
import type { NetStack, Socket } from '../net/socket.ts';
import { type PodRedirection, redirectInPod } from '../cni/istio-iptables.ts';
import type { ContainerSpec, HostContext } from '../runtime/host.ts';
import { createReplayCache } from '../tls/handshake.ts';
import { isIdentityError } from '../tls/identity.ts';
import { formatAddr, type SimMillis } from '../types.ts';
import { SecretManager } from '../proxy/l4/identity/manager.ts';
import type { AccessLog } from '../proxy/l4/connection-result.ts';
import { Inbound } from '../proxy/l4/inbound.ts';
import { InboundPassthrough } from '../proxy/l4/inbound-passthrough.ts';
import type { ProxyInputs } from '../proxy/l4/inputs.ts';
import { Metrics } from '../proxy/l4/metrics.ts';
import { Outbound } from '../proxy/l4/outbound.ts';
import { ProxyState, workloadIdentity } from '../proxy/l4/state/proxy-state.ts';
import type { ZtunnelConfig } from '../xds/workload-api.ts';
import type { Rng } from '../random.ts';
import { traceRng } from '../telemetry/trace-rng.ts';
import { durationOf, envoyTcpLine, parseFields, sidecarEvent } from './access-log.ts';
import { createSidecarHttp, type SidecarHttpProxy } from './http.ts';
import { connectIstiod, type IstiodClient } from '../xds/client.ts';
import { configError } from '../proxy/l4/state/validate.ts';
import { ISTIOD_ADDRESS, type NodeMetadata } from '../xds/protocol.ts';

/** Envoy's listeners and pilot-agent's ports in a sidecar (pkg/config/constants). */
export const SIDECAR_PORTS = {
	outbound: 15001,
	inbound: 15006,
	hbone: 15008,
	mergedStats: 15020,
	readiness: 15021,
	envoyStats: 15090
} as const;

/** istio-iptables `-p 15001 -z 15006 -d 15090,15021,15020`, with HBONE's 15008 left alone. */
export const SIDECAR_REDIRECTION: PodRedirection = {
	outboundPort: SIDECAR_PORTS.outbound,
	inboundPort: SIDECAR_PORTS.inbound,
	excludeInboundPorts: [
		SIDECAR_PORTS.hbone,
		SIDECAR_PORTS.envoyStats,
		SIDECAR_PORTS.readiness,
		SIDECAR_PORTS.mergedStats
	]
};

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

function serveHttp(ctx: HostContext, port: number, handler: HttpHandler): void {
	if (isListenError(serve(ctx, port, handler))) {
		throw new Error(`failed to bind to address [::]:${port}: Address in use`);
	}
}

/** The hex trace id of a connection (Envoy's x-request-id role, for the trace view). */
function traceId(rng: Rng): string {
	let hex = '';
	while (hex.length < 32) hex += rng.int(0x10000).toString(16).padStart(4, '0');
	return hex;
}

/** `metadata`: the xDS node metadata pilot-agent sends istiod (CLUSTER_ID, ISTIO_VERSION …). */
export async function startSidecar(
	ctx: HostContext,
	container: ContainerSpec,
	metadata?: NodeMetadata
): Promise<Sidecar> {
	const c = container.name;
	const log = (level: 'info' | 'warn' | 'error', scope: string | undefined, message: string) =>
		goLog(ctx, c, level, scope, message);
	const own: NetStack | undefined = redirectInPod(ctx.net, SIDECAR_REDIRECTION);
	if (!own) throw new Error('istio-iptables: cannot set up redirection in this network namespace');
	const proxyId = `${ctx.spec.name}.${ctx.spec.namespace}`;
	log('info', undefined, `Version ${istioBuildString()}`);
	log(
		'info',
		undefined,
		`Proxy role\tips=[${ctx.spec.ip}] type=sidecar id=${proxyId} domain=${ctx.spec.namespace}.svc.cluster.local`
	);

	const traces = traceRng(ctx.rng, ctx.spec.generation);
	// pilot-agent's xdsproxy and CA client: one stream for this pod, on the proxy's own stack
	// (its sockets to istiod are not captured).
	const address = container.env['CA_ADDR'] ?? ISTIOD_ADDRESS;
	const agent = connectIstiod(ctx, {
		net: own,
		address,
		subscription: {
			type: 'subscribe-sidecar',
			node: ctx.spec.node,
			pod: ctx.spec.name,
			namespace: ctx.spec.namespace,
			...(metadata ? { metadata } : {})
		},
		validate: configError,
		onConfig: () => {},
		onEvent: (e) => {
			if (e.type === 'connected')
				log('info', 'xdsproxy', `connected to delta upstream XDS server: ${e.address}`);
			else if (e.type === 'connect-failed')
				log('warn', 'xdsproxy', `failed to connect to upstream ${address}`);
			else if (e.type === 'invalid')
				log('error', 'xdsproxy', `invalid message from istiod: ${e.message}`);
			else if (e.type === 'nack') log('warn', 'xdsproxy', `rejected config: ${e.reason}`);
			else log('error', 'xdsproxy', e.message);
		}
	});
	const metrics = new Metrics();
	let current = new ProxyState(EMPTY_CONFIG);
	const state = (): ProxyState => {
		const config = agent.config() ?? EMPTY_CONFIG;
		if (config !== current.config) current = new ProxyState(config, current);
		return current;
	};

	/** The app's original destination per downstream address, for Envoy's log line. */
	const originalDst = new Map<string, string>();
	const accessLog: AccessLog = (_level, _message, text) => {
		const fields = parseFields(text);
		const end = ctx.clock.now();
		const direction = fields['direction'] === 'outbound' ? 'outbound' : 'inbound';
		const src = fields['src.addr'] ?? '';
		const dst = direction === 'outbound' ? originalDst.get(src) : undefined;
		if (direction === 'outbound') originalDst.delete(src);
		const record = {
			direction,
			start: (end - durationOf(fields)) as SimMillis,
			end,
			fields,
			...(dst !== undefined ? { originalDst: dst } : {})
		} as const;
		// Envoy's access log only where a Telemetry enables it; the traffic event always goes out.
		if (state().config.accessLogging === true) ctx.log(c, envoyTcpLine(record));
		ctx.report(
			sidecarEvent(record, {
				traceId: traceId(traces),
				proxy: `${ctx.spec.namespace}/${ctx.spec.name}`,
				node: ctx.spec.node
			})
		);
	};
	const secrets = new SecretManager((id) => agent.certificateFor(id), ctx.clock);
	const ownWorkload = () => state().workloadByIp(ctx.spec.ip);
	const http = createSidecarHttp({
		net: own,
		clock: ctx.clock,
		crypto: ctx.crypto,
		rng: ctx.rng.fork('envoy'),
		traces,
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
		log: (line) => ctx.log(c, line),
		report: (event) => ctx.report(event),
		proxy: `${ctx.spec.namespace}/${ctx.spec.name}`,
		node: ctx.spec.node
	});
	const pi: ProxyInputs = {
		net: own,
		clock: ctx.clock,
		state,
		secrets,
		trustRoots: () => agent.trustRoots(),
		metrics,
		accessLog,
		replayCache: createReplayCache(),
		crypto: ctx.crypto,
		// Sidecars bypass waypoints, per Istio's data-plane doc: in Istio a sidecar is a full proxy.
		bypassWaypoints: true,
		inboundHttp: http.inbound
	};
	const run = (socket: Socket, task: Promise<void>) =>
		task.catch((e: unknown) => {
			log('error', 'envoy', `connection failed: ${String(e)}`);
			socket.reset();
		});
	const outbound = new Outbound(pi);
	const inbound = new Inbound(pi);
	const passthrough = new InboundPassthrough(pi);
	const listen = (port: number, onAccept: (s: Socket) => void) => {
		if ('type' in own.listen(port, onAccept))
			throw new Error(`failed to bind to address [::]:${port}: Address in use`);
	};
	listen(SIDECAR_PORTS.outbound, (s) => {
		const svc = state().serviceByVip(s.local.ip, ctx.spec.namespace);
		const l7 = svc && http.outbound(s, svc, s.local.port);
		if (l7) return void run(s, l7);
		originalDst.set(formatAddr(s.remote), formatAddr(s.local));
		void run(s, outbound.proxy(s));
	});
	listen(SIDECAR_PORTS.inbound, (s) => void run(s, passthrough.serve(s)));
	listen(SIDECAR_PORTS.hbone, (s) => void run(s, inbound.serve(s)));
	const stats = () =>
		makeResponse(200, http.metrics.renderPrometheus() + metrics.renderPrometheus(), [
			['Content-Type', 'text/plain; version=0.0.4; charset=utf-8']
		]);
	serveHttp(ctx, SIDECAR_PORTS.envoyStats, (req) =>
		req.path === '/stats/prometheus' ? stats() : makeResponse(404, '')
	);
	serveHttp(ctx, SIDECAR_PORTS.mergedStats, (req) =>
		req.path === '/stats/prometheus' ? stats() : makeResponse(404, '')
	);

	const started = ctx.clock.now();
	const config = await agent.firstConfig(FIRST_CONFIG_WAIT);
	const self = config?.workloads.find((w) => w.address === ctx.spec.ip);
	if (self) {
		// pilot-agent's SDS fetches the workload certificate before Envoy reports ready.
		const certs = await secrets.fetchCertificate(workloadIdentity(self));
		if (isIdentityError(certs)) log('warn', 'cache', `failed to generate secret: ${certs.message}`);
		else {
			// pilot-agent logs the time left on the new leaf, e.g. `ttl=23h59m59s`.
			const leaf = certs.certChain[0];
			const left = leaf ? leaf.notAfter.getTime() - simDate(ctx.clock.now()).getTime() : 0;
			log(
				'info',
				'cache',
				`generated new workload certificate\tresourceName=default latency=${Math.round(ctx.clock.now() - started)}ms ttl=${goDuration(left)}`
			);
		}
	}
	serveHttp(ctx, SIDECAR_PORTS.readiness, (req) =>
		req.path === '/healthz/ready' && agent.config() !== undefined
			? makeResponse(200, '')
			: makeResponse(503, '')
	);
	if (config) log('info', undefined, 'Envoy proxy is ready');
	else log('warn', undefined, 'Envoy proxy is NOT ready: config not received from XDS server');
	return { agent, metrics, http, state };
}

/** Go's time.Duration String for whole seconds: `23h59m59s`. */
function goDuration(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const sec = total % 60;
	if (h > 0) return `${h}h${m}m${sec}s`;
	if (m > 0) return `${m}m${sec}s`;
	return `${sec}s`;
}
