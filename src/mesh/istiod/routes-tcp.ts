/**
 * TCPRoutes (gateway.networking.k8s.io/v1alpha2) as istiod converts them when
 * `PILOT_ENABLE_ALPHA_GATEWAY_API` is on. Mirrors istio pilot/pkg/config/kube/gateway
 * conversion.go `convertTCPRoute` and `buildTCPDestination`: a backendRef's weight defaults to 1,
 * zero-weight backends are dropped, a rule whose weights sum to 0 rejects connections (istiod
 * routes it to a blackhole cluster), an unresolvable backend keeps its share of the weight (its
 * cluster does not exist, so Envoy closes those connections) and reports `BackendNotFound`.
 * Only a route's first rule is used: TCP has nothing to match on.
 */
import type { KubeObject, Service as KubeService } from '../api/objects.ts';
import type { BackendRef, TcpRoute } from '../xds/waypoint-config.ts';
import type { ConvertedRoute, ParentRef, RouteError } from './routes.ts';
import { serviceHostname } from './services.ts';
import { arr, num, obj, str } from '../json.ts';

export interface ConvertedTcpRoute extends ConvertedRoute {
	readonly backends: readonly BackendRef[];
}

export function convertTcpRoute(
	route: KubeObject,
	services: ReadonlyMap<string, KubeService>
): ConvertedTcpRoute {
	const namespace = route.metadata.namespace ?? 'default';
	const rule = obj(arr(obj(route['spec'])['rules'])[0]);
	let error: RouteError | undefined;
	const backends: BackendRef[] = [];
	for (const b of arr(rule['backendRefs']).map(obj)) {
		const weight = num(b['weight']) ?? 1;
		if (weight === 0) continue;
		const kind = str(b['kind']) ?? 'Service';
		const name = str(b['name']) ?? '';
		const ns = str(b['namespace']) ?? namespace;
		const hostname = serviceHostname(name, ns);
		if (kind !== 'Service') {
			error ??= {
				reason: 'InvalidKind',
				message: `referencing unsupported backendRef: group "${str(b['group']) ?? ''}" kind "${kind}"`
			};
		} else if (!services.has(`${ns}/${name}`)) {
			error ??= { reason: 'BackendNotFound', message: `backend(${hostname}) not found` };
		}
		backends.push({ hostname, port: num(b['port']) ?? 0, weight });
	}
	return error ? { rules: [], backends, error } : { rules: [], backends };
}

/** The TcpRoute one parent of a TCPRoute gets. */
export function tcpRouteFor(
	route: KubeObject,
	parent: ParentRef,
	converted: ConvertedTcpRoute,
	hostname?: string
): TcpRoute {
	return {
		...(hostname !== undefined ? { hostname } : {}),
		...(parent.port !== undefined ? { port: parent.port } : {}),
		source: `${route.metadata.namespace ?? 'default'}/${route.metadata.name}`,
		backends: converted.backends
	};
}
