/**
 * One waypoint (or ingress gateway) proxy: the `istio-proxy` container of the Deployment istiod
 * creates for a Gateway. Config arrives as istiod's pushes on the pod's xDS stream and the
 * certificate from istiod's CA, both through `deps` (apps/istio/waypoint.ts wires the stream). Listeners: HBONE 15008
 * (waypoint) or the Gateway's HTTP ports (ingress), status 15021, stats 15020, admin 15000.
 * Mirrors what pilot-agent + Envoy run in the proxyv2 image for `proxy waypoint` / `proxy router`.
 */
import { makeResponse } from '../net/http/message.ts';
import { type HttpHandler, isListenError, serve } from '../net/http/server.ts';
import type { Socket } from '../net/socket.ts';
import type { ContainerProgram, ContainerSpec, HostContext } from '../runtime/host.ts';
import type { WorkloadCerts } from '../tls/certificate.ts';
import { type IdentityError, isIdentityError, type SpiffeId, spiffeId } from '../tls/identity.ts';
import type { WaypointConfig } from '../xds/waypoint-config.ts';
import { GatewayListeners } from './gateway.ts';
import { CertificateCache } from './identity.ts';
import { Inbound } from './inbound.ts';
import { WaypointMetrics } from '../proxy/l7/metrics.ts';
import { ADMIN_PORT, HBONE_PORT, READINESS_PORT, STATS_PORT } from './ports.ts';
import type { WaypointInputs } from '../proxy/l7/proxy-inputs.ts';
import { EMPTY_CONFIG, WaypointState } from '../proxy/l7/state.ts';
import { createUpstreamPool } from '../proxy/l7/upstream.ts';
import { traceRng } from '../telemetry/trace-rng.ts';
import { ms, type SimMillis } from '../types.ts';

export type WaypointRole = 'waypoint' | 'gateway';

/** pilot-agent style log lines (level, scope or '', message). */
export type AgentLog = (level: 'info' | 'warn' | 'error', scope: string, message: string) => void;

export interface WaypointDeps {
	readonly role: WaypointRole;
	/** A certificate for our identity, from istiod's CA. */
	certificateFor(id: SpiffeId): Promise<WorkloadCerts | IdentityError>;
	/**
	 * The pod's service account when the container knows it (SERVICE_ACCOUNT). Otherwise it is
	 * the Gateway's: `<name>` for a waypoint, `<name>-istio` for an ingress gateway.
	 */
	readonly serviceAccount?: string;
	readonly trustDomain?: string;
	readonly agentLog?: AgentLog;
}

export interface Waypoint extends ContainerProgram {
	state(): WaypointState;
	readonly metrics: WaypointMetrics;
	/** Applies a push from istiod (already validated: `parseWaypointConfig`). */
	apply(config: WaypointConfig): void;
	configDump(): Record<string, unknown>;
}

const json = (value: unknown) =>
	makeResponse(200, `${JSON.stringify(value, null, 2)}\n`, [['Content-Type', 'application/json']]);

function bindError(port: number): Error {
	return new Error(`listen tcp 0.0.0.0:${port}: bind: address already in use`);
}

