/**
 * Envoy routes from the route rules a proxy holds (VirtualService `http` or HTTPRoute `rules`),
 * as istiod translates them (pilot/pkg/networking/core/route/route.go): path matches become
 * `path` / `prefix` / `path_separated_prefix` / `safe_regex`, backends a cluster or weighted
 * clusters, and a VirtualService's rules carry `metadata.filter_metadata.istio.config`, which
 * istioctl prints in the VIRTUAL SERVICE column.
 */
import type { BackendRef, RouteMatch, ServiceRoutes } from '../../xds/waypoint-config.ts';
import type { Json } from './config-dump.ts';

function match(m: RouteMatch | undefined): Json {
	const p = m?.path;
	const headers = (m?.headers ?? []).map((h) => ({
		name: h.name,
		string_match: h.type === 'Exact' ? { exact: h.value } : { safe_regex: { regex: h.value } }
	}));
	const base: Json = !p
		? { prefix: '/' }
		: p.type === 'Exact'
			? { path: p.value }
			: p.type === 'RegularExpression'
				? { safe_regex: { regex: p.value } }
				: p.value === '/'
					? { prefix: '/' }
					: { path_separated_prefix: p.value.replace(/\/$/, '') };
	return headers.length > 0 ? { ...base, headers } : base;
}

function action(backends: readonly BackendRef[], clusterOf: (b: BackendRef) => string): Json {
	const [only] = backends;
	if (backends.length === 1 && only) return { cluster: clusterOf(only) };
	return {
		weighted_clusters: {
			clusters: backends.map((b) => ({ name: clusterOf(b), weight: b.weight }))
		}
	};
}

/** The Envoy routes of one ServiceRoutes, in rule order; a rule with no match matches `/`. */
export function envoyRoutes(routes: ServiceRoutes, clusterOf: (b: BackendRef) => string): Json[] {
	const [ns, name] = routes.source.split('/');
	const metadata =
		routes.kind === 'VirtualService'
			? {
					metadata: {
						filter_metadata: {
							istio: {
								config: `/apis/networking.istio.io/v1/namespaces/${ns}/virtual-service/${name}`
							}
						}
					}
				}
			: {};
	return routes.rules.flatMap((rule) => {
		const matches = rule.matches.length > 0 ? rule.matches : [undefined];
		return matches.map((m) => ({
			match: match(m),
			...(rule.redirect
				? {
						redirect: {
							response_code: rule.redirect.statusCode === 301 ? 'MOVED_PERMANENTLY' : 'FOUND'
						}
					}
				: rule.backends.length === 0
					? { direct_response: { status: 500 } }
					: { route: action(rule.backends, clusterOf) }),
			...metadata
		}));
	});
}
