/**
 * Istio's proxy image (`docker.io/istio/proxyv2`: pilot-agent + Envoy). One image, several roles
 * chosen by the container's args, as pilot-agent's `proxy <type>` command does: `proxy sidecar`
 * is the injected sidecar (src/mesh/sidecar); `proxy waypoint` a waypoint and `proxy router` an
 * ingress gateway (src/mesh/waypoint); `istio-iptables …` the init containers' rules
 * (`istio-iptables.ts`). Anything else fails to start, as pilot-agent would.
 */
import type { ContainerProgram, ContainerSpec } from '../../runtime/host.ts';
import { startSidecar } from '../../sidecar/sidecar.ts';
import { runIstioIptables } from './istio-iptables.ts';
import { nodeMetadata } from './node-metadata.ts';
import { gatewayRole, waypointProgram } from './waypoint.ts';

/** pilot-agent's `proxy` subcommand argument: `sidecar`, `router`, `waypoint`. */
export function proxyRole(container: ContainerSpec): string | undefined {
	const args = container.args ?? [];
	const at = args.indexOf('proxy');
	return at === -1 ? undefined : args[at + 1];
}

export function proxyv2Program(): ContainerProgram {
	return {
		async start(ctx, container) {
			// istio-init / istio-validation: the image's istio-iptables binary, run to completion.
			if (container.args?.[0] === 'istio-iptables') return runIstioIptables(ctx, container);
			const role = gatewayRole(container);
			if (role) return waypointProgram(role).start(ctx, container);
			if (proxyRole(container) !== 'sidecar') {
				throw new Error(
					`Error: unsupported proxy type ${JSON.stringify(proxyRole(container) ?? '')}`
				);
			}
			await startSidecar(ctx, container, nodeMetadata(ctx, container));
		},
		binaries: {}
	};
}
