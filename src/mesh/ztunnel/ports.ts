/** ztunnel's ports (ztunnel ARCHITECTURE.md, reference §1.2). */
export const OUTBOUND_PORT = 15001;
export const INBOUND_PLAINTEXT_PORT = 15006;
export { HBONE_PORT as HBONE_PORT_NUMBER } from '../proxy/ports.ts';
export const READINESS_PORT = 15021;
export const ADMIN_PORT = 15000;
export const STATS_PORT = 15020;
