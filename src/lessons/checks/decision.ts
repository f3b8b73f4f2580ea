/**
 * Which object decided a request, and where, in words a learner reads: "denied by
 * AuthorizationPolicy default/deny-all at the waypoint default/waypoint". The proxies report the
 * policy as `namespace/name` of what they enforce; istiod's conversions of PeerAuthentication
 * (peer-authentication.ts) are named back to the PeerAuthentication the learner wrote.
 */
import {
	CONVERTED_PEER_AUTHENTICATION_PREFIX,
	STATIC_STRICT_POLICY_NAME
} from '../../mesh/istiod/peer-authentication.ts';
import type { TrafficEvent } from '../../mesh/telemetry/traffic.ts';

/** The object behind a policy name a proxy reported (`default/deny-all`). */
export function policyObject(policy: string): string {
	const [ns, name = ''] = policy.split('/', 2);
	if (name === STATIC_STRICT_POLICY_NAME) return 'a STRICT PeerAuthentication (mTLS required)';
	if (name.startsWith(CONVERTED_PEER_AUTHENTICATION_PREFIX))
		return `PeerAuthentication ${ns}/${name.slice(CONVERTED_PEER_AUTHENTICATION_PREFIX.length)}`;
	return `AuthorizationPolicy ${policy}`;
}

/** The proxy that reported a hop, as a learner finds it in Traces. */
export function proxyWords(h: TrafficEvent): string {
	if (h.reporter === 'waypoint') return `the waypoint ${h.waypoint ?? h.proxy}`;
	if (h.reporter === 'sidecar') return `the sidecar of ${h.proxy}`;
	const side =
		h.direction === 'inbound'
			? `inbound to ${h.dst.workload ?? h.dst.ip}`
			: `outbound from ${h.src.workload ?? h.src.ip}`;
	return `ztunnel on ${h.node} (${side})`;
}

/**
 * A denied request's verdict: the object at fault and where it was enforced, with the client the
 * proxy saw (the waypoint's own identity when a policy at the destination denies the waypoint).
 */
export function deniedWords(h: TrafficEvent): string {
	const client = h.src.identity ? `; the client was ${h.src.identity}` : '';
	const where = proxyWords(h);
	if (h.decision.policy) return `denied by ${policyObject(h.decision.policy)} at ${where}${client}`;
	// No deciding policy: ALLOW policies applied and none matched this client; they are at fault.
	const unmatched = h.decision.unmatched ?? [];
	if (unmatched.length === 0) return `denied at ${where}: no ALLOW policy matched${client}`;
	const why =
		unmatched.length === 1
			? 'an ALLOW policy, and none of its rules matched'
			: 'ALLOW policies, and none of their rules matched';
	return `denied by ${unmatched.map(policyObject).join(', ')} at ${where} (${why})${client}`;
}
