/**
 * Which waypoint serves a Service or a Pod. Mirrors istio
 * pilot/pkg/serviceregistry/ambient/waypoints.go (`WaypointsCollection`, `getUseWaypoint`,
 * `fetchWaypointForTarget`, `fetchWaypointForService`, `fetchWaypointForWorkload`,
 * `AllowsAttachmentFromNamespace`): the object's own `istio.io/use-waypoint` label wins over its
 * namespace's (`none` opts out), `istio.io/use-waypoint-namespace` names another namespace, and
 * the waypoint must accept the traffic type (`istio.io/waypoint-for`, default `service`) and the
 * object's namespace (its listener's `allowedRoutes`).
 */
import type { KubeObject } from '../api/objects.ts';
import { HBONE_PORT } from '../istio/ports.ts';
import { ip } from '../types.ts';
import type { GatewayAddress } from '../xds/workload-api.ts';
import { serviceHostname } from './services.ts';
import { arr, obj } from '../json.ts';

export const WAYPOINT_CLASS = 'istio-waypoint';
export const USE_WAYPOINT = 'istio.io/use-waypoint';
export const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace';
export const WAYPOINT_FOR = 'istio.io/waypoint-for';
/** `gateway.istio.io/managed` on a waypoint's pods: a waypoint never uses a waypoint. */
export const GATEWAY_MANAGED = 'gateway.istio.io/managed';
export const MESH_CONTROLLER_LABEL = 'istio.io-mesh-controller';
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
export const GATEWAY_CLASS_LABEL = 'gateway.networking.k8s.io/gateway-class-name';

export type TrafficType = 'service' | 'workload' | 'all' | 'none';

const TRAFFIC_TYPES: readonly TrafficType[] = ['service', 'workload', 'all', 'none'];

/** A Gateway of class `istio-waypoint` that istiod has given an address (status.addresses). */
export interface Waypoint {
	readonly name: string;
	readonly namespace: string;
	readonly trafficType: TrafficType;
	readonly address: GatewayAddress;
	/** The `mesh` listener's allowedRoutes.namespaces. */
	readonly allowedFrom: AllowedNamespaces;
}

type AllowedNamespaces =
	| { readonly from: 'Same' | 'All' }
	| { readonly from: 'Selector'; readonly matchLabels: Readonly<Record<string, string>> };

/** Why a labelled object is not bound (condition `istio.io/WaypointBound` on its status). */
export interface WaypointBindError {
	readonly reason: 'WaypointIsNotReady' | 'AttachmentDenied' | 'UnsupportedTrafficType';
	readonly message: string;
}

export interface WaypointBinding {
	readonly waypoint?: Waypoint;
	readonly error?: WaypointBindError;
}

export const waypointKey = (w: { namespace: string; name: string }): string =>
	`${w.namespace}/${w.name}`;

/** The waypoint's Service name: the Gateway's, unless `gateway.istio.io/name-override`. */
export function waypointServiceName(gw: KubeObject): string {
	return gw.metadata.annotations?.['gateway.istio.io/name-override'] ?? gw.metadata.name;
}

function trafficTypeOf(gw: KubeObject): TrafficType {
	const v = gw.metadata.labels?.[WAYPOINT_FOR];
	return TRAFFIC_TYPES.includes(v as TrafficType) ? (v as TrafficType) : 'service';
}

function allowedFromOf(gw: KubeObject): AllowedNamespaces {
	const listeners = arr(obj(gw['spec'])['listeners']).map(obj);
	const mesh = listeners.find((l) => l['protocol'] === 'HBONE') ?? listeners[0] ?? {};
	const ns = obj(obj(mesh['allowedRoutes'])['namespaces']);
	if (ns['from'] === 'All') return { from: 'All' };
	if (ns['from'] === 'Selector') {
		const ml = obj(obj(ns['selector'])['matchLabels']);
		return {
			from: 'Selector',
			matchLabels: Object.fromEntries(
				Object.entries(ml).filter((e): e is [string, string] => typeof e[1] === 'string')
			)
		};
	}
	return { from: 'Same' };
}

/**
 * WaypointsCollection: Gateways of class istio-waypoint with an IP in status.addresses ("only
 * populated once the Waypoint's deployment has at least 1 ready pod").
 */
