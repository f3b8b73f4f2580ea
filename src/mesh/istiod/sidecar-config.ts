/**
 * The HTTP half of a sidecar's push (xds/sidecar-config.ts): which service ports speak HTTP, the
 * route tables a client-side Envoy applies, and the AuthorizationPolicies its server side
 * enforces at L7. Mirrors what istiod builds for a sidecar proxy: protocol selection
 * (pkg/config/protocol, "Explicit protocol selection"), outbound HTTP routes from VirtualServices
 * and GAMMA HTTPRoutes (pilot/pkg/networking/core/httproute.go), and the RBAC filter of the
 * policies that select the workload (pilot/pkg/security/authz/builder, `selector` scope).
 * Pure: snapshot in, plain data out.
 */
import type { KubeObject, Pod, Service as KubeService } from '../api/objects.ts';
import type { SidecarHttp } from '../xds/sidecar-config.ts';
import type { L7Authorization, ServiceRoutes } from '../xds/waypoint-config.ts';
import type { Service } from '../xds/workload-api.ts';
import { hasTargetRefs, selectorLabels, specOf } from './authorization.ts';
import { convertHttpRoute, parentRefs, serviceRoutes } from './routes.ts';
import { virtualServiceHosts, virtualServiceRoutes } from './routes-virtualservice.ts';
import { podUid, serviceHostname } from './services.ts';
import { type ClusterSnapshot, rootNamespaceOf } from './snapshot.ts';
import { clientTlsModes } from './sidecar-tls.ts';
import { trafficPolicies } from './traffic-policy.ts';
import { l7Action, l7DryRun, l7Rules } from './waypoints-authz.ts';
import { extAuthzProviders, policyProvider } from './ext-authz-providers.ts';
import { podJwtRules } from './request-authn.ts';

/** Protocols Envoy serves with its HTTP connection manager (protocol.IsHTTP). */
const HTTP_PROTOCOLS = new Set(['http', 'http2', 'grpc', 'grpc-web', 'http_proxy']);

/**
 * A port's protocol, as Istio selects it: `appProtocol` first (`kubernetes.io/h2c` is HTTP2),
 * else the port name's prefix up to `-` (`http-web` → http). Case does not matter.
 */
export function portIsHttp(port: { name?: string; appProtocol?: unknown }): boolean {
	const app = typeof port.appProtocol === 'string' ? port.appProtocol.toLowerCase() : undefined;
	if (app !== undefined && app !== '') {
		return HTTP_PROTOCOLS.has(app) || app === 'kubernetes.io/h2c';
	}
	const name = (port.name ?? '').toLowerCase();
	const prefix =
		name === 'grpc-web' || name.startsWith('grpc-web-') ? 'grpc-web' : name.split('-')[0];
	return prefix !== undefined && HTTP_PROTOCOLS.has(prefix);
}

const key = (o: KubeObject): string => `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;
const byKey = (a: KubeObject, b: KubeObject): number =>
	key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

function httpPorts(services: readonly KubeService[]): Record<string, number[]> {
	const out: Record<string, number[]> = {};
	for (const svc of services) {
		const ports = (svc.spec.ports ?? []).filter(portIsHttp).map((p) => p.port);
		if (ports.length > 0)
			out[serviceHostname(svc.metadata.name, svc.metadata.namespace ?? 'default')] = ports;
	}
	return out;
}

/**
 * Every service's routes: GAMMA HTTPRoutes whose parent is the Service, else the VirtualServices
 * naming its host ("the HTTPRoute/s will apply and the VirtualService will not").
 */
function clientRoutes(snapshot: ClusterSnapshot, services: readonly Service[]): ServiceRoutes[] {
	const kubeServices = new Map<string, KubeService>(snapshot.services.map((s) => [key(s), s]));
	const routes = [...(snapshot.httpRoutes ?? [])].sort(byKey);
	const virtualServices = snapshot.virtualServices ?? [];
	const byHostname = new Map(services.map((s) => [s.hostname, s]));
	const servicePorts = (hostname: string): number[] | undefined => {
		const svc = byHostname.get(hostname);
		return svc && Object.keys(svc.ports).map(Number);
	};
	const out: ServiceRoutes[] = [];
	for (const s of services) {
		const own: ServiceRoutes[] = [];
		for (const r of routes)
			for (const p of parentRefs(r))
				if (p.kind === 'Service' && p.namespace === s.namespace && p.name === s.name)
					own.push(serviceRoutes(r, p, convertHttpRoute(r, kubeServices), s.hostname));
		if (own.length === 0)
			for (const vs of virtualServices)
				if (virtualServiceHosts(vs).includes(s.hostname))
					own.push(
						virtualServiceRoutes(vs, s.hostname, servicePorts, snapshot.destinationRules ?? [])
					);
		out.push(...own);
	}
	return out;
}

/**
 * The policies Envoy's RBAC filter holds for `pod`: those without targetRefs in the root
 * namespace or the pod's, whose selector (if any) matches its labels. `selector: {}` selects
 * nothing, as istiod drops a nil label selector.
 */
export function podPolicies(snapshot: ClusterSnapshot, pod: Pod): L7Authorization[] {
	const root = rootNamespaceOf(snapshot);
	const namespace = pod.metadata.namespace ?? 'default';
	const labels = pod.metadata.labels ?? {};
	const providers = extAuthzProviders(snapshot);
	const out: L7Authorization[] = [];
	for (const ap of [...snapshot.authorizationPolicies].sort(byKey)) {
		const spec = specOf(ap);
		const ns = ap.metadata.namespace ?? 'default';
		if (hasTargetRefs(spec) || (ns !== root && ns !== namespace)) continue;
		const hasSelector = spec['selector'] !== undefined && spec['selector'] !== null;
		const selector = selectorLabels(spec);
		if (hasSelector) {
			if (!selector || Object.keys(selector).length === 0) continue;
			if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) continue;
		}
		out.push({
			name: ap.metadata.name,
			namespace: ns,
			action: l7Action(ap),
			target: { kind: 'Workload' },
			rules: l7Rules(ap),
			...l7DryRun(ap),
			...policyProvider(providers, spec)
		});
	}
	return out;
}

export function sidecarHttpConfig(
	snapshot: ClusterSnapshot,
	pod: Pod,
	services: readonly Service[]
): SidecarHttp {
	const labels: Record<string, Readonly<Record<string, string>>> = {};
	for (const p of snapshot.pods) labels[podUid(p)] = p.metadata.labels ?? {};
	const tlsModes = clientTlsModes(
		snapshot.destinationRules ?? [],
		pod.metadata.namespace ?? 'default',
		rootNamespaceOf(snapshot),
		services
	);
	const jwtRules = podJwtRules(snapshot, pod);
	const policies = trafficPolicies(
		snapshot.destinationRules ?? [],
		pod.metadata.namespace ?? 'default',
		rootNamespaceOf(snapshot),
		services
	);
	return {
		httpPorts: httpPorts(snapshot.services),
		routes: clientRoutes(snapshot, services),
		policies: podPolicies(snapshot, pod),
		labels,
		...(Object.keys(tlsModes).length > 0 ? { tlsModes } : {}),
		...(jwtRules.length > 0 ? { jwtRules } : {}),
		...(Object.keys(policies).length > 0 ? { trafficPolicies: policies } : {})
	};
}
