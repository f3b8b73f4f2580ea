/**
 * The proxyv2 image in its gateway roles, as pilot-agent runs it for `proxy waypoint` (the
 * Deployment istiod creates for a `istio-waypoint` Gateway) and `proxy router` (an ingress
 * gateway, class `istio`). The role comes from the container's args; identity from the
 * container's env (SERVICE_ACCOUNT, TRUST_DOMAIN, CA_ADDR, as the waypoint template sets them);
 * config and certificate from istiod over the pod's one xDS stream (pilot-agent's xdsproxy and CA
 * client), so `istioctl proxy-status` lists the proxy.
 */
import type { ContainerProgram, ContainerSpec } from '../../runtime/host.ts';
import { connectIstiod } from '../../xds/client.ts';
import { ISTIOD_ADDRESS } from '../../xds/protocol.ts';
import { parseWaypointConfig, type WaypointConfig } from '../../xds/waypoint-config.ts';
import { createWaypoint, type WaypointRole } from '../../waypoint/waypoint.ts';
import { goLog } from '../../istio/log.ts';
import { nodeMetadata } from './node-metadata.ts';

/**
 * The gateway role named by `proxy <type>` in the args: `waypoint` → waypoint, `router` →
 * ingress gateway; anything else (`sidecar`, no args) is not a gateway.
 */
export function gatewayRole(container: ContainerSpec): WaypointRole | undefined {
	const args = container.args ?? [];
	const at = args.indexOf('proxy');
	const type = at === -1 ? undefined : args[at + 1];
	return type === 'waypoint' ? 'waypoint' : type === 'router' ? 'gateway' : undefined;
}

export function waypointProgram(role: WaypointRole): ContainerProgram {
	return {
		async start(ctx, container) {
			const c = container.name;
			const env = container.env;
			const sa = env['SERVICE_ACCOUNT'] ?? env['ISTIO_META_SERVICE_ACCOUNT'];
			const td = env['TRUST_DOMAIN'];
			const log = (level: 'info' | 'warn' | 'error', scope: string, message: string) =>
				goLog(ctx, c, level, scope || undefined, message);
			const address = env['CA_ADDR'] ?? ISTIOD_ADDRESS;
			const waypoint = createWaypoint({
				role,
				certificateFor: (id) => xds.certificateFor(id),
				...(sa ? { serviceAccount: sa } : {}),
				...(td ? { trustDomain: td } : {}),
				agentLog: log
			});
			let started = false;
			/** A push that came before the proxy was listening: applied once it is. */
			let early: WaypointConfig | undefined;
			// The pod's stream to istiod: istiod checks the pod runs on this node and carries the
			// Gateway's label, pushes the Gateway's config and signs only the pod's service account.
			const xds = connectIstiod<WaypointConfig>(ctx, {
				net: ctx.net,
				address,
				subscription: {
					type: 'subscribe-gateway',
					proxyType: role === 'waypoint' ? 'waypoint' : 'router',
					node: ctx.spec.node,
					pod: ctx.spec.name,
					namespace: ctx.spec.namespace,
					metadata: nodeMetadata(ctx, container)
				},
				validate: (config) => {
					const parsed = parseWaypointConfig(config);
					return 'message' in parsed ? parsed.message : undefined;
				},
				onConfig: (config) => {
					if (started) waypoint.apply(config);
					else early = config;
				},
				onEvent: (e) => {
					if (e.type === 'connected')
						log('info', 'xdsproxy', `connected to delta upstream XDS server: ${e.address}`);
					else if (e.type === 'connect-failed')
						log('warn', 'xdsproxy', `failed to connect to upstream ${address}: ${e.reason}`);
					else if (e.type === 'invalid')
						log('error', 'xdsproxy', `invalid message from istiod: ${e.message}`);
					else if (e.type === 'nack') log('warn', 'xds', `rejected config: ${e.reason}`);
					else log('error', 'xdsproxy', e.message);
				}
			});
			await waypoint.start(ctx, container);
			started = true;
			if (early) waypoint.apply(early);
		},
		binaries: {}
	};
}
