/**
 * HTTPRoutes as waypoints and gateways use them, and the status istiod writes on them. Mirrors
 * istio pilot/pkg/config/kube/gateway (conversion.go `convertHTTPRoute`, `buildHTTPVirtualServices`
 * for mesh parents, route_collections.go, conditions.go `createRouteStatus`): a parentRef of kind
 * Service binds the route to that Service in its waypoint, a parentRef to a Gateway to its
 * listeners. Gateway API defaults apply: a rule without matches matches every path, a backend
 * weighs 1, a missing backend Service is `BackendNotFound`.
 */
import type { KubeObject, Service as KubeService } from '../api/objects.ts';
import type {
	BackendRef,
	HeaderModifier,
	MirrorPolicy,
	RequestRedirect,
	RouteMatch,
	RouteRule,
	ServiceRoutes
} from '../xds/waypoint-config.ts';
import { serviceHostname } from './services.ts';
import { parseDuration } from './routes-duration.ts';
import { arr, num, obj, str } from '../json.ts';

type Obj = Record<string, unknown>;

/** A route's parent as the route names it (group and kind defaulted the Gateway API way). */
export interface ParentRef {
	readonly kind: 'Service' | 'Gateway';
	readonly name: string;
	readonly namespace: string;
	readonly port?: number;
	readonly sectionName?: string;
	/** The parentRef exactly as written, echoed in status.parents[].parentRef. */
	readonly original: Obj;
}

/** Service parents are core (`group: ""`); Istio also takes `kind: Service` with no group. */
export function parentRefs(route: KubeObject): ParentRef[] {
	const namespace = route.metadata.namespace ?? 'default';
	const out: ParentRef[] = [];
	for (const raw of arr(obj(route['spec'])['parentRefs']).map(obj)) {
		const kind = str(raw['kind']) ?? 'Gateway';
		const group = str(raw['group']);
		const name = str(raw['name']);
		if (!name) continue;
		const core = group === undefined || group === '' || group === 'core';
		const isService = kind === 'Service' && core;
		const isGateway =
			kind === 'Gateway' && (group === undefined || group === 'gateway.networking.k8s.io');
		if (!isService && !isGateway) continue;
		const port = num(raw['port']);
		const sectionName = str(raw['sectionName']);
		out.push({
			kind: isService ? 'Service' : 'Gateway',
			name,
			namespace: str(raw['namespace']) ?? namespace,
			...(port !== undefined ? { port } : {}),
			...(sectionName !== undefined ? { sectionName } : {}),
			original: raw
		});
	}
	return out;
}

/** Gateway API HTTPRequestRedirectFilter; statusCode defaults to 302 (the CRD's default, kubebuilder:default=302). */
function requestRedirect(f: Obj): RequestRedirect {
	const scheme = str(f['scheme']);
	const hostname = str(f['hostname']);
	const port = num(f['port']);
	const p = obj(f['path']);
	const type = str(p['type']);
	const value =
		type === 'ReplaceFullPath' ? str(p['replaceFullPath']) : str(p['replacePrefixMatch']);
	const path =
		(type === 'ReplaceFullPath' || type === 'ReplacePrefixMatch') && value !== undefined
			? { type: type as NonNullable<RequestRedirect['path']>['type'], value }
			: undefined;
	return {
		...(scheme !== undefined ? { scheme } : {}),
		...(hostname !== undefined ? { hostname } : {}),
		...(port !== undefined ? { port } : {}),
		...(path ? { path } : {}),
		statusCode: num(f['statusCode']) ?? 302
	};
}

function headerModifier(filter: Obj): HeaderModifier {
	const pairs = (x: unknown): { name: string; value: string }[] =>
		arr(x)
			.map(obj)
			.filter((h) => typeof h['name'] === 'string')
			.map((h) => ({ name: String(h['name']), value: String(h['value'] ?? '') }));
	const remove = arr(filter['remove']).filter((r): r is string => typeof r === 'string');
	return {
		...(arr(filter['set']).length > 0 ? { set: pairs(filter['set']) } : {}),
		...(arr(filter['add']).length > 0 ? { add: pairs(filter['add']) } : {}),
		...(remove.length > 0 ? { remove } : {})
	};
}

function routeMatch(m: Obj): RouteMatch {
	const path = obj(m['path']);
	const kv = (x: unknown) =>
		arr(x)
			.map(obj)
			.filter((h) => typeof h['name'] === 'string')
			.map((h) => ({
				type:
					h['type'] === 'RegularExpression' ? ('RegularExpression' as const) : ('Exact' as const),
				name: String(h['name']),
				value: String(h['value'] ?? '')
			}));
	const headers = kv(m['headers']);
	const queryParams = kv(m['queryParams']);
	const type = str(path['type']);
	const method = str(m['method']);
	return {
		path: {
			type: type === 'Exact' || type === 'RegularExpression' ? type : 'PathPrefix',
			value: str(path['value']) ?? '/'
		},
		...(headers.length > 0 ? { headers } : {}),
		...(queryParams.length > 0 ? { queryParams } : {}),
		...(method !== undefined ? { method } : {})
	};
}

/**
 * conversion.go createMirrorFilter: the mirror's backend (weight 1) and its percentage from
 * `fraction` (numerator/denominator, denominator 100 by default) or `percent`; neither: 100.
 */
