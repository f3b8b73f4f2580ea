/**
 * One ztunnel (the `istio-proxy` container of the ztunnel DaemonSet pod on a node): the
 * outbound (15001), plaintext inbound (15006) and HBONE (15008) listeners, readiness (15021),
 * admin (15000, `/config_dump`, `/logging`) and stats (15020). Config and certificates are injected
 * (`ZtunnelDeps`), so istiod's xDS and CA can be wired in without the proxy knowing how.
 * Mirrors ztunnel src/app.rs (what starts), src/proxy.rs (listeners) and src/admin.rs.
 */
import { makeResponse } from '../net/http/message.ts';
import { type HttpHandler, isListenError, serve } from '../net/http/server.ts';
import type { Socket } from '../net/socket.ts';
import type { ContainerProgram, ContainerSpec, HostContext } from '../runtime/host.ts';
import type { WorkloadCerts, X509Certificate } from '../tls/certificate.ts';
import { createReplayCache } from '../tls/handshake.ts';
import type { IdentityError, SpiffeId } from '../tls/identity.ts';
import { rustLog } from '../istio/log.ts';
import { configDump, workloadStateDump } from './admin.ts';
import type { ZdsWorkloadInfo } from '../cni/zds.ts';
import { handleLogging, logFilterOf } from './log-level.ts';
import { SecretManager } from '../proxy/l4/identity/manager.ts';
import {
	ADMIN_PORT,
	HBONE_PORT_NUMBER,
	INBOUND_PLAINTEXT_PORT,
	OUTBOUND_PORT,
	READINESS_PORT,
	STATS_PORT
} from './ports.ts';
import { ConnectionManager, closeDisallowed } from '../proxy/l4/connection-manager.ts';
import type { AccessLog } from '../proxy/l4/connection-result.ts';
import { Inbound } from '../proxy/l4/inbound.ts';
import { InboundPassthrough } from '../proxy/l4/inbound-passthrough.ts';
import type { ProxyInputs } from '../proxy/l4/inputs.ts';
import { Metrics } from '../proxy/l4/metrics.ts';
import { traceRng } from '../telemetry/trace-rng.ts';
import { Outbound } from '../proxy/l4/outbound.ts';
import { ProxyState } from '../proxy/l4/state/proxy-state.ts';
import type { ZtunnelConfig } from '../xds/workload-api.ts';

/** What the ztunnel needs from outside: istiod's config push and its CA. */
export interface ZtunnelDeps {
	/** The latest push from istiod; undefined before the first one. */
	config(): ZtunnelConfig | undefined;
	/** A certificate for a workload identity on this node (SecretManager → istiod CA). */
	certificateFor(id: SpiffeId): Promise<WorkloadCerts | IdentityError>;
	/** The mesh roots peers are verified against. */
	trustRoots(): readonly X509Certificate[];
	/** The host's WebCrypto (the runtime tracks it). */
	readonly crypto: Crypto;
	/**
	 * Subscribes to config pushes, so open connections are re-checked as soon as policies change
	 * (PolicyWatcher). Without it they are re-checked when the proxy next reads its config.
	 */
	watchConfig?(onPush: () => void): void;
	/** A startup task is done (readiness.rs `BlockReady`): the wrapper logs it. */
	ready?(task: string): void;
	/** The pods the in-pod manager serves (uid → workload), for `/config_dump`'s workloadState. */
	inpodWorkloads?(): ReadonlyMap<string, ZdsWorkloadInfo>;
}

/** The mesh's trust domain (MeshConfig `trustDomain`'s default). */
const TRUST_DOMAIN = 'cluster.local';

export interface Ztunnel extends ContainerProgram {
	readonly transparent: true;
	/** The current config, indexed (empty before the first push). */
	state(): ProxyState;
	readonly metrics: Metrics;
	/** What `/config_dump` on the admin port serves. */
	configDump(): Record<string, unknown>;
}

const EMPTY_CONFIG: ZtunnelConfig = { version: 0, workloads: [], services: [], policies: [] };

const json = (value: unknown) =>
	makeResponse(200, `${JSON.stringify(value, null, 2)}\n`, [['Content-Type', 'application/json']]);

function listen(ctx: HostContext, port: number, onAccept: (s: Socket) => void): void {
	const l = ctx.net.listen(port, onAccept);
	if ('type' in l) throw new Error(`failed to bind to address [::]:${port}: Address in use`);
}

function serveHttp(ctx: HostContext, port: number, handler: HttpHandler): void {
	if (isListenError(serve(ctx, port, handler))) {
		throw new Error(`failed to bind to address [::]:${port}: Address in use`);
	}
}

