/**
 * The waypoint half of a push: which Service and Pod each waypoint serves (filled into the
 * ztunnel Service/Workload as `waypoint`), the WaypointConfig each waypoint and Istio ingress
 * gateway gets, and the statuses istiod writes on HTTPRoutes and targetRefs policies.
 * Pure: snapshot in, plain data out (it crosses to the waypoint pods by structured clone).
 * Its parts: `waypoints-bind.ts` (bindings, WaypointBound), `waypoints-routes.ts` (route
 * statuses and selection), `waypoints-policies.ts` (targetRefs), `waypoints-gateway-config.ts`
 * (one Gateway's config), sharing `waypoints-context.ts`. This file wires them.
 */
import type { KubeObject, Service as KubeService } from '../api/objects.ts';
import type { WaypointConfig } from '../xds/waypoint-config.ts';
import type { Service, Workload } from '../xds/workload-api.ts';
import { convertHttpRoute } from './routes.ts';
import { convertTcpRoute } from './routes-tcp.ts';
import { type ClusterSnapshot, rootNamespaceOf } from './snapshot.ts';
import { type Waypoint, WAYPOINT_CLASS, collectWaypoints, waypointKey } from './waypoints.ts';
import type { TargetIndex, WaypointAcceptedCondition } from './waypoints-authz.ts';
import {
	type WaypointBindings,
	type WaypointBoundCondition,
	bindWaypoints,
	withWaypoints
} from './waypoints-bind.ts';
import { type WaypointPushContext, byObjectKey, objectKey } from './waypoints-context.ts';
import {
	INGRESS_CLASS,
	classicRouterConfig,
	ingressConfig,
	waypointConfig
} from './waypoints-gateway-config.ts';
import { isClassicRouter } from './classic-gateways.ts';
import { eastWestConfig } from './eastwest-config.ts';
import { EAST_WEST_GATEWAY_CLASS } from './multicluster.ts';
import { attachPolicies } from './waypoints-policies.ts';
import { extAuthzProviders } from './ext-authz-providers.ts';
import { type RouteStatus, routeStatusesOf } from './waypoints-routes.ts';

export interface WaypointState {
	readonly services: readonly Service[];
	readonly workloads: readonly Workload[];
	/** One per programmed waypoint and per Istio ingress Gateway, sorted by namespace/name. */
	readonly waypoints: readonly WaypointConfig[];
	/** A classic router pod's (`ns/pod`) config: the networking.istio.io Gateways selecting it. */
	readonly routers: ReadonlyMap<string, WaypointConfig>;
	readonly routeStatuses: readonly RouteStatus[];
	/** AuthorizationPolicy `namespace/name` → its WaypointAccepted condition (targetRefs only). */
	readonly policyStatuses: readonly (readonly [string, WaypointAcceptedCondition])[];
	/** Service `namespace/name` → its `istio.io/WaypointBound` condition, null to remove it. */
	readonly serviceStatuses: readonly (readonly [string, WaypointBoundCondition | null])[];
}

const className = (gw: KubeObject): unknown =>
	(gw['spec'] as { gatewayClassName?: unknown } | undefined)?.gatewayClassName;

/** What a policy's targetRefs can name: Gateways, Services, ServiceEntries and their waypoints. */
function targetIndexOf(
	snapshot: ClusterSnapshot,
	gateways: ReadonlyMap<string, KubeObject>,
	services: ReadonlyMap<string, KubeService>,
	b: WaypointBindings
): TargetIndex {
	const keys = (m: ReadonlyMap<string, Waypoint>): Map<string, string> =>
		new Map([...m].map(([k, w]) => [k, waypointKey(w)]));
	return {
		rootNamespace: rootNamespaceOf(snapshot),
		gateways,
		services,
		serviceWaypoints: keys(b.serviceWaypoints),
		serviceEntries: new Map((snapshot.serviceEntries ?? []).map((se) => [objectKey(se), se])),
		serviceEntryWaypoints: keys(b.entryWaypoints)
	};
}

export function computeWaypointState(
	snapshot: ClusterSnapshot,
	services: readonly Service[],
	workloads: readonly Workload[]
): WaypointState {
	const gateways = [...(snapshot.gateways ?? [])].sort(byObjectKey);
	const routes = [...(snapshot.httpRoutes ?? [])].sort(byObjectKey);
	const waypoints = collectWaypoints(gateways);
	const kubeServices = new Map<string, KubeService>(
		snapshot.services.map((s) => [objectKey(s), s])
	);
	const bindings = bindWaypoints(snapshot, waypoints);
	const filled = withWaypoints(services, workloads, bindings);

	// Routes: converted once, statuses per parent.
	const converted = new Map(routes.map((r) => [objectKey(r), convertHttpRoute(r, kubeServices)]));
	const gatewaysByKey = new Map(gateways.map((g) => [objectKey(g), g]));
	const routeParents = {
		services: kubeServices,
		gateways: gatewaysByKey,
		serviceWaypoints: bindings.serviceWaypoints
	};
	// TCPRoutes only with the alpha Gateway API on (istiod does not watch them otherwise).
	const tcpRoutes = snapshot.alphaGatewayApi
		? [...(snapshot.tcpRoutes ?? [])].sort(byObjectKey)
		: [];
	const tcpConverted = new Map(
		tcpRoutes.map((r) => [objectKey(r), convertTcpRoute(r, kubeServices)])
	);
	const routeStatuses = [
		...routeStatusesOf(routes, converted, routeParents),
		...routeStatusesOf(tcpRoutes, tcpConverted, routeParents, 'tcproutes')
	];
	// Policies: targetRefs only.
	const policies = attachPolicies(
		snapshot,
		targetIndexOf(snapshot, gatewaysByKey, kubeServices, bindings)
	);

	const ctx: WaypointPushContext = {
		snapshot,
		rootNamespace: rootNamespaceOf(snapshot),
		routes,
		converted,
		tcpRoutes,
		tcpConverted,
		services: filled.services,
		workloads: filled.workloads,
		byHostname: new Map(filled.services.map((s) => [s.hostname, s])),
		workloadByUid: new Map(filled.workloads.map((w) => [w.uid, w])),
		podLabels: bindings.podLabels,
		attachments: policies.attachments,
		providers: extAuthzProviders(snapshot)
	};
	const configs: WaypointConfig[] = [];
	for (const gw of gateways) {
		if (className(gw) === WAYPOINT_CLASS) {
			const w = waypoints.get(objectKey(gw));
			if (w) configs.push(waypointConfig(ctx, gw, w));
		} else if (className(gw) === INGRESS_CLASS) configs.push(ingressConfig(ctx, gw));
		else if (className(gw) === EAST_WEST_GATEWAY_CLASS && snapshot.multiNetwork)
			configs.push(eastWestConfig(ctx, gw));
	}
	const routers = new Map<string, WaypointConfig>();
	const classic = [...(snapshot.istioGateways ?? [])].sort(byObjectKey);
	for (const pod of snapshot.pods)
		if (isClassicRouter(pod)) routers.set(objectKey(pod), classicRouterConfig(ctx, pod, classic));
	return {
		services: filled.services,
		workloads: filled.workloads,
		waypoints: configs,
		routers,
		routeStatuses,
		policyStatuses: policies.statuses,
		serviceStatuses: bindings.serviceStatuses
	};
}
