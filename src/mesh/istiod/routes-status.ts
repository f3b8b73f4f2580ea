/**
 * `status.parents[]` of an HTTPRoute as istiod writes it. Mirrors istio
 * pilot/pkg/config/kube/gateway/conditions.go (`createRouteStatus`): every parent gets
 * `Accepted` ("Route was valid"), `ResolvedRefs` ("All references resolved") and, with ambient,
 * `ResolvedWaypoints`, whose status stays True and whose message tells when no waypoint will
 * carry the route out; controllerName is istiod's `istio.io/gateway-controller`.
 */
import type { ParentRef, RouteError } from './routes.ts';

export const GATEWAY_CONTROLLER = 'istio.io/gateway-controller';

export interface RouteCondition {
	readonly type: 'Accepted' | 'ResolvedRefs' | 'ResolvedWaypoints';
	readonly status: 'True' | 'False';
	readonly reason: string;
	readonly message: string;
}

export interface RouteParentStatus {
	readonly parentRef: Readonly<Record<string, unknown>>;
	readonly controllerName: string;
	readonly conditions: readonly RouteCondition[];
}

const MISSING_WAYPOINT =
	'istio.io/use-waypoint label missing from parent and parent namespace; in ambient mode, route will not be respected';

export function routeParentStatus(
	parent: ParentRef,
	error: RouteError | undefined,
	context: { readonly parentExists: boolean; readonly hasWaypoint: boolean }
): RouteParentStatus {
	const accepted: RouteCondition = context.parentExists
		? { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Route was valid' }
		: {
				type: 'Accepted',
				status: 'False',
				reason: 'NoMatchingParent',
				message: 'parent not found'
			};
	const resolved: RouteCondition = error
		? { type: 'ResolvedRefs', status: 'False', reason: error.reason, message: error.message }
		: {
				type: 'ResolvedRefs',
				status: 'True',
				reason: 'ResolvedRefs',
				message: 'All references resolved'
			};
	const waypoints: RouteCondition = {
		type: 'ResolvedWaypoints',
		status: 'True',
		reason: 'ResolvedWaypoints',
		message: context.hasWaypoint ? 'All waypoints resolved' : MISSING_WAYPOINT
	};
	return {
		parentRef: parent.original,
		controllerName: GATEWAY_CONTROLLER,
		conditions: [accepted, resolved, waypoints]
	};
}
