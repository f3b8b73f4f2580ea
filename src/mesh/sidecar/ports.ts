/** Envoy's listeners and pilot-agent's ports in a sidecar, and the pod's redirection to them. */
import type { PodRedirection } from '../net/stack.ts';

/** pkg/config/constants. */
export const SIDECAR_PORTS = {
	outbound: 15001,
	inbound: 15006,
	hbone: 15008,
	mergedStats: 15020,
	readiness: 15021,
	envoyStats: 15090
} as const;

/** istio-iptables `-p 15001 -z 15006 -d 15090,15021,15020`, with HBONE's 15008 left alone. */
export const SIDECAR_REDIRECTION: PodRedirection = {
	outboundPort: SIDECAR_PORTS.outbound,
	inboundPort: SIDECAR_PORTS.inbound,
	excludeInboundPorts: [
		SIDECAR_PORTS.hbone,
		SIDECAR_PORTS.envoyStats,
		SIDECAR_PORTS.readiness,
		SIDECAR_PORTS.mergedStats
	]
};