/** What app.rs logs as it starts: readiness, the ztunnel's own inbound (shared mode), admin, stats. */
function logStartup(ctx: HostContext, c: string, sa: string): void {
	const log = (target: string, message: string, fields = '') =>
		rustLog(ctx, c, 'info', target, message, fields);
	log('hyper_util', 'listener established', `address=[::]:${READINESS_PORT} component="readiness"`);
	log('app', 'shared proxy mode - in-pod mode enabled');
	log(
		'proxyfactory',
		`creating ztunnel self-proxy listener with identity: Spiffe { trust_domain: "${TRUST_DOMAIN}", namespace: "${ctx.spec.namespace}", service_account: "${sa}" }`
	);
	log(
		'proxy::inbound',
		'listener established',
		`address=[::]:${HBONE_PORT_NUMBER} component="inbound" transparent=true`
	);
	log('hyper_util', 'listener established', `address=127.0.0.1:${ADMIN_PORT} component="admin"`);
	log('app', 'Starting ztunnel inbound listener task');
	log('hyper_util', 'listener established', `address=[::]:${STATS_PORT} component="stats"`);
}

export function createZtunnel(deps: ZtunnelDeps): Ztunnel {
	const metrics = new Metrics();
	let current = new ProxyState(EMPTY_CONFIG);
	let secrets: SecretManager | undefined;
	const connections = new ConnectionManager();
	let policyWatcher: ((next: ProxyState) => void) | undefined;

	/** The config now in force; a newer one is indexed on first sight (a cache, no effects). */
	const state = (): ProxyState => {
		const config = deps.config() ?? EMPTY_CONFIG;
		if (config !== current.config) current = new ProxyState(config, current);
		return current;
	};

	/**
	 * An xDS push: the new config is in force, and the PolicyWatcher re-checks open connections
	 * against it (connection_manager.rs), closing those no longer allowed.
	 */
	const applyPush = (): void => {
		policyWatcher?.(state());
	};

	const dump = (): Record<string, unknown> => {
		const d = configDump(state(), secrets?.dump() ?? []);
		// admin.rs inserts each handler's output under its key (inpod/admin.rs `workloadState`).
		const pods = deps.inpodWorkloads?.();
		return pods ? { ...d, workloadState: workloadStateDump(pods, connections, state()) } : d;
	};

	async function start(ctx: HostContext, container: ContainerSpec): Promise<void> {
		const c = container.name;
		const accessLog: AccessLog = (level, message, fields) =>
			rustLog(ctx, c, level, 'access', message, fields);
		secrets = new SecretManager((id) => deps.certificateFor(id), ctx.clock);
		const pi: ProxyInputs = {
			net: ctx.net,
			resolve: (host) => ctx.dns.lookup(host),
			clock: ctx.clock,
			state,
			secrets,
			trustRoots: () => deps.trustRoots(),
			metrics,
			accessLog,
			replayCache: createReplayCache(),
			crypto: deps.crypto,
			traffic: {
				reporter: 'ztunnel',
				proxy: `${ctx.spec.namespace}/${ctx.spec.name}`,
				node: ctx.spec.node,
				// A fork: trace ids must not shift the log timestamps' draws from ctx.rng.
				rng: traceRng(ctx.rng.fork('traceparent'), ctx.spec.generation),
				report: (event) => ctx.report(event)
			},
			connectionManager: connections
		};
		policyWatcher = (next) =>
			void closeDisallowed(connections, next, (message) =>
				rustLog(ctx, c, 'info', 'proxy::connection_manager', message)
			);
		deps.watchConfig?.(applyPush);
		const run = (socket: Socket, task: Promise<void>) =>
			task.catch((e: unknown) => {
				// A bug must not take the node's proxy down: drop this connection, say why.
				rustLog(ctx, c, 'error', 'proxy', `connection failed: ${String(e)}`);
				socket.reset();
			});

		const outbound = new Outbound(pi);
		const inbound = new Inbound(pi);
		const passthrough = new InboundPassthrough(pi);
		listen(ctx, OUTBOUND_PORT, (s) => void run(s, outbound.proxy(s)));
		listen(ctx, INBOUND_PLAINTEXT_PORT, (s) => void run(s, passthrough.serve(s)));
		listen(ctx, HBONE_PORT_NUMBER, (s) => void run(s, inbound.serve(s)));
		serveHttp(ctx, READINESS_PORT, (req) =>
			req.path === '/healthz/ready' ? makeResponse(200, 'ready\n') : makeResponse(404, '')
		);
		const logFilter = logFilterOf(ctx);
		serveHttp(ctx, ADMIN_PORT, (req) =>
			req.path === '/config_dump'
				? json(dump())
				: req.path === '/logging'
					? handleLogging(logFilter, req.method, req.query, (f) =>
							rustLog(ctx, c, 'info', 'telemetry', `new log filter is ${f}`)
						)
					: makeResponse(404, '')
		);
		serveHttp(ctx, STATS_PORT, (req) =>
			req.path === '/metrics' || req.path === '/stats/prometheus'
				? makeResponse(200, metrics.renderPrometheus(), [
						['Content-Type', 'application/openmetrics-text; version=1.0.0; charset=utf-8']
					])
				: makeResponse(404, '')
		);
		logStartup(ctx, c, container.env['SERVICE_ACCOUNT'] ?? 'ztunnel');
		deps.ready?.('dns proxy');
		deps.ready?.('proxy');
	}

	return {
		start,
		binaries: {},
		transparent: true,
		state,
		metrics,
		configDump: dump
	};
}
