/**
 * HTTPRoutes in the waypoint half of a push: each route's `status.parents`, the routes a
 * waypoint applies to a Service it serves (its own HTTPRoutes, else a VirtualService for the
 * host), and the routes attached to an ingress Gateway's listener. Mirrors
 * pilot/pkg/config/kube/gateway route_collections.go (parent references and their status).
 */
import type { KubeObject, Service as KubeService } from '../api/objects.ts';
import type { ServiceRoutes, TcpRoute } from '../xds/waypoint-config.ts';
import type { Service } from '../xds/workload-api.ts';
import { type ConvertedRoute, parentRefs, routeHostnames, serviceRoutes } from './routes.ts';
import { type RouteParentStatus, routeParentStatus } from './routes-status.ts';
import { tcpRouteFor } from './routes-tcp.ts';
import { virtualServiceHosts, virtualServiceRoutes } from './routes-virtualservice.ts';
import { type WaypointPushContext, objectKey } from './waypoints-context.ts';

export interface RouteStatus {
	/** The route's resource; HTTPRoute when absent. */
	readonly resource?: 'tcproutes';
	readonly namespace: string;
	readonly name: string;
	readonly parents: readonly RouteParentStatus[];
}

/** What a route's parentRefs may name, by `ns/name`. */
export interface RouteParents {
	readonly services: ReadonlyMap<string, KubeService>;
	readonly gateways: ReadonlyMap<string, KubeObject>;
	readonly serviceWaypoints: ReadonlyMap<string, unknown>;
}

/** Each route's status per parent, in route order. */
export function routeStatusesOf(
	routes: readonly KubeObject[],
	converted: ReadonlyMap<string, ConvertedRoute>,
	parents: RouteParents,
	resource?: RouteStatus['resource']
): RouteStatus[] {
	return routes.map((r) => ({
		...(resource ? { resource } : {}),
		namespace: r.metadata.namespace ?? 'default',
		name: r.metadata.name,
		parents: parentRefs(r).map((p) =>
			routeParentStatus(p, converted.get(objectKey(r))?.error, {
				parentExists:
					p.kind === 'Service'
						? parents.services.has(`${p.namespace}/${p.name}`)
						: parents.gateways.has(`${p.namespace}/${p.name}`),
				hasWaypoint:
					p.kind === 'Gateway' || parents.serviceWaypoints.has(`${p.namespace}/${p.name}`)
			})
		)
	}));
}

/** The ports a ztunnel Service declares, for a VirtualService's port matches. */
function servicePorts(ctx: WaypointPushContext, hostname: string): number[] | undefined {
	const svc = ctx.byHostname.get(hostname);
	return svc && Object.keys(svc.ports).map(Number);
}

/**
 * The routes waypoint `gw` applies to a Service it serves: HTTPRoutes whose parent is the
 * Service or the waypoint itself; without any, a VirtualService for the Service's host.
 */
export function waypointServiceRoutes(
	ctx: WaypointPushContext,
	gw: KubeObject,
	s: Service
): ServiceRoutes[] {
	const namespace = gw.metadata.namespace ?? 'default';
	const own: ServiceRoutes[] = [];
	for (const r of ctx.routes) {
		const c = ctx.converted.get(objectKey(r));
		if (!c) continue;
		for (const p of parentRefs(r)) {
			const direct = p.kind === 'Service' && p.namespace === s.namespace && p.name === s.name;
			const viaGateway =
				p.kind === 'Gateway' && p.namespace === namespace && p.name === gw.metadata.name;
			if (direct || viaGateway) own.push(serviceRoutes(r, p, c, s.hostname));
		}
	}
	if (own.length === 0) {
		const ports = (hostname: string): number[] | undefined => servicePorts(ctx, hostname);
		for (const vs of ctx.snapshot.virtualServices ?? [])
			if (virtualServiceHosts(vs).includes(s.hostname))
				own.push(virtualServiceRoutes(vs, s.hostname, ports, ctx.snapshot.destinationRules ?? []));
	}
	return own;
}

