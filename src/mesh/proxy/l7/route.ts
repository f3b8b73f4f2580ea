/**
 * HTTP routing decisions: which rule of which route a request takes, which weighted backend it
 * goes to, and how headers change on the way. Pure functions over the config.
 * Gateway API precedence (HTTPRoute spec, "Rule precedence"): exact path, then (Istio's rank)
 * regular expression, then the longest prefix, then method, then most header matches, then most query matches; ties keep the order
 * routes and rules were given. VirtualService rules keep their written order (first match).
 * Route names follow Istio's conversion: `<namespace>.<route>.<rule index>`.
 */
import type { Header } from '../../net/http/message.ts';
import type { Rng } from '../../random.ts';
import type {
	BackendRef,
	HeaderModifier,
	RouteMatch,
	RouteRule,
	ServiceRoutes
} from '../../xds/waypoint-config.ts';

/** What a route match sees of a request. */
export interface RouteRequest {
	readonly method: string;
	/** The path without its query. */
	readonly path: string;
	/** The query without `?`. */
	readonly query: string;
	readonly headers: readonly Header[];
	/** The verified JWT's claims, for `@request.auth.claims.<name>` header matches. */
	readonly claims?: Readonly<Record<string, unknown>>;
}

/** The name prefix Istio gives a VirtualService header match on a JWT claim. */
const CLAIM_PREFIX = '@request.auth.claims.';

/**
 * A claim's values by its dotted path: a string, or each string of a list (Istio matches a
 * list claim when any element matches; pilot/pkg/networking/core/route/route.go, jwt claims).
 */
function claimValues(
	claims: Readonly<Record<string, unknown>> | undefined,
	path: string
): string[] {
	let v: unknown = claims;
	for (const key of path.split('.')) {
		if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
		v = (v as Record<string, unknown>)[key];
	}
	if (typeof v === 'string') return [v];
	if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
	return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export interface SelectedRule {
	readonly routes: ServiceRoutes;
	readonly rule: RouteRule;
	readonly index: number;
	/** The match that selected the rule (a redirect's ReplacePrefixMatch needs its prefix). */
	readonly match: RouteMatch;
	/** `default.reviews.0`: what %ROUTE_NAME% prints. */
	readonly name: string;
}

function fullMatch(pattern: string, value: string): boolean {
	try {
		return new RegExp(`^(?:${pattern})$`).test(value);
	} catch {
		return false;
	}
}

/** `PathPrefix /api` matches `/api` and `/api/x`, never `/apix` (path-element prefix). */
function prefixMatches(prefix: string, path: string): boolean {
	const p = prefix.length > 1 ? prefix.replace(/\/+$/, '') : prefix;
	if (p === '/') return true;
	return path === p || path.startsWith(`${p}/`);
}

function decodeQuery(query: string): [string, string][] {
	if (query === '') return [];
	return query.split('&').map((pair) => {
		const eq = pair.indexOf('=');
		const raw = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
		return raw.map((s) => {
			try {
				return decodeURIComponent(s.replace(/\+/g, ' '));
			} catch {
				return s;
			}
		}) as [string, string];
	});
}

export function routeMatches(m: RouteMatch, r: RouteRequest): boolean {
	if (m.path) {
		const { type, value } = m.path;
		const ok =
			type === 'Exact'
				? r.path === value
				: type === 'PathPrefix'
					? prefixMatches(value, r.path)
					: fullMatch(value, r.path);
		if (!ok) return false;
	}
	if (m.method !== undefined && m.method.toUpperCase() !== r.method.toUpperCase()) return false;
	for (const h of m.headers ?? []) {
		const name = h.name.toLowerCase();
		// No verified JWT, no claims: a claim match never matches then.
		const values = h.name.startsWith(CLAIM_PREFIX)
			? claimValues(r.claims, h.name.slice(CLAIM_PREFIX.length))
			: r.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
		const ok = values.some((v) => (h.type === 'Exact' ? v === h.value : fullMatch(h.value, v)));
		if (!ok) return false;
	}
	const params = decodeQuery(r.query);
	for (const q of m.queryParams ?? []) {
		const value = params.find(([k]) => k === q.name)?.[1];
		if (value === undefined) return false;
		if (q.type === 'Exact' ? value !== q.value : !fullMatch(q.value, value)) return false;
	}
	return true;
}

/** Sort key per Gateway API precedence: smaller sorts first. */
function precedence(m: RouteMatch): number[] {
	const path = m.path ?? { type: 'PathPrefix' as const, value: '/' };
	// Istio's getURIRank: exact, then regular expression, then prefix.
	const kind = path.type === 'Exact' ? 0 : path.type === 'RegularExpression' ? 1 : 2;
	const length = path.type === 'PathPrefix' ? -path.value.length : 0;
	return [
		kind,
		length,
		m.method === undefined ? 1 : 0,
		-(m.headers?.length ?? 0),
		-(m.queryParams?.length ?? 0)
	];
}

function compare(a: number[], b: number[]): number {
	for (let i = 0; i < a.length; i++) {
		const d = (a[i] ?? 0) - (b[i] ?? 0);
		if (d !== 0) return d;
	}
	return 0;
}

export function routeName(routes: ServiceRoutes, index: number): string {
	return `${routes.source.replace('/', '.')}.${index}`;
}

/** The rule a request takes, or undefined when routes exist and none matches (404 `NR`). */
export function selectRule(
	tables: readonly ServiceRoutes[],
	r: RouteRequest
): SelectedRule | undefined {
	const entries: { routes: ServiceRoutes; index: number; match: RouteMatch; order: number }[] = [];
	for (const routes of tables) {
		routes.rules.forEach((rule, index) => {
			const matches = rule.matches.length > 0 ? rule.matches : [{}];
			for (const match of matches) {
				entries.push({ routes, index, match, order: entries.length });
			}
		});
	}
	const sorted = entries.some((e) => e.routes.kind === 'HTTPRoute')
		? [...entries].sort(
				(a, b) => compare(precedence(a.match), precedence(b.match)) || a.order - b.order
			)
		: entries;
	const hit = sorted.find((e) => routeMatches(e.match, r));
	if (!hit) return undefined;
	const rule = hit.routes.rules[hit.index];
	if (!rule) return undefined;
	return {
		routes: hit.routes,
		rule,
		index: hit.index,
		match: hit.match,
		name: routeName(hit.routes, hit.index)
	};
}

/** A weighted pick ("weight 90 / 10"); zero weights are never chosen; none left → undefined. */
export function pickBackend(backends: readonly BackendRef[], rng: Rng): BackendRef | undefined {
	const total = backends.reduce((n, b) => n + Math.max(0, b.weight), 0);
	if (total <= 0) return undefined;
	let point = rng.next() * total;
	for (const b of backends) {
		const w = Math.max(0, b.weight);
		if (point < w) return b;
		point -= w;
	}
	return backends.findLast((b) => b.weight > 0);
}

/** HTTPHeaderFilter: set replaces, add appends, remove deletes (names case-insensitive). */
export function applyHeaderModifier(
	headers: readonly Header[],
	mod: HeaderModifier | undefined
): Header[] {
	if (!mod) return [...headers];
	const lower = (s: string) => s.toLowerCase();
	const setNames = new Set((mod.set ?? []).map((h) => lower(h.name)));
	const removed = new Set((mod.remove ?? []).map(lower));
	const out: Header[] = headers.filter(([n]) => !setNames.has(lower(n)) && !removed.has(lower(n)));
	for (const h of mod.set ?? []) out.push([h.name, h.value]);
	for (const h of mod.add ?? []) out.push([h.name, h.value]);
	return out;
}
