/**
 * The proxyv2 image in its gateway roles, as pilot-agent runs it for `proxy waypoint` (the
 * Deployment istiod creates for a `istio-waypoint` Gateway) and `proxy router` (an ingress
 * gateway, class `istio`). The role comes from the container's args; identity from the
 * container's env (SERVICE_ACCOUNT, TRUST_DOMAIN, CA_ADDR, as the waypoint template sets them),
 * the certificate from istiod's CA, the config from istiod's control message.
 */
import type { ContainerProgram, ContainerSpec } from '../../runtime/host.ts';
import { connectIstiod } from '../../xds/client.ts';
import { ISTIOD_ADDRESS } from '../../xds/protocol.ts';
import { createWaypoint, type WaypointRole } from '../../waypoint/waypoint.ts';
import { goLog } from './log.ts';

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
	let program: ContainerProgram | undefined;
	return {
		async start(ctx, container) {
			const c = container.name;
			const env = container.env;
			const sa = env['SERVICE_ACCOUNT'] ?? env['ISTIO_META_SERVICE_ACCOUNT'];
			const td = env['TRUST_DOMAIN'];
			// pilot-agent's CA client: the pod's stream to istiod (istiod checks the pod runs on
			// this node and signs only its service account), dialled while a CSR waits. The
			// waypoint's config arrives by the control side channel, so pushes here are skipped.
			const ca = connectIstiod(ctx, {
				net: ctx.net,
				address: env['CA_ADDR'] ?? ISTIOD_ADDRESS,
				subscription: {
					type: 'subscribe-sidecar',
					node: ctx.spec.node,
					pod: ctx.spec.name,
					namespace: ctx.spec.namespace
				},
				onDemand: true
			});
			program = createWaypoint({
				role,
				certificateFor: (id) => ca.certificateFor(id),
				...(sa ? { serviceAccount: sa } : {}),
				...(td ? { trustDomain: td } : {}),
				agentLog: (level, scope, message) => goLog(ctx, c, level, scope || undefined, message)
			});
			await program.start(ctx, container);
		},
		control: (message, ctx) => program?.control?.(message, ctx),
		binaries: {}
	};
}