/** The routes of `gw`'s own namespace attached to its listener `name` (or to every listener). */
/**
 * Whether a listener's `allowedRoutes.namespaces` admits a route from `routeNs` (Gateway API:
 * `Same` by default, `All`, or `Selector` on the namespace's labels, matchLabels only).
 */
function admitsNamespace(
	ctx: WaypointPushContext,
	listener: Record<string, unknown> | undefined,
	gwNs: string,
	routeNs: string
): boolean {
	const ns = ((listener?.['allowedRoutes'] ?? {}) as { namespaces?: unknown }).namespaces as
		{ from?: unknown; selector?: { matchLabels?: Record<string, string> } } | undefined;
	const from = ns?.from ?? 'Same';
	if (from === 'All') return true;
	if (from === 'Selector') {
		const labels =
			ctx.snapshot.namespaces.find((n) => n.metadata.name === routeNs)?.metadata.labels ?? {};
		return Object.entries(ns?.selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
	}
	return routeNs === gwNs;
}

type ParentRef = ReturnType<typeof parentRefs>[number];

/**
 * Each route of `routes` (converted in `converted`) that `gw`'s listener `name` admits, with the
 * parentRef that attaches it: HTTPRoutes and TCPRoutes attach alike.
 */
function* attachedToListener<C>(
	ctx: WaypointPushContext,
	routes: readonly KubeObject[],
	converted: ReadonlyMap<string, C>,
	gw: KubeObject,
	name: string,
	listener: Record<string, unknown> | undefined
): Generator<[KubeObject, ParentRef, C]> {
	const namespace = gw.metadata.namespace ?? 'default';
	for (const r of routes) {
		const c = converted.get(objectKey(r));
		if (!c || !admitsNamespace(ctx, listener, namespace, r.metadata.namespace ?? 'default'))
			continue;
		for (const p of parentRefs(r)) {
			if (p.kind !== 'Gateway' || p.namespace !== namespace || p.name !== gw.metadata.name)
				continue;
			if (p.sectionName !== undefined && p.sectionName !== name) continue;
			yield [r, p, c];
		}
	}
}

export function listenerRoutes(
	ctx: WaypointPushContext,
	gw: KubeObject,
	name: string,
	listener?: Record<string, unknown>
): ServiceRoutes[] {
	const attached: ServiceRoutes[] = [];
	for (const [r, p, c] of attachedToListener(ctx, ctx.routes, ctx.converted, gw, name, listener))
		for (const h of routeHostnames(r)) attached.push(serviceRoutes(r, p, c, h));
	return attached;
}

/** The TCPRoutes of `gw`'s listener `name`, as listenerRoutes finds HTTPRoutes. */
export function listenerTcpRoutes(
	ctx: WaypointPushContext,
	gw: KubeObject,
	name: string,
	listener?: Record<string, unknown>
): TcpRoute[] {
	const attached = attachedToListener(ctx, ctx.tcpRoutes, ctx.tcpConverted, gw, name, listener);
	return [...attached].map(([r, p, c]) => tcpRouteFor(r, p, c));
}

/** The TCPRoutes waypoint `gw` applies to a Service it serves (parent: the Service or `gw`). */
export function waypointServiceTcpRoutes(
	ctx: WaypointPushContext,
	gw: KubeObject,
	s: Service
): TcpRoute[] {
	const namespace = gw.metadata.namespace ?? 'default';
	const own: TcpRoute[] = [];
	for (const r of ctx.tcpRoutes) {
		const c = ctx.tcpConverted.get(objectKey(r));
		if (!c) continue;
		for (const p of parentRefs(r)) {
			const direct = p.kind === 'Service' && p.namespace === s.namespace && p.name === s.name;
			const viaGateway =
				p.kind === 'Gateway' && p.namespace === namespace && p.name === gw.metadata.name;
			if (direct || viaGateway) own.push(tcpRouteFor(r, p, c, s.hostname));
		}
	}
	return own;
}
