/**
 * Istio's well-known data plane ports (pkg/config/constants; istio-cni's in-pod rules in
 * cni/pkg/iptables name the same three for ztunnel). One declaration: the proxies listen on
 * them, istio-cni and istio-iptables redirect to them.
 */

/** HBONE: every Istio data plane proxy accepts tunnels here (HBONEInboundListenPort). */
export const HBONE_PORT = 15008;
/** A captured pod's outbound connections (ztunnel's outbound listener; Envoy's VirtualOutbound). */
export const OUTBOUND_CAPTURE_PORT = 15001;
/** Captured plaintext inbound connections (ztunnel's plaintext listener; Envoy's VirtualInbound). */
export const INBOUND_PLAINTEXT_CAPTURE_PORT = 15006;
/** A captured pod's DNS (ztunnel's in-pod DNS proxy; istio-cni's `DNSCapturePort`). */
export const DNS_CAPTURE_PORT = 15053;