export function collectWaypoints(gateways: readonly KubeObject[]): Map<string, Waypoint> {
	const out = new Map<string, Waypoint>();
	for (const gw of gateways) {
		if (obj(gw['spec'])['gatewayClassName'] !== WAYPOINT_CLASS) continue;
		const addresses = arr(obj(gw['status'])['addresses']).map(obj);
		const value = addresses.find((a) => (a['type'] ?? 'IPAddress') === 'IPAddress')?.['value'];
		if (typeof value !== 'string' || value === '') continue;
		const namespace = gw.metadata.namespace ?? 'default';
		const w: Waypoint = {
			name: gw.metadata.name,
			namespace,
			trafficType: trafficTypeOf(gw),
			address: {
				hostname: serviceHostname(waypointServiceName(gw), namespace),
				namespace,
				address: ip(value),
				hboneMtlsPort: HBONE_PORT
			},
			allowedFrom: allowedFromOf(gw)
		};
		out.set(waypointKey(w), w);
	}
	return out;
}

/** getUseWaypoint: the named waypoint, `none` (opted out) or undefined (no label). */
export function useWaypoint(
	meta: KubeObject['metadata'],
	defaultNamespace: string
): { namespace: string; name: string } | 'none' | undefined {
	const value = meta.labels?.[USE_WAYPOINT];
	if (value === undefined) return undefined;
	if (value === 'none' || value === '#none' || value === '~') return 'none';
	return { namespace: meta.labels?.[USE_WAYPOINT_NAMESPACE] ?? defaultNamespace, name: value };
}

function allowsAttachment(
	w: Waypoint,
	namespace: string,
	namespaces: ReadonlyMap<string, KubeObject>
): boolean {
	const allowed = w.allowedFrom;
	if (allowed.from === 'All' || namespace === w.namespace) return true;
	if (allowed.from !== 'Selector') return false;
	const labels = namespaces.get(namespace)?.metadata.labels ?? {};
	return Object.entries(allowed.matchLabels).every(([k, v]) => labels[k] === v);
}

/** fetchWaypointForTarget: the object's label, else its namespace's. */
function waypointForTarget(
	meta: KubeObject['metadata'],
	waypoints: ReadonlyMap<string, Waypoint>,
	namespaces: ReadonlyMap<string, KubeObject>
): WaypointBinding {
	const namespace = meta.namespace ?? 'default';
	let ref = useWaypoint(meta, namespace);
	if (ref === undefined) {
		const ns = namespaces.get(namespace);
		if (ns) ref = useWaypoint(ns.metadata, ns.metadata.name);
	}
	if (ref === undefined || ref === 'none') return {};
	const w = waypoints.get(waypointKey(ref));
	if (!w) {
		// Missing, or no address yet: Istio reports both as not ready (ambient/status.go).
		return {
			error: {
				reason: 'WaypointIsNotReady',
				message: `waypoint "${waypointKey(ref)}" is not ready`
			}
		};
	}
	return { waypoint: w };
}

/** Is this object a waypoint itself (its pods or Service)? A waypoint never uses a waypoint. */
export function isWaypointObject(meta: KubeObject['metadata']): boolean {
	const labels = meta.labels ?? {};
	return (
		labels[GATEWAY_MANAGED] === MESH_CONTROLLER_LABEL ||
		labels[GATEWAY_CLASS_LABEL] === WAYPOINT_CLASS
	);
}

function bind(
	meta: KubeObject['metadata'],
	kind: 'service' | 'workload',
	waypoints: ReadonlyMap<string, Waypoint>,
	namespaces: ReadonlyMap<string, KubeObject>
): WaypointBinding {
	if (isWaypointObject(meta)) return {};
	const found = waypointForTarget(meta, waypoints, namespaces);
	const w = found.waypoint;
	if (!w) return found;
	const name = waypointKey(w);
	if (!allowsAttachment(w, meta.namespace ?? 'default', namespaces)) {
		return {
			error: {
				reason: 'AttachmentDenied',
				message: `we are not permitted to attach to waypoint "${name}" (missing allowedRoutes?)`
			}
		};
	}
	if (w.trafficType === kind || w.trafficType === 'all') return { waypoint: w };
	return {
		error: {
			reason: 'UnsupportedTrafficType',
			message: `attempting to bind to traffic type "${kind}" which the waypoint "${name}" does not support`
		}
	};
}

/** fetchWaypointForService: needs a waypoint for `service` or `all` traffic. */
export function waypointForService(
	svc: KubeObject,
	waypoints: ReadonlyMap<string, Waypoint>,
	namespaces: ReadonlyMap<string, KubeObject>
): WaypointBinding {
	return bind(svc.metadata, 'service', waypoints, namespaces);
}

/** fetchWaypointForWorkload: needs a waypoint for `workload` or `all` traffic. */
export function waypointForPod(
	pod: KubeObject,
	waypoints: ReadonlyMap<string, Waypoint>,
	namespaces: ReadonlyMap<string, KubeObject>
): WaypointBinding {
	return bind(pod.metadata, 'workload', waypoints, namespaces);
}
