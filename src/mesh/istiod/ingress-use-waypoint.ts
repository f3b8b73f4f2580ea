/**
 * `istio.io/ingress-use-waypoint`: whether an Istio ingress gateway sends a waypoint-bound
 * Service's traffic through its waypoint instead of straight to the pods. Without it the gateway
 * bypasses the waypoint, and the waypoint's L7 policies never see ingress traffic.
 * pilot/pkg/serviceregistry/ambient/services.go ingressUseWaypointFromLabels (1.30.3).
 */
import { parseBool } from './parse-bool.ts';

export const INGRESS_USE_WAYPOINT = 'istio.io/ingress-use-waypoint';

export interface IngressUseWaypoint {
	/** The label is set on the Service or, failing that, on its namespace. */
	readonly labelPresent: boolean;
	/** Its value parses as true (strconv.ParseBool); anything else means false. */
	readonly useWaypoint: boolean;
}

/** The Service's label first, then its namespace's. */
export function ingressUseWaypointFromLabels(
	serviceLabels: Readonly<Record<string, string>> | undefined,
	namespaceLabels: Readonly<Record<string, string>> | undefined
): IngressUseWaypoint {
	const value = serviceLabels?.[INGRESS_USE_WAYPOINT] ?? namespaceLabels?.[INGRESS_USE_WAYPOINT];
	if (value === undefined) return { labelPresent: false, useWaypoint: false };
	return { labelPresent: true, useWaypoint: parseBool(value) === true };
}