function requestMirror(
	f: Obj,
	namespace: string,
	services: ReadonlyMap<string, KubeService>
): MirrorPolicy | { error: RouteError } {
	const ref = obj(f['backendRef']);
	const name = str(ref['name']) ?? '';
	const ns = str(ref['namespace']) ?? namespace;
	const kind = str(ref['kind']) ?? 'Service';
	if (kind !== 'Service')
		return {
			error: {
				reason: 'InvalidKind',
				message: `referencing unsupported backendRef: group "${str(ref['group']) ?? ''}" kind "${kind}"`
			}
		};
	const hostname = serviceHostname(name, ns);
	if (!services.has(`${ns}/${name}`))
		return { error: { reason: 'BackendNotFound', message: `backend(${hostname}) not found` } };
	const fraction = obj(f['fraction']);
	const numerator = num(fraction['numerator']);
	const percentage =
		numerator !== undefined
			? (100 * numerator) / (num(fraction['denominator']) ?? 100)
			: (num(f['percent']) ?? 100);
	return { backend: { hostname, port: num(ref['port']) ?? 0, weight: 1 }, percentage };
}

/** A backendRef that could not be resolved: ResolvedRefs=False on every parent. */
export interface RouteError {
	readonly reason: 'BackendNotFound' | 'InvalidKind';
	readonly message: string;
}

export interface ConvertedRoute {
	readonly rules: RouteRule[];
	readonly error?: RouteError;
}

/** convertHTTPRoute: rules with resolved backends; unresolvable backends are dropped. */
export function convertHttpRoute(
	route: KubeObject,
	services: ReadonlyMap<string, KubeService>
): ConvertedRoute {
	const namespace = route.metadata.namespace ?? 'default';
	let error: RouteError | undefined;
	const rules: RouteRule[] = [];
	for (const rule of arr(obj(route['spec'])['rules']).map(obj)) {
		const backends: BackendRef[] = [];
		for (const b of arr(rule['backendRefs']).map(obj)) {
			const kind = str(b['kind']) ?? 'Service';
			const name = str(b['name']) ?? '';
			const ns = str(b['namespace']) ?? namespace;
			if (kind !== 'Service') {
				error ??= {
					reason: 'InvalidKind',
					message: `referencing unsupported backendRef: group "${str(b['group']) ?? ''}" kind "${kind}"`
				};
				continue;
			}
			const hostname = serviceHostname(name, ns);
			if (!services.has(`${ns}/${name}`)) {
				error ??= { reason: 'BackendNotFound', message: `backend(${hostname}) not found` };
				continue;
			}
			const weight = num(b['weight']) ?? 1;
			backends.push({ hostname, port: num(b['port']) ?? 0, weight });
		}
		let requestHeaderModifier: HeaderModifier | undefined;
		let responseHeaderModifier: HeaderModifier | undefined;
		let redirect: RequestRedirect | undefined;
		const mirrors: MirrorPolicy[] = [];
		for (const f of arr(rule['filters']).map(obj)) {
			if (f['type'] === 'RequestMirror') {
				const m = requestMirror(obj(f['requestMirror']), namespace, services);
				if ('error' in m) error ??= m.error;
				else mirrors.push(m);
			}
			if (f['type'] === 'RequestRedirect') redirect = requestRedirect(obj(f['requestRedirect']));
			if (f['type'] === 'RequestHeaderModifier')
				requestHeaderModifier = headerModifier(obj(f['requestHeaderModifier']));
			if (f['type'] === 'ResponseHeaderModifier')
				responseHeaderModifier = headerModifier(obj(f['responseHeaderModifier']));
		}
		const timeout = parseDuration(obj(rule['timeouts'])['request']);
		const retry = obj(rule['retry']);
		const attempts = num(retry['attempts']);
		const codes = arr(retry['codes']).filter((c): c is number => typeof c === 'number');
		const matches = arr(rule['matches']).map((m) => routeMatch(obj(m)));
		rules.push({
			matches: matches.length > 0 ? matches : [{ path: { type: 'PathPrefix', value: '/' } }],
			...(requestHeaderModifier ? { requestHeaderModifier } : {}),
			...(responseHeaderModifier ? { responseHeaderModifier } : {}),
			...(redirect ? { redirect } : {}),
			...(mirrors.length > 0 ? { mirrors } : {}),
			backends,
			...(timeout !== undefined && timeout > 0 ? { timeoutMs: timeout } : {}),
			...(attempts !== undefined
				? {
						retries: {
							attempts,
							// Envoy retries these status codes (retriable-status-codes), else 5xx.
							retryOn: codes.length > 0 ? codes.map(String) : ['5xx']
						}
					}
				: {})
		});
	}
	return error ? { rules, error } : { rules };
}

/** The ServiceRoutes an HTTPRoute gives one Service parent. */
export function serviceRoutes(
	route: KubeObject,
	parent: ParentRef,
	converted: ConvertedRoute,
	hostname = serviceHostname(parent.name, parent.namespace)
): ServiceRoutes {
	return {
		hostname,
		...(parent.port !== undefined ? { port: parent.port } : {}),
		source: `${route.metadata.namespace ?? 'default'}/${route.metadata.name}`,
		kind: 'HTTPRoute',
		rules: converted.rules
	};
}

/** The route's hostnames, `*` when it names none. */
export function routeHostnames(route: KubeObject): string[] {
	const h = arr(obj(route['spec'])['hostnames']).filter((x): x is string => typeof x === 'string');
	return h.length > 0 ? h : ['*'];
}