export function createWaypoint(deps: WaypointDeps): Waypoint {
	const metrics = new WaypointMetrics();
	const agentLog: AgentLog = deps.agentLog ?? (() => {});
	let state = new WaypointState(EMPTY_CONFIG);
	let namespace = '';
	let gateways: GatewayListeners | undefined;
	let ready = false;
	let clockNow = (): SimMillis => ms(0);

	const serviceAccount = (): string | undefined => {
		if (deps.serviceAccount) return deps.serviceAccount;
		const gw = state.config.gateway.name;
		if (gw === '') return undefined;
		return deps.role === 'gateway' ? `${gw}-istio` : gw;
	};
	const identity = (): SpiffeId | undefined => {
		const sa = serviceAccount();
		return sa && namespace ? spiffeId(namespace, sa, deps.trustDomain) : undefined;
	};
	const certs = new CertificateCache(
		async () => {
			const id = identity();
			if (!id) return { type: 'identity-error', message: 'no identity yet: waiting for config' };
			const c = await deps.certificateFor(id);
			if (isIdentityError(c))
				agentLog('warn', 'cache', `failed to fetch certificate for ${id}: ${c.message}`);
			else agentLog('info', 'cache', `generated new workload certificate\tresourceName=default`);
			return c;
		},
		{ now: () => clockNow() }
	);

	function apply(config: WaypointConfig): void {
		const hadIdentity = identity() !== undefined;
		state = new WaypointState(config, state);
		const failed = gateways?.sync(state) ?? [];
		for (const port of failed)
			agentLog('error', 'envoy config', `listener on port ${port}: address already in use`);
		if (!ready) {
			ready = true;
			agentLog('info', '', 'Envoy proxy is ready');
		}
		if (!hadIdentity && identity()) void certs.get();
	}

	const dump = (): Record<string, unknown> => ({
		configs: [{ '@type': 'type.googleapis.com/istio.waypoint.Config', ...state.config }],
		identity: identity() ?? null
	});

	async function start(ctx: HostContext, container: ContainerSpec): Promise<void> {
		namespace = ctx.spec.namespace;
		clockNow = () => ctx.clock.now();
		const c = container.name;
		const upstream = {
			net: ctx.net,
			resolve: (host: string) => ctx.dns.lookup(host),
			originateTls: (host: string) => state.config.originateTls?.find((t) => t.hostname === host),
			clock: ctx.clock,
			crypto: ctx.crypto,
			certificate: () => certs.get(),
			trustRoots: () => certs.trustRoots()
		};
		const rng = ctx.rng.fork('waypoint');
		const inputs: WaypointInputs = {
			...upstream,
			pool: createUpstreamPool(upstream),
			role: deps.role,
			rng,
			traces: traceRng(rng, ctx.spec.generation),
			state: () => state,
			identity,
			metrics,
			log: (line) => ctx.log(c, line),
			report: (event) => ctx.report(event),
			proxy: `${ctx.spec.namespace}/${ctx.spec.name}`,
			node: ctx.spec.node,
			gateway: () => `${state.config.gateway.namespace}/${state.config.gateway.name}`
		};
		const run = (socket: Socket, task: Promise<void>) => {
			task.catch((e: unknown) => {
				// A bug must not take the proxy down: drop this connection, say why.
				agentLog('error', 'envoy', `connection failed: ${String(e)}`);
				socket.reset();
			});
		};
		const type = deps.role === 'gateway' ? 'router' : 'waypoint';
		agentLog(
			'info',
			'',
			`Proxy role\tips=[${ctx.spec.ip}] type=${type} id=${ctx.spec.name}.${namespace} domain=${namespace}.svc.cluster.local`
		);
		if (deps.role === 'waypoint') {
			const inbound = new Inbound(inputs);
			const streamFailed = (e: unknown) =>
				agentLog('error', 'envoy', `stream failed: ${String(e)}`);
			const l = ctx.net.listen(HBONE_PORT, (s) => run(s, inbound.serve(s, streamFailed)));
			if ('type' in l) throw bindError(HBONE_PORT);
		} else {
			gateways = new GatewayListeners(inputs, ctx.net, run);
			gateways.sync(state);
		}
		const http = (port: number, handler: HttpHandler) => {
			if (isListenError(serve(ctx, port, handler))) throw bindError(port);
		};
		const prometheus = () =>
			makeResponse(200, metrics.renderPrometheus(), [
				['Content-Type', 'text/plain; version=0.0.4']
			]);
		const readiness = () =>
			ready
				? makeResponse(200, '')
				: makeResponse(503, 'config not received from XDS server (is Istiod running?)\n');
		http(READINESS_PORT, (req) =>
			req.path === '/healthz/ready' ? readiness() : makeResponse(404, '')
		);
		http(STATS_PORT, (req) =>
			req.path === '/stats/prometheus'
				? prometheus()
				: req.path === '/healthz/ready'
					? readiness()
					: makeResponse(404, '')
		);
		http(ADMIN_PORT, (req) =>
			req.path === '/config_dump'
				? json(dump())
				: req.path === '/stats/prometheus'
					? prometheus()
					: makeResponse(404, '')
		);
		agentLog('info', '', `Opening status port ${STATS_PORT}`);
		if (identity()) void certs.get();
	}

	return {
		start,
		binaries: {},
		state: () => state,
		metrics,
		apply,
		configDump: dump
	};
}
