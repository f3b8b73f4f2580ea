/** Envoy's listeners and pilot-agent's ports in a sidecar, and the pod's redirection to them. */
import type { PodRedirection } from '../cni/istio-iptables.ts';
import {
	HBONE_PORT,
	INBOUND_PLAINTEXT_CAPTURE_PORT,
	OUTBOUND_CAPTURE_PORT
} from '../istio/ports.ts';

/** pkg/config/constants. */
export const SIDECAR_PORTS = {
	outbound: OUTBOUND_CAPTURE_PORT,
	inbound: INBOUND_PLAINTEXT_CAPTURE_PORT,
	hbone: HBONE_PORT,
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
