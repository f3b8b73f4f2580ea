/**
 * HTTPRoute `RequestRedirect` (Gateway API HTTPRequestRedirectFilter), which Envoy carries out as
 * a route's redirect action: a local reply with the status and a `location` header, no body,
 * response details `direct_response`. Unset parts keep the request's: scheme, hostname (from
 * Host), path. The port follows the spec: the filter's port; else the scheme's well-known port
 * when the scheme is set; else the listener's port. A well-known port is left out of the URL.
 */
import type { RequestRedirect, RouteMatch } from '../../../xds/waypoint-config.ts';

export interface RedirectRequest {
	readonly path: string;
	readonly query: string;
	/** The Host header, which may carry a port. */
	readonly authority: string;
	/** The port the request arrived on (the Service or listener port). */
	readonly listenerPort: number;
}

const WELL_KNOWN: Readonly<Record<string, number>> = { http: 80, https: 443 };

/** The `location` of the redirect. */
export function redirectLocation(
	r: RequestRedirect,
	req: RedirectRequest,
	match: RouteMatch | undefined
): string {
	const scheme = r.scheme ?? 'http';
	const host = r.hostname ?? req.authority.replace(/:\d+$/, '');
	const port = r.port ?? (r.scheme !== undefined ? WELL_KNOWN[scheme] : req.listenerPort);
	const showPort = port !== undefined && port !== WELL_KNOWN[scheme];
	const path = redirectPath(r.path, req.path, match);
	return `${scheme}://${host}${showPort ? `:${port}` : ''}${path}${req.query ? `?${req.query}` : ''}`;
}

function redirectPath(
	rewrite: RequestRedirect['path'],
	path: string,
	match: RouteMatch | undefined
): string {
	if (!rewrite) return path;
	if (rewrite.type === 'ReplaceFullPath') return rewrite.value;
	// ReplacePrefixMatch: only meaningful with a PathPrefix match (validation requires one).
	const prefix = match?.path?.type === 'PathPrefix' ? match.path.value.replace(/\/$/, '') : '';
	const rest = path.slice(prefix.length);
	const base = rewrite.value.replace(/\/$/, '');
	const joined = `${base}${rest.startsWith('/') || rest === '' ? rest : `/${rest}`}`;
	return joined === '' ? '/' : joined;
}
