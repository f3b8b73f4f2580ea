/**
 * What the parts of one waypoint share (waypoint.ts wires them): the deps it was made with, the
 * config in force, the pod's namespace once started, an ingress gateway's listeners and whether
 * Envoy is ready. pilot-agent and Envoy share this state inside one proxyv2 container.
 */
import type { WaypointMetrics } from '../proxy/l7/metrics.ts';
import type { L7ProxyState } from '../proxy/l7/state.ts';
import type { WorkloadCerts } from '../tls/certificate.ts';
import type { IdentityError, SpiffeId } from '../tls/identity.ts';
import type { SimMillis } from '../types.ts';
import type { GatewayListeners } from './gateway.ts';

export type WaypointRole = 'waypoint' | 'gateway';

/** pilot-agent style log lines (level, scope or '', message). */
export type AgentLog = (level: 'info' | 'warn' | 'error', scope: string, message: string) => void;

export interface WaypointDeps {
	readonly role: WaypointRole;
	/** A certificate for our identity, from istiod's CA. */
	certificateFor(id: SpiffeId): Promise<WorkloadCerts | IdentityError>;
	/**
	 * The pod's service account when the container knows it (SERVICE_ACCOUNT). Otherwise it is
	 * the Gateway's: `<name>` for a waypoint, `<name>-istio` for an ingress gateway.
	 */
	readonly serviceAccount?: string;
	readonly trustDomain?: string;
	readonly agentLog?: AgentLog;
}

export interface WaypointCore {
	readonly deps: WaypointDeps;
	readonly metrics: WaypointMetrics;
	readonly agentLog: AgentLog;
	/** The last push applied. */
	state: L7ProxyState;
	/** The pod's namespace: '' until the container starts. */
	namespace: string;
	/** An ingress gateway's listeners, which follow the pushes. */
	gateways: GatewayListeners | undefined;
	/** Envoy has its first config (readiness, and the one "ready" log line). */
	ready: boolean;
	/** Sim time: 0 until the container starts and brings its clock. */
	now: () => SimMillis;
}
