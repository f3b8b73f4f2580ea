/**
 * istio-iptables inside a sidecar pod (tools/istio-iptables, run by the `istio-init` init
 * container, or by istio-cni's plugin for a pod whose `istio-validation` container checks them;
 * `apps/istio/istio-iptables.ts` is that binary): the app's outbound connections go to the proxy's outbound port, connections arriving
 * for the pod's ports go to its inbound port, both keeping their original destination. The
 * proxy's own sockets (uid 1337) are never redirected.
 */
import { installHook, isLoopback, socketsOf } from '../net/stack.ts';
import type { NetfilterHook, PreroutingVerdict } from '../net/netfilter.ts';
import type { NetStack } from '../net/socket.ts';
import { sidecarRules } from './sidecar-rules.ts';

/** istio-iptables' `-p`, `-z` and `-d` (ports excluded from inbound capture). */
export interface PodRedirection {
	readonly outboundPort: number;
	readonly inboundPort: number;
	/** Arriving connections to these ports reach their listener directly (HBONE, health, stats). */
	readonly excludeInboundPorts: readonly number[];
}

/** istio-proxy's uid (`-u 1337`): its sockets skip the rules. */
export const PROXY_UID = 1337;

function istioChains(rules: PodRedirection): NetfilterHook {
	const redirect = (port: number): PreroutingVerdict => ({ type: 'redirect', port });
	return {
		chain: 'ISTIO_OUTPUT',
		savedRules: (_host, family) => sidecarRules({ ...rules, proxyUid: PROXY_UID }, family),
		// ISTIO_OUTPUT: anything the app opens for elsewhere comes back to this host.
		output: ({ self, dst, uid }) =>
			uid === PROXY_UID || dst.ip === self ? undefined : { type: 'route', via: self },
		prerouting({ self, src, dst, from }) {
			// Sent by this pod (not the proxy, which never loops back here) for elsewhere: outbound.
			if (dst.ip !== self && src.ip === self && from === undefined)
				return redirect(rules.outboundPort);
			// ISTIO_INBOUND: arrived from outside the pod for one of its ports, unless excluded.
			if (
				dst.ip === self &&
				src.ip !== self &&
				!isLoopback(src.ip) &&
				from !== self &&
				!rules.excludeInboundPorts.includes(dst.port)
			)
				return redirect(rules.inboundPort);
			return undefined;
		}
	};
}

/** Installs the rules on a pod's stack (`iptables-restore`); false when `net` is not a host stack. */
export function installIstioIptables(net: NetStack, rules: PodRedirection): boolean {
	return installHook(net, istioChains(rules));
}

/**
 * The proxy's own view of its pod's stack: uid 1337, so the rules skip its sockets, and it may
 * keep a client's address as TPROXY would.
 */
export function proxySockets(net: NetStack): NetStack {
	return socketsOf(net, { uid: PROXY_UID, transparent: true }) ?? net;
}
