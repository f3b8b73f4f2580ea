/**
 * One waypoint (or ingress gateway) proxy: the `istio-proxy` container of the Deployment istiod
 * creates for a Gateway. Config arrives as istiod's pushes on the pod's xDS stream and the
 * certificate from istiod's CA, both through `deps` (apps/istio/waypoint.ts wires the stream).
 * Listeners (`listeners.ts`): HBONE 15008 (waypoint) or the Gateway's HTTP ports (ingress);
 * status 15021, stats 15020, admin 15000 (`admin.ts`). This file wires the parts around the
 * state they share (`core.ts`). Mirrors what pilot-agent + Envoy run in the proxyv2 image for
 * `proxy waypoint` / `proxy router`.
 */
import type { ContainerProgram, ContainerSpec, HostContext } from '../runtime/host.ts';
import type { WaypointConfig } from '../xds/waypoint-config.ts';
import { WaypointMetrics } from '../proxy/l7/metrics.ts';
import { EMPTY_CONFIG, L7ProxyState } from '../proxy/l7/state.ts';
import { isBasicAuthModule, parseBasicAuthConfig } from '../proxy/l7/filters/basic-auth.ts';
import { ms } from '../types.ts';
import { configDump, serveStatusPorts } from './admin.ts';
import { EnvoyLogging } from '../proxy/envoy/logging.ts';
import { envoyDebugLog } from '../proxy/envoy/debug-log.ts';
import type { WaypointCore, WaypointDeps } from './core.ts';
import { type CertificateCache, waypointIdentity, workloadCertificates } from './identity.ts';
import { startListeners, waypointInputs } from './listeners.ts';
import { STATS_PORT } from './ports.ts';

export type { AgentLog, WaypointDeps, WaypointRole } from './core.ts';

export interface Waypoint extends ContainerProgram {
	state(): L7ProxyState;
	readonly metrics: WaypointMetrics;
	/** Applies a push from istiod (already validated: `parseWaypointConfig`). */
	apply(config: WaypointConfig): void;
	configDump(): Record<string, unknown>;
}

export function createWaypoint(deps: WaypointDeps): Waypoint {
	const core: WaypointCore = {
		deps,
		metrics: new WaypointMetrics(),
		agentLog: deps.agentLog ?? (() => {}),
		state: new L7ProxyState(EMPTY_CONFIG),
		namespace: '',
		gateways: undefined,
		ready: false,
		now: () => ms(0)
	};
	const certs = workloadCertificates(core);
	return {
		start: (ctx, container) => start(core, certs, ctx, container),
		binaries: {},
		state: () => core.state,
		metrics: core.metrics,
		apply: (config) => apply(core, certs, config),
		configDump: () => configDump(core, undefined)
	};
}

/** WasmPlugins already reported, per proxy: each is reported once, not at every push. */
const reportedWasm = new WeakMap<WaypointCore, Set<string>>();

/**
 * Says which WasmPlugins do nothing here: a module other than basic_auth (not emulated), or a
 * basic_auth configuration plugin.cc would refuse (its own warning).
 */
function reportWasm(core: WaypointCore, config: WaypointConfig): void {
	const seen = reportedWasm.get(core) ?? new Set<string>();
	reportedWasm.set(core, seen);
	for (const p of config.wasmPlugins ?? []) {
		const key = `${p.name} ${p.url} ${JSON.stringify(p.pluginConfig)}`;
		if (seen.has(key)) continue;
		seen.add(key);
		if (!isBasicAuthModule(p.url))
			core.agentLog(
				'warn',
				'wasm',
				`WasmPlugin ${p.name} not applied: Mesh Playground emulates only the basic_auth module (oci://ghcr.io/istio-ecosystem/wasm-extensions/basic_auth), not ${p.url}`
			);
		else if (!parseBasicAuthConfig(p.pluginConfig))
			core.agentLog('warn', 'wasm', 'configuration has errors initialization will not continue.');
	}
}

/** A push: the new state, ingress listeners to match, readiness, the first certificate. */
function apply(core: WaypointCore, certs: CertificateCache, config: WaypointConfig): void {
	const hadIdentity = waypointIdentity(core) !== undefined;
	core.state = new L7ProxyState(config, core.state);
	reportWasm(core, config);
	const failed = core.gateways?.sync(core.state) ?? [];
	for (const port of failed)
		core.agentLog('error', 'envoy config', `listener on port ${port}: address already in use`);
	if (!core.ready) {
		core.ready = true;
		core.agentLog('info', '', 'Envoy proxy is ready');
	}
	if (!hadIdentity && waypointIdentity(core)) void certs.get();
}

async function start(
	core: WaypointCore,
	certs: CertificateCache,
	ctx: HostContext,
	container: ContainerSpec
): Promise<void> {
	core.namespace = ctx.spec.namespace;
	core.now = () => ctx.clock.now();
	// One set of Envoy logger levels: admin `/logging` sets them, the filters read them.
	const logging = new EnvoyLogging();
	const envoyLog = envoyDebugLog(ctx, container.name, logging);
	startListeners(core, ctx, { ...waypointInputs(core, ctx, container, certs), envoyLog });
	serveStatusPorts(core, ctx, certs, logging);
	core.agentLog('info', '', `Opening status port ${STATS_PORT}`);
	if (waypointIdentity(core)) void certs.get();
}
