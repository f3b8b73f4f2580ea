/**
 * The port every Istio data plane proxy tunnels on (pkg/config/constants HBONEInboundListenPort):
 * ztunnel, a waypoint and a sidecar all accept HBONE here, so the core names it once.
 */
export const HBONE_PORT = 15008;
