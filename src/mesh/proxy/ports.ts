/**
 * The port every Istio data plane proxy tunnels on: ztunnel, a waypoint and a sidecar all accept
 * HBONE here. Declared once, with Istio's other well-known ports (`istio/ports.ts`).
 */
export { HBONE_PORT } from '../istio/ports.ts';
