/**
 * meshConfig `extensionProviders` of the ext_authz kinds, as istiod resolves them for CUSTOM
 * AuthorizationPolicies (pilot/pkg/security/authz/builder/extauthz.go, 1.30.3:
 * `processExtensionProvider`, `buildExtAuthzHTTP`/`buildExtAuthzGRPC`, `model.LookupCluster`).
 * A provider that is missing or has errors is left out: the policy's rules then deny
 * (`getBadCustomDenyRules`).
 */
import type { ExtAuthzProvider } from '../xds/waypoint-config.ts';
import type { ClusterSnapshot } from './snapshot.ts';
import { serviceHostname } from './services.ts';
import { obj } from '../json.ts';

type Obj = Record<string, unknown>;
const strs = (o: Obj, k: string): string[] | undefined => {
	const v = o[k];
	return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined;
};

/** timeoutOrDefault: 600s unless the provider says otherwise (a Go duration such as `2s`). */
function timeoutMs(v: unknown): number | undefined {
	if (v === undefined) return 600_000;
	const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(v) : null;
	if (!m) return undefined;
	const n = Number(m[1]);
	return m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

/** model.LookupCluster: the hostname must name a Service (or ServiceEntry host) istiod knows. */
function knownHost(snapshot: ClusterSnapshot, host: string): boolean {
	if (
		snapshot.services.some(
			(s) => serviceHostname(s.metadata.name, s.metadata.namespace ?? 'default') === host
		)
	)
		return true;
	return (snapshot.serviceEntries ?? []).some((se) => {
		const hosts = obj(se['spec'])['hosts'];
		return Array.isArray(hosts) && hosts.includes(host);
	});
}

function build(
	snapshot: ClusterSnapshot,
	name: string,
	kind: 'grpc' | 'http',
	p: Obj
): ExtAuthzProvider | undefined {
	const port = Number(p['port']);
	const service = typeof p['service'] === 'string' ? p['service'] : '';
	const timeout = timeoutMs(p['timeout']);
	if (!Number.isInteger(port) || port < 1 || port > 65535 || timeout === undefined)
		return undefined;
	// "<ns>/<host>" names the namespace the host is looked up in.
	const hostname = service.includes('/') ? (service.split('/')[1] ?? '') : service;
	if (!knownHost(snapshot, hostname)) return undefined;
	const status = p['statusOnError'];
	const statusOnError = status === undefined ? undefined : Number(status);
	if (statusOnError !== undefined && !(statusOnError >= 100 && statusOnError <= 599))
		return undefined;
	const pathPrefix = typeof p['pathPrefix'] === 'string' ? p['pathPrefix'] : undefined;
	if (pathPrefix !== undefined && pathPrefix !== '' && !pathPrefix.startsWith('/'))
		return undefined;
	const list = (k: string): Partial<Record<string, readonly string[]>> => {
		const v = strs(p, k);
		return v && v.length > 0 ? { [k]: v } : {};
	};
	const additional = obj(p['includeAdditionalHeadersInCheck']);
	return {
		name,
		kind,
		hostname,
		port,
		cluster: `outbound|${port}||${hostname}`,
		timeoutMs: timeout,
		...(statusOnError !== undefined ? { statusOnError } : {}),
		failOpen: p['failOpen'] === true,
		...(kind === 'http' && pathPrefix ? { pathPrefix } : {}),
		...(kind === 'http'
			? {
					...list('includeRequestHeadersInCheck'),
					...list('headersToUpstreamOnAllow'),
					...list('headersToDownstreamOnAllow'),
					...list('headersToDownstreamOnDeny'),
					...(Object.keys(additional).length > 0
						? {
								includeAdditionalHeadersInCheck: Object.fromEntries(
									Object.entries(additional).filter(
										(e): e is [string, string] => typeof e[1] === 'string'
									)
								)
							}
						: {})
				}
			: {})
	};
}

/** The usable ext_authz providers by name (a duplicate name invalidates the later one). */
export function extAuthzProviders(snapshot: ClusterSnapshot): Map<string, ExtAuthzProvider> {
	const out = new Map<string, ExtAuthzProvider>();
	const seen = new Set<string>();
	for (const raw of snapshot.extensionProviders ?? []) {
		const p = obj(raw);
		const name = typeof p['name'] === 'string' ? p['name'] : '';
		if (name === '' || seen.has(name)) continue;
		seen.add(name);
		const built =
			p['envoyExtAuthzGrpc'] !== undefined
				? build(snapshot, name, 'grpc', obj(p['envoyExtAuthzGrpc']))
				: p['envoyExtAuthzHttp'] !== undefined
					? build(snapshot, name, 'http', obj(p['envoyExtAuthzHttp']))
					: undefined;
		if (built) out.set(name, built);
	}
	return out;
}

/** The provider a CUSTOM policy names, when it is usable. */
export function policyProvider(
	providers: ReadonlyMap<string, ExtAuthzProvider>,
	spec: Obj
): { provider?: ExtAuthzProvider } {
	if (spec['action'] !== 'CUSTOM') return {};
	const name = obj(spec['provider'])['name'];
	const p = typeof name === 'string' ? providers.get(name) : undefined;
	return p ? { provider: p } : {};
}
