/**
 * Envoy's admin port in a sidecar, 15000 (localhost in a real pod, which istioctl reaches by
 * port-forward): `/config_dump` built from the push the proxy holds, `/logging`, `/stats`
 * (what `pilot-agent request GET stats` reads: the outbound clusters' counters).
 */
import { makeResponse } from '../net/http/message.ts';
import { bootstrap, configDump, secrets } from '../proxy/envoy/config-dump.ts';
import type { EnvoyLogging } from '../proxy/envoy/logging.ts';
import { renderStats } from '../proxy/envoy/stats.ts';
import type { SecretManager } from '../proxy/l4/identity/manager.ts';
import { workloadIdentity } from '../proxy/l4/state/proxy-state.ts';
import { sidecarHttpOf } from '../xds/sidecar-config.ts';
import { serveHttp } from './agent.ts';
import type { SidecarHttpProxy } from './http.ts';
import type { SidecarContext } from './context.ts';
import { sidecarResources } from './envoy-dump.ts';

/** Envoy's admin port (pkg/config/constants EnvoyAdminPort... istioctl's DefaultProxyAdminPort). */
export const ADMIN_PORT = 15000;

export function serveAdmin(
	sc: SidecarContext,
	certs: SecretManager,
	http: SidecarHttpProxy,
	logging: EnvoyLogging
): void {
	const { ctx, agent } = sc;
	const dump = async (query: string) => {
		const config = agent.config();
		const spec = ctx.spec;
		const self = config?.workloads.find((w) => w.address === spec.ip);
		const held = self ? await certs.fetchCertificate(workloadIdentity(self)) : undefined;
		const chain = held && 'certChain' in held ? held.certChain.slice(0, -1) : undefined;
		const r = config
			? sidecarResources(config, sidecarHttpOf(config), spec.ip, spec.namespace)
			: { clusters: [], listeners: [], routes: [], endpoints: [] };
		const version = String(config?.version ?? 0);
		const body = configDump(
			{
				...r,
				bootstrap: bootstrap(
					`sidecar~${spec.ip}~${spec.name}.${spec.namespace}~${spec.namespace}.svc.cluster.local`,
					`${self?.workloadName ?? spec.name}.${spec.namespace}`,
					spec.namespace
				),
				secrets: secrets(chain, agent.trustRoots(), version),
				version
			},
			new URLSearchParams(query).has('include_eds')
		);
		return makeResponse(200, `${JSON.stringify(body, null, 2)}\n`, [
			['Content-Type', 'application/json']
		]);
	};
	const stats = () => {
		const config = agent.config();
		const clusters = config
			? sidecarResources(config, sidecarHttpOf(config), ctx.spec.ip, ctx.spec.namespace).clusters
			: [];
		const body = renderStats(clusters, http.metrics.clusters, http.state().circuits());
		return makeResponse(200, body, [['Content-Type', 'text/plain; charset=UTF-8']]);
	};
	serveHttp(ctx, ADMIN_PORT, (req) =>
		req.path === '/config_dump'
			? dump(req.query)
			: req.path === '/logging'
				? logging.handle(req.method, req.query)
				: req.path === '/stats'
					? stats()
					: makeResponse(404, '')
	);
}
