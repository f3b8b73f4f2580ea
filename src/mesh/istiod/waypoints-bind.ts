/**
 * Which waypoint serves each Service, ServiceEntry and pod, the `istio.io/WaypointBound`
 * condition each Service and ServiceEntry gets, and the ztunnel Services and Workloads with
 * their `waypoint` filled in. Mirrors pilot/pkg/serviceregistry/ambient services.go and
 * workloads.go (`fetchWaypointForService`, `fetchWaypointForWorkload`) and
 * pilot/pkg/model/service.go (`ServiceInfo.GetConditions`).
 */
import type { KubeObject, Pod } from '../api/objects.ts';
import type { Service, Workload } from '../xds/workload-api.ts';
import { type IngressUseWaypoint, ingressUseWaypointFromLabels } from './ingress-use-waypoint.ts';
import { podUid } from './services.ts';
import type { ClusterSnapshot } from './snapshot.ts';
import { type Waypoint, waypointForPod, waypointForService } from './waypoints.ts';
import { objectKey } from './waypoints-context.ts';

/** pilot/pkg/model/service.go ServiceInfo.GetConditions: the Service's WaypointBound condition. */
export interface WaypointBoundCondition {
	readonly type: 'istio.io/WaypointBound';
	readonly status: 'True' | 'False';
	readonly reason: string;
	readonly message: string;
}

/** Where each waypoint binding landed, keyed as the rest of the push looks it up. */
export interface WaypointBindings {
	/** Service `ns/name` → its waypoint. */
	readonly serviceWaypoints: ReadonlyMap<string, Waypoint>;
	/** ServiceEntry `ns/name` → its waypoint. */
	readonly entryWaypoints: ReadonlyMap<string, Waypoint>;
	/** Services (`ns/name`) whose ingress traffic goes through their waypoint. */
	readonly ingressViaWaypoint: ReadonlySet<string>;
	/** Pod uid → its waypoint. */
	readonly podWaypoints: ReadonlyMap<string, Waypoint>;
	/** Pod uid → its labels (a waypoint's workloads carry them). */
	readonly podLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
	/** Service `ns/name` and ServiceEntry `ServiceEntry/ns/name` → condition, null to remove. */
	readonly serviceStatuses: readonly (readonly [string, WaypointBoundCondition | null])[];
}

/**
 * The condition for a Service's binding, with Istio's sentence about ingress when
 * `istio.io/ingress-use-waypoint` is set (pilot/pkg/model/service.go GetConditions).
 */
function waypointBound(
	binding: ReturnType<typeof waypointForService>,
	ingress: IngressUseWaypoint
): WaypointBoundCondition | null {
	const w = binding.waypoint;
	if (w) {
		let message = `Successfully attached to waypoint ${w.namespace}/${w.name}`;
		if (ingress.useWaypoint) message += '. Ingress traffic will traverse the waypoint';
		else if (ingress.labelPresent)
			message +=
				'. Ingress traffic is not using the waypoint, set the istio.io/ingress-use-waypoint label to true if desired.';
		return { type: 'istio.io/WaypointBound', status: 'True', reason: 'WaypointAccepted', message };
	}
	if (binding.error)
		return {
			type: 'istio.io/WaypointBound',
			status: 'False',
			reason: binding.error.reason,
			message: binding.error.message
		};
	return null;
}

export function bindWaypoints(
	snapshot: ClusterSnapshot,
	waypoints: ReadonlyMap<string, Waypoint>
): WaypointBindings {
	const namespaces = new Map(snapshot.namespaces.map((n) => [n.metadata.name, n]));
	// Istio reads the label only for a Service bound to a waypoint.
	const ingressOf = (o: KubeObject, bound: boolean): IngressUseWaypoint =>
		bound
			? ingressUseWaypointFromLabels(
					o.metadata.labels,
					namespaces.get(o.metadata.namespace ?? 'default')?.metadata.labels
				)
			: { labelPresent: false, useWaypoint: false };
	const serviceWaypoints = new Map<string, Waypoint>();
	const ingressViaWaypoint = new Set<string>();
	const serviceStatuses: [string, WaypointBoundCondition | null][] = [];
	for (const svc of snapshot.services) {
		const binding = waypointForService(svc, waypoints, namespaces);
		const ingress = ingressOf(svc, binding.waypoint !== undefined);
		if (binding.waypoint) serviceWaypoints.set(objectKey(svc), binding.waypoint);
		if (ingress.useWaypoint) ingressViaWaypoint.add(objectKey(svc));
		serviceStatuses.push([objectKey(svc), waypointBound(binding, ingress)]);
	}
	// A ServiceEntry binds like a Service (serviceEntryServiceBuilder: fetchWaypointForService);
	// its services are keyed `ServiceEntry/ns/name` so a Service of the same name stays apart.
	const entryWaypoints = new Map<string, Waypoint>();
	for (const se of snapshot.serviceEntries ?? []) {
		const binding = waypointForService(se, waypoints, namespaces);
		if (binding.waypoint) entryWaypoints.set(objectKey(se), binding.waypoint);
		// ServiceEntries carry the condition too (model.ServiceInfo.GetConditions).
		const ingress = ingressOf(se, binding.waypoint !== undefined);
		serviceStatuses.push([`ServiceEntry/${objectKey(se)}`, waypointBound(binding, ingress)]);
	}
	const podWaypoints = new Map<string, Waypoint>();
	const podLabels = new Map<string, Readonly<Record<string, string>>>();
	for (const pod of snapshot.pods) {
		const w = waypointForPod(pod, waypoints, namespaces).waypoint;
		if (w) podWaypoints.set(podUid(pod as Pod), w);
		podLabels.set(podUid(pod as Pod), pod.metadata.labels ?? {});
	}
	return {
		serviceWaypoints,
		entryWaypoints,
		ingressViaWaypoint,
		podWaypoints,
		podLabels,
		serviceStatuses
	};
}

/** The ztunnel Services and Workloads with the waypoint each is bound to. */
export function withWaypoints(
	services: readonly Service[],
	workloads: readonly Workload[],
	b: WaypointBindings
): { services: Service[]; workloads: Workload[] } {
	return {
		services: services.map((s) => {
			const k = `${s.namespace}/${s.name}`;
			const w = s.hostname.endsWith('.svc.cluster.local')
				? b.serviceWaypoints.get(k)
				: b.entryWaypoints.get(k);
			if (!w) return s;
			return b.ingressViaWaypoint.has(k)
				? { ...s, waypoint: w.address, ingressUseWaypoint: true }
				: { ...s, waypoint: w.address };
		}),
		workloads: workloads.map((wl) => {
			const w = b.podWaypoints.get(wl.uid);
			return w ? { ...wl, waypoint: w.address } : wl;
		})
	};
}
