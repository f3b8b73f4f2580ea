/**
 * The waypoint's status and admin ports: pilot-agent's readiness on 15021 and merged stats on
 * 15020 (pilot/cmd/pilot-agent/status/server.go), Envoy's admin on 15000 (`/config_dump`,
 * `/logging`, `/stats`, `/stats/prometheus`).
 */
import { makeResponse } from '../net/http/message.ts';
import { type HttpHandler, isListenError, serve } from '../net/http/server.ts';
import {
	bootstrap,
	credentialSecrets,
	configDump as envoyConfigDump,
	secrets,
	type Json
} from '../proxy/envoy/config-dump.ts';
import type { EnvoyLogging } from '../proxy/envoy/logging.ts';
import { renderStats } from '../proxy/envoy/stats.ts';
import type { HostContext } from '../runtime/host.ts';
import type { WorkloadCerts } from '../tls/certificate.ts';
import type { WaypointCore } from './core.ts';
import { waypointResources } from './envoy-dump.ts';
import { gatewayResources } from './gateway-dump.ts';
import type { CertificateCache } from './identity.ts';
import { bindError } from './listeners.ts';
import { ADMIN_PORT, READINESS_PORT, STATS_PORT } from './ports.ts';

const json = (value: unknown) =>
	makeResponse(200, `${JSON.stringify(value, null, 2)}\n`, [['Content-Type', 'application/json']]);

/**
 * SDS's secrets with an ingress gateway's credentials (its HTTPS listeners' Secrets) between the
 * workload certificate and the trust bundle, as a gateway serving TLS lists them.
 */
function withCredentials(sds: Json[], core: WaypointCore, version: string): Json[] {
	const tls = (core.state.config.listeners ?? []).flatMap((l) => l.tls ?? []);
	if (tls.length === 0) return sds;
	const credentials = tls.map((t) => ({
		name: t.credential.slice(t.credential.indexOf('/') + 1),
		certChain: t.certChain,
		...(t.mode === 'MUTUAL' && t.caCert !== undefined ? { caCert: t.caCert } : {})
	}));
	const root = sds.filter((s) => s['name'] === 'ROOTCA');
	const rest = sds.filter((s) => s['name'] !== 'ROOTCA');
	return [...rest, ...credentialSecrets(credentials, version), ...root];
}

/** The dynamic resources of the push in force. */
function resources(core: WaypointCore) {
	return core.deps.role === 'gateway'
		? gatewayResources(core.state)
		: { ...waypointResources(core.state), routes: [] };
}

/**
 * Envoy's `/config_dump`: the resources built from the push in force, and SDS's certificate
 * (`default`, leaf and intermediates) and trust bundle (`ROOTCA`) once fetched.
 */
export function configDump(
	core: WaypointCore,
	certs: WorkloadCerts | undefined,
	includeEds = false,
	pod: { readonly ip: string; readonly name: string } = { ip: '', name: '' }
): Record<string, unknown> {
	const r = resources(core);
	const chain = certs?.certChain ?? [];
	const version = String(core.state.version);
	const gw = core.state.config.gateway;
	return envoyConfigDump(
		{
			...r,
			bootstrap: bootstrap(
				`router~${pod.ip}~${pod.name}.${core.namespace}~${core.namespace}.svc.cluster.local`,
				// The Deployment's name: `<gateway>` for a waypoint, `<gateway>-istio` for Gateway
				// API ingress; a classic router's config names its Deployment already.
				`${gw.name}${core.deps.role === 'gateway' && !core.state.config.classic ? '-istio' : ''}.${gw.namespace}`,
				core.namespace
			),
			secrets: withCredentials(
				secrets(chain.slice(0, -1), chain.slice(-1), version),
				core,
				version
			),
			version
		},
		includeEds
	);
}

export function serveStatusPorts(
	core: WaypointCore,
	ctx: HostContext,
	certs: CertificateCache,
	logging: EnvoyLogging
): void {
	const http = (port: number, handler: HttpHandler) => {
		if (isListenError(serve(ctx, port, handler))) throw bindError(port);
	};
	const prometheus = () =>
		makeResponse(200, core.metrics.renderPrometheus(), [
			['Content-Type', 'text/plain; version=0.0.4']
		]);
	const readiness = () =>
		core.ready
			? makeResponse(200, '')
			: makeResponse(503, 'config not received from XDS server (is Istiod running?)\n');
	const dump = async (query: string) => {
		const c = await certs.get();
		const held = 'certChain' in c ? c : undefined;
		const eds = new URLSearchParams(query).has('include_eds');
		return json(configDump(core, held, eds, ctx.spec));
	};
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
			? dump(req.query)
			: req.path === '/logging'
				? logging.handle(req.method, req.query)
				: req.path === '/stats/prometheus'
					? prometheus()
					: req.path === '/stats'
						? makeResponse(
								200,
								renderStats(resources(core).clusters, core.metrics.clusters, core.state.circuits()),
								[['Content-Type', 'text/plain; charset=UTF-8']]
							)
						: makeResponse(404, '')
	);
}
