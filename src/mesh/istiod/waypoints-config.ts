/**
 * The waypoint half of a push: which Service and Pod each waypoint serves (filled into the
 * ztunnel Service/Workload as `waypoint`), the WaypointConfig each waypoint and Istio ingress
 * gateway gets, and the statuses istiod writes on HTTPRoutes and targetRefs policies.
 * Pure: snapshot in, plain data out (it crosses to the waypoint pods by structured clone).
 */
import type { KubeObject, Pod, Service as KubeService } from '../api/objects.ts';
import type { GatewayListener, ServiceRoutes, WaypointConfig } from '../xds/waypoint-config.ts';
import type { Service, Workload } from '../xds/workload-api.ts';
import { convertHttpRoute, parentRefs, routeHostnames, serviceRoutes } from './routes.ts';
import { virtualServiceHosts, virtualServiceRoutes } from './routes-virtualservice.ts';
import { type RouteParentStatus, routeParentStatus } from './routes-status.ts';
import { podUid } from './services.ts';
import { type ClusterSnapshot, rootNamespaceOf } from './snapshot.ts';
import { envoyAccessLogging } from './telemetry.ts';
import { type IngressUseWaypoint, ingressUseWaypointFromLabels } from './ingress-use-waypoint.ts';
import {
	type Waypoint,
	WAYPOINT_CLASS,
	collectWaypoints,
	waypointForPod,
	waypointForService,
	waypointKey
} from './waypoints.ts';
import {
	type PolicyAttachment,
	type WaypointAcceptedCondition,
	l7Action,
	l7Rules,
	resolveTargets,
	targetRefsOf
} from './waypoints-authz.ts';

export const INGRESS_CLASS = 'istio';

export interface RouteStatus {
	readonly namespace: string;
	readonly name: string;
	readonly parents: readonly RouteParentStatus[];
}

export interface WaypointState {
	readonly services: readonly Service[];
	readonly workloads: readonly Workload[];
	/** One per programmed waypoint and per Istio ingress Gateway, sorted by namespace/name. */
	readonly waypoints: readonly WaypointConfig[];
	readonly routeStatuses: readonly RouteStatus[];
	/** AuthorizationPolicy `namespace/name` → its WaypointAccepted condition (targetRefs only). */
	readonly policyStatuses: readonly (readonly [string, WaypointAcceptedCondition])[];
	/** Service `namespace/name` → its `istio.io/WaypointBound` condition, null to remove it. */
	readonly serviceStatuses: readonly (readonly [string, WaypointBoundCondition | null])[];
}

