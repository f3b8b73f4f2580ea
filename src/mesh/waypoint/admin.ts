/**
 * The waypoint's status and admin ports: pilot-agent's readiness on 15021 and merged stats on
 * 15020 (pilot/cmd/pilot-agent/status/server.go), Envoy's admin on 15000 (`/config_dump`,
 * `/stats/prometheus`).
 */
import { makeResponse } from '../net/http/message.ts';
import { type HttpHandler, isListenError, serve } from '../net/http/server.ts';
import type { HostContext } from '../runtime/host.ts';
import type { WaypointCore } from './core.ts';
import { waypointIdentity } from './identity.ts';
import { bindError } from './listeners.ts';
import { ADMIN_PORT, READINESS_PORT, STATS_PORT } from './ports.ts';

const json = (value: unknown) =>
	makeResponse(200, `${JSON.stringify(value, null, 2)}\n`, [['Content-Type', 'application/json']]);

/** Envoy's `/config_dump`: the config in force and the identity it serves as. */
export function configDump(core: WaypointCore): Record<string, unknown> {
	return {
		configs: [{ '@type': 'type.googleapis.com/istio.waypoint.Config', ...core.state.config }],
		identity: waypointIdentity(core) ?? null
	};
}

export function serveStatusPorts(core: WaypointCore, ctx: HostContext): void {
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
			? json(configDump(core))
			: req.path === '/stats/prometheus'
				? prometheus()
				: makeResponse(404, '')
	);
}
