/**
 * The waypoint's data-plane listeners and what they share: HBONE on 15008 for a waypoint
 * (`connect_terminate`), the Gateway's HTTP ports for an ingress gateway, both over the proxy
 * core's L7 engine. Mirrors the listeners istiod builds for `proxy waypoint` / `proxy router`
 * (pilot/pkg/networking/core/waypoint.go, gateway.go).
 */
import type { Socket } from '../net/socket.ts';
import type { WaypointInputs } from '../proxy/l7/proxy-inputs.ts';
import { createUpstreamPool } from '../proxy/l7/upstream.ts';
import type { ContainerSpec, HostContext } from '../runtime/host.ts';
import { traceRng } from '../telemetry/trace-rng.ts';
import type { WaypointCore } from './core.ts';
import { GatewayListeners } from './gateway.ts';
import { type CertificateCache, waypointIdentity } from './identity.ts';
import { Inbound } from './inbound.ts';
import { HBONE_PORT } from './ports.ts';

export function bindError(port: number): Error {
	return new Error(`listen tcp 0.0.0.0:${port}: bind: address already in use`);
}

/** What every listener of this waypoint hands the L7 engine (`WaypointInputs`). */
export function waypointInputs(
	core: WaypointCore,
	ctx: HostContext,
	container: ContainerSpec,
	certs: CertificateCache
): WaypointInputs {
	const upstream = {
		net: ctx.net,
		resolve: (host: string) => ctx.dns.lookup(host),
		originateTls: (host: string) =>
			core.state.config.originateTls?.find((t) => t.hostname === host),
		clock: ctx.clock,
		crypto: ctx.crypto,
		certificate: () => certs.get(),
		trustRoots: () => certs.trustRoots()
	};
	const rng = ctx.rng.fork('waypoint');
	return {
		...upstream,
		pool: createUpstreamPool(upstream),
		role: core.deps.role,
		rng,
		traces: traceRng(rng, ctx.spec.generation),
		state: () => core.state,
		identity: () => waypointIdentity(core),
		metrics: core.metrics,
		log: (line) => ctx.log(container.name, line),
		report: (event) => ctx.report(event),
		proxy: `${ctx.spec.namespace}/${ctx.spec.name}`,
		node: ctx.spec.node,
		gateway: () => `${core.state.config.gateway.namespace}/${core.state.config.gateway.name}`
	};
}

/** Opens the role's listeners; a connection that fails is reset and logged, never fatal. */
export function startListeners(core: WaypointCore, ctx: HostContext, inputs: WaypointInputs): void {
	const run = (socket: Socket, task: Promise<void>) => {
		task.catch((e: unknown) => {
			// A bug must not take the proxy down: drop this connection, say why.
			core.agentLog('error', 'envoy', `connection failed: ${String(e)}`);
			socket.reset();
		});
	};
	const type = core.deps.role === 'gateway' ? 'router' : 'waypoint';
	const ns = core.namespace;
	core.agentLog(
		'info',
		'',
		`Proxy role\tips=[${ctx.spec.ip}] type=${type} id=${ctx.spec.name}.${ns} domain=${ns}.svc.cluster.local`
	);
	if (core.deps.role === 'waypoint') {
		const inbound = new Inbound(inputs);
		const streamFailed = (e: unknown) =>
			core.agentLog('error', 'envoy', `stream failed: ${String(e)}`);
		const l = ctx.net.listen(HBONE_PORT, (s) => run(s, inbound.serve(s, streamFailed)));
		if ('type' in l) throw bindError(HBONE_PORT);
	} else {
		core.gateways = new GatewayListeners(inputs, ctx.net, run);
		core.gateways.sync(core.state);
	}
}