/** pilot/pkg/model/service.go ServiceInfo.GetConditions: the Service's WaypointBound condition. */
export interface WaypointBoundCondition {
	readonly type: 'istio.io/WaypointBound';
	readonly status: 'True' | 'False';
	readonly reason: string;
	readonly message: string;
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

const key = (o: KubeObject): string => `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;
const byKey = (a: KubeObject, b: KubeObject): number =>
	key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
const className = (gw: KubeObject): unknown =>
	(gw['spec'] as { gatewayClassName?: unknown } | undefined)?.gatewayClassName;

/**
 * The hosts a waypoint originates TLS to: a DestinationRule for the host whose
 * `trafficPolicy.tls.mode` is SIMPLE (`sni` optional), in the service's namespace, the
 * waypoint's or the root namespace (pilot's DestinationRule lookup, simplified).
 */
function originateTls(
	services: readonly Service[],
	destinationRules: readonly KubeObject[],
	namespaces: readonly string[]
): { hostname: string; sni?: string }[] {
	const out: { hostname: string; sni?: string }[] = [];
	for (const s of services) {
		const dr = destinationRules.find((d) => {
			const spec = (d['spec'] ?? {}) as { host?: unknown };
			const ns = d.metadata.namespace ?? 'default';
			return spec.host === s.hostname && (ns === s.namespace || namespaces.includes(ns));
		});
		const tls = ((
			dr?.['spec'] as { trafficPolicy?: { tls?: { mode?: unknown; sni?: unknown } } } | undefined
		)?.trafficPolicy?.tls ?? {}) as { mode?: unknown; sni?: unknown };
		if (tls.mode !== 'SIMPLE') continue;
		out.push({ hostname: s.hostname, ...(typeof tls.sni === 'string' ? { sni: tls.sni } : {}) });
	}
	return out;
}

export function computeWaypointState(
	snapshot: ClusterSnapshot,
	services: readonly Service[],
	workloads: readonly Workload[]
): WaypointState {
	const gateways = [...(snapshot.gateways ?? [])].sort(byKey);
	const routes = [...(snapshot.httpRoutes ?? [])].sort(byKey);
	const waypoints = collectWaypoints(gateways);
	const namespaces = new Map(snapshot.namespaces.map((n) => [n.metadata.name, n]));
	const kubeServices = new Map<string, KubeService>(snapshot.services.map((s) => [key(s), s]));

	const serviceWaypoints = new Map<string, Waypoint>();
	const ingressViaWaypoint = new Set<string>();
	const serviceStatuses: [string, WaypointBoundCondition | null][] = [];
	for (const svc of snapshot.services) {
		const binding = waypointForService(svc, waypoints, namespaces);
		// Istio reads the label only for a Service bound to a waypoint.
		const ingress = binding.waypoint
			? ingressUseWaypointFromLabels(
					svc.metadata.labels,
					namespaces.get(svc.metadata.namespace ?? 'default')?.metadata.labels
				)
			: { labelPresent: false, useWaypoint: false };
		if (binding.waypoint) serviceWaypoints.set(key(svc), binding.waypoint);
		if (ingress.useWaypoint) ingressViaWaypoint.add(key(svc));
		serviceStatuses.push([key(svc), waypointBound(binding, ingress)]);
	}
	// A ServiceEntry binds like a Service (serviceEntryServiceBuilder: fetchWaypointForService);
	// its services are keyed `ServiceEntry/ns/name` so a Service of the same name stays apart.
	const entryWaypoints = new Map<string, Waypoint>();
	for (const se of snapshot.serviceEntries ?? []) {
		const binding = waypointForService(se, waypoints, namespaces);
		if (binding.waypoint) entryWaypoints.set(key(se), binding.waypoint);
		// ServiceEntries carry the condition too (model.ServiceInfo.GetConditions).
		const ingress = binding.waypoint
			? ingressUseWaypointFromLabels(
					se.metadata.labels,
					namespaces.get(se.metadata.namespace ?? 'default')?.metadata.labels
				)
			: { labelPresent: false, useWaypoint: false };
		serviceStatuses.push([`ServiceEntry/${key(se)}`, waypointBound(binding, ingress)]);
	}
	const podWaypoints = new Map<string, Waypoint>();
	const podLabels = new Map<string, Readonly<Record<string, string>>>();
	for (const pod of snapshot.pods) {
		const w = waypointForPod(pod, waypoints, namespaces).waypoint;
		if (w) podWaypoints.set(podUid(pod as Pod), w);
		podLabels.set(podUid(pod as Pod), pod.metadata.labels ?? {});
	}
	const accessLogsFor = (gw: KubeObject): boolean =>
		envoyAccessLogging(
			{ namespace: gw.metadata.namespace ?? 'default', gateway: gw.metadata.name },
			snapshot.telemetries ?? [],
			rootNamespaceOf(snapshot),
			snapshot.accessLogFile
		);
	/** A waypoint's workloads carry their pod's labels (DestinationRule subsets match on them). */
	const labelled = (wls: Iterable<Workload>): Workload[] =>
		[...wls].map((w) => ({ ...w, labels: podLabels.get(w.uid) ?? {} }));
	const withServices = services.map((s) => {
		const k = `${s.namespace}/${s.name}`;
		const w = s.hostname.endsWith('.svc.cluster.local')
			? serviceWaypoints.get(k)
			: entryWaypoints.get(k);
		if (!w) return s;
		return ingressViaWaypoint.has(k)
			? { ...s, waypoint: w.address, ingressUseWaypoint: true }
			: { ...s, waypoint: w.address };
	});
	const withWorkloads = workloads.map((wl) => {
		const w = podWaypoints.get(wl.uid);
		return w ? { ...wl, waypoint: w.address } : wl;
	});

	// Routes: converted once, statuses per parent.
	const converted = new Map(routes.map((r) => [key(r), convertHttpRoute(r, kubeServices)]));
	const gatewaysByKey = new Map(gateways.map((g) => [key(g), g]));
	const routeStatuses: RouteStatus[] = routes.map((r) => ({
		namespace: r.metadata.namespace ?? 'default',
		name: r.metadata.name,
		parents: parentRefs(r).map((p) =>
			routeParentStatus(p, converted.get(key(r))?.error, {
				parentExists:
					p.kind === 'Service'
						? kubeServices.has(`${p.namespace}/${p.name}`)
						: gatewaysByKey.has(`${p.namespace}/${p.name}`),
				hasWaypoint: p.kind === 'Gateway' || serviceWaypoints.has(`${p.namespace}/${p.name}`)
			})
		)
	}));

	// Policies: targetRefs only.
	const attachments = new Map<string, { ap: KubeObject; at: PolicyAttachment }[]>();
	const policyStatuses: [string, WaypointAcceptedCondition][] = [];
	const targetIndex = {
		rootNamespace: rootNamespaceOf(snapshot),
		gateways: gatewaysByKey,
		services: kubeServices,
		serviceWaypoints: new Map([...serviceWaypoints].map(([k, w]) => [k, waypointKey(w)])),
		serviceEntries: new Map((snapshot.serviceEntries ?? []).map((se) => [key(se), se])),
		serviceEntryWaypoints: new Map([...entryWaypoints].map(([k, w]) => [k, waypointKey(w)]))
	};
	for (const ap of [...snapshot.authorizationPolicies].sort(byKey)) {
		if (targetRefsOf(ap).length === 0) continue;
		const resolved = resolveTargets(ap, targetIndex);
		policyStatuses.push([key(ap), resolved.condition]);
		for (const at of resolved.attachments) {
			const list = attachments.get(at.gateway) ?? [];
			list.push({ ap, at });
			attachments.set(at.gateway, list);
		}
	}
	const policiesFor = (gwKey: string): WaypointConfig['policies'] =>
		(attachments.get(gwKey) ?? []).map(({ ap, at }) => ({
			name: ap.metadata.name,
			namespace: ap.metadata.namespace ?? 'default',
			action: l7Action(ap),
			target: at.target,
			rules: l7Rules(ap)
		}));

	const byHostname = new Map(withServices.map((s) => [s.hostname, s]));
	const servicePorts = (hostname: string): number[] | undefined => {
		const svc = byHostname.get(hostname);
		return svc && Object.keys(svc.ports).map(Number);
	};
	const workloadByUid = new Map(withWorkloads.map((w) => [w.uid, w]));
	/**
	 * Served services first, then every Service a route sends to (the proxy must reach it). An
	 * ingress gateway also gets the waypoint Service of each backend it must send through its
	 * waypoint (Envoy's EDS for that backend lists the waypoint's endpoints).
	 */
	function closure(
		served: readonly Service[],
		routesOut: readonly ServiceRoutes[],
		ingress = false
	) {
		const svcs = new Map(served.map((s) => [s.hostname, s]));
		for (const r of routesOut)
			for (const rule of r.rules)
				for (const b of rule.backends) {
					const s = byHostname.get(b.hostname);
					if (s && !svcs.has(s.hostname)) svcs.set(s.hostname, s);
					const via = ingress && s?.ingressUseWaypoint ? s.waypoint : undefined;
					const wp = via && byHostname.get(via.hostname);
					if (wp && !svcs.has(wp.hostname)) svcs.set(wp.hostname, wp);
				}
		const wls = new Map<string, Workload>();
		for (const s of svcs.values())
			for (const ep of s.endpoints) {
				const w = workloadByUid.get(ep.workloadUid);
				if (w) wls.set(w.uid, w);
			}
		return { services: [...svcs.values()], wls };
	}

	const configs: WaypointConfig[] = [];
	const virtualServices = snapshot.virtualServices ?? [];
	for (const gw of gateways) {
		const gwKey = key(gw);
		const namespace = gw.metadata.namespace ?? 'default';
		if (className(gw) === WAYPOINT_CLASS) {
			const w = waypoints.get(gwKey);
			if (!w) continue;
			const served = withServices.filter((s) => s.waypoint?.hostname === w.address.hostname);
			const routesOut: ServiceRoutes[] = [];
			for (const s of served) {
				const own: ServiceRoutes[] = [];
				for (const r of routes) {
					const c = converted.get(key(r));
					if (!c) continue;
					for (const p of parentRefs(r)) {
						const direct = p.kind === 'Service' && p.namespace === s.namespace && p.name === s.name;
						const viaGateway =
							p.kind === 'Gateway' && p.namespace === namespace && p.name === gw.metadata.name;
						if (direct || viaGateway) own.push(serviceRoutes(r, p, c, s.hostname));
					}
				}
				if (own.length === 0) {
					for (const vs of virtualServices)
						if (virtualServiceHosts(vs).includes(s.hostname))
							own.push(
								virtualServiceRoutes(vs, s.hostname, servicePorts, snapshot.destinationRules ?? [])
							);
				}
				routesOut.push(...own);
			}
			const { services: svcs, wls } = closure(served, routesOut);
			for (const wl of withWorkloads)
				if (wl.waypoint?.hostname === w.address.hostname) wls.set(wl.uid, wl);
			const tls = originateTls(svcs, snapshot.destinationRules ?? [], [
				namespace,
				rootNamespaceOf(snapshot)
			]);
			configs.push({
				...(tls.length > 0 ? { originateTls: tls } : {}),
				version: 0,
				gateway: { name: gw.metadata.name, namespace },
				gatewayClassName: WAYPOINT_CLASS,
				services: svcs,
				workloads: labelled(wls.values()),
				routes: routesOut,
				policies: policiesFor(gwKey),
				accessLogging: accessLogsFor(gw)
			});
		} else if (className(gw) === INGRESS_CLASS) {
			const listeners: GatewayListener[] = [];
			const all: ServiceRoutes[] = [];
			const spec = gw['spec'] as { listeners?: unknown };
			for (const l of Array.isArray(spec.listeners) ? spec.listeners : []) {
				const listener = l as { name?: unknown; port?: unknown; protocol?: unknown };
				if (listener.protocol !== 'HTTP' || typeof listener.port !== 'number') continue;
				const name = typeof listener.name === 'string' ? listener.name : '';
				const attached: ServiceRoutes[] = [];
				for (const r of routes) {
					const c = converted.get(key(r));
					if (!c || (r.metadata.namespace ?? 'default') !== namespace) continue;
					for (const p of parentRefs(r)) {
						if (p.kind !== 'Gateway' || p.namespace !== namespace || p.name !== gw.metadata.name)
							continue;
						if (p.sectionName !== undefined && p.sectionName !== name) continue;
						for (const h of routeHostnames(r)) attached.push(serviceRoutes(r, p, c, h));
					}
				}
				all.push(...attached);
				listeners.push({ name, port: listener.port, protocol: 'HTTP', routes: attached });
			}
			const { services: svcs, wls } = closure([], all, true);
			configs.push({
				version: 0,
				gateway: { name: gw.metadata.name, namespace },
				gatewayClassName: INGRESS_CLASS,
				services: svcs,
				workloads: labelled(wls.values()),
				routes: [],
				policies: policiesFor(gwKey),
				listeners,
				accessLogging: accessLogsFor(gw)
			});
		}
	}
	return {
		services: withServices,
		workloads: withWorkloads,
		waypoints: configs,
		routeStatuses,
		policyStatuses,
		serviceStatuses
	};
}
