/**
 * The TrafficEvent a waypoint reports per request: reporter `waypoint`, layer L7, the HTTP
 * exchange, the policy decision, and the trace id shared with the other hops. An ingress
 * gateway reports as `gateway` and names no waypoint: it is the traffic's entry, not a waypoint
 * on its path (one it sends through shows as its own hop).
 */
import { SIM_EPOCH_MS } from '../../epoch.ts';
import type { PolicyDecision, TrafficEvent } from '../../telemetry/traffic.ts';
import { ms, type SimMillis } from '../../types.ts';
import type { Workload } from '../../xds/workload-api.ts';
import type { AuthzDecision } from './rbac.ts';
import type { Downstream } from './plan.ts';
import type { WaypointInputs } from './proxy-inputs.ts';
import { type Endpoint, workloadIdentity } from './state.ts';
import type { TraceContext } from './trace.ts';

const simOf = (d: Date): SimMillis => ms(d.getTime() - SIM_EPOCH_MS);

export interface EventFacts {
	readonly trace: TraceContext;
	readonly start: SimMillis;
	readonly end: SimMillis;
	readonly down: Downstream;
	readonly source: Workload | undefined;
	readonly ep: Endpoint | undefined;
	readonly service: string | undefined;
	readonly authz: AuthzDecision;
	readonly http: NonNullable<TrafficEvent['http']>;
	readonly bytesReceived: number;
	readonly bytesSent: number;
}

export function decisionOf(a: AuthzDecision): PolicyDecision {
	const reason = a.audited.length > 0 ? `${a.reason} (audit: ${a.audited.join(', ')})` : a.reason;
	return {
		result: a.allowed ? 'allow' : 'deny',
		...(a.policy ? { policy: `${a.policy.namespace}/${a.policy.name}` } : {}),
		...(a.rule !== undefined ? { rule: a.rule } : {}),
		...(a.unmatched ? { unmatched: a.unmatched } : {}),
		reason
	};
}

export function trafficEvent(inputs: WaypointInputs, f: EventFacts): TrafficEvent {
	const w = f.ep?.workload;
	const gateway = inputs.role === 'gateway';
	const sidecar = inputs.role === 'sidecar-outbound' || inputs.role === 'sidecar-inbound';
	const outbound = gateway || inputs.role === 'sidecar-outbound';
	// A waypoint's hop is the one that reached it (HBONE from a ztunnel); a gateway's is the one it
	// sends on, since its clients arrive in plaintext from outside the mesh; a sidecar's is the
	// one it sends on (client side) or the one that reached it (server side).
	const hbone = outbound
		? w !== undefined && (w.protocol === 'HBONE' || f.ep?.connectTo !== undefined)
		: f.down.mtls && f.down.hbone !== false;
	// A sidecar's Istio mTLS over TCP: encrypted, but no tunnel.
	const tcpMtls = outbound
		? !hbone && f.ep !== undefined && !f.ep.source && inputs.istioMtls?.(f.ep, f.service) === true
		: f.down.mtls && f.down.hbone === false;
	return {
		traceId: f.trace.traceId,
		reporter: gateway ? 'gateway' : sidecar ? 'sidecar' : 'waypoint',
		proxy: inputs.proxy,
		node: inputs.node,
		direction: outbound ? 'outbound' : 'inbound',
		layer: 'L7',
		start: f.start,
		end: f.end,
		src: {
			ip: f.down.remote.ip,
			port: f.down.remote.port,
			...(f.source
				? { workload: `${f.source.namespace}/${f.source.name}`, namespace: f.source.namespace }
				: {}),
			...(f.down.identity ? { identity: f.down.identity } : {})
		},
		dst: w
			? {
					// A ServiceEntry endpoint named by DNS: the address Envoy resolved, and no
					// identity (it is outside the mesh, reached in plaintext).
					ip: w.hostname ? (inputs.resolve?.(w.hostname) ?? w.address) : w.address,
					port: f.ep?.port ?? 0,
					workload: `${w.namespace}/${w.name}`,
					namespace: w.namespace,
					...(w.hostname ? {} : { identity: workloadIdentity(w) }),
					...(f.service ? { service: f.service } : {})
				}
			: {
					ip: f.down.local.ip,
					port: f.down.local.port,
					...(f.service ? { service: f.service } : {})
				},
		protocol: hbone ? 'HBONE' : 'TCP',
		mtls: hbone || tcpMtls,
		...(f.down.peerCertificate && f.down.identity
			? {
					peerCertificate: {
						subject: f.down.peerCertificate.subject,
						san: f.down.identity,
						issuer: f.down.peerCertificate.issuer,
						notBefore: simOf(f.down.peerCertificate.notBefore),
						notAfter: simOf(f.down.peerCertificate.notAfter)
					}
				}
			: {}),
		...(inputs.role === 'waypoint' ? { waypoint: inputs.gateway() } : {}),
		decision: decisionOf(f.authz),
		http: f.http,
		bytesSent: f.bytesSent,
		bytesReceived: f.bytesReceived
	};
}
