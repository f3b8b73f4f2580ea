/** The ports a waypoint's istio-proxy container holds (waypoint.yaml template; reference §1.2). */
export { HBONE_PORT } from '../proxy/ports.ts';
/** Envoy admin (localhost in a real pod): `/config_dump`, `/stats/prometheus`. */
export const ADMIN_PORT = 15000;
/** istio-agent's merged Prometheus endpoint: `/stats/prometheus`. */
export const STATS_PORT = 15020;
/** istio-agent's status port: `/healthz/ready`. */
export const READINESS_PORT = 15021;
