/** ztunnel's ports (ztunnel ARCHITECTURE.md, reference §1.2). */
export {
	OUTBOUND_CAPTURE_PORT as OUTBOUND_PORT,
	INBOUND_PLAINTEXT_CAPTURE_PORT as INBOUND_PLAINTEXT_PORT
} from '../istio/ports.ts';
export { HBONE_PORT as HBONE_PORT_NUMBER } from '../proxy/ports.ts';
export const READINESS_PORT = 15021;
export const ADMIN_PORT = 15000;
export const STATS_PORT = 15020;
