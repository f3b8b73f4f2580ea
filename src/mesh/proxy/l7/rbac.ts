/**
 * L7 authorization as the waypoint's Envoy RBAC filters evaluate it, in the order of
 * authorization.proto: CUSTOM, then DENY, then "no ALLOW policies → allow", then "any ALLOW
 * matches → allow", else deny. AUDIT policies never decide; a match is only recorded.
 * Policy names follow Istio's RBAC generator (pilot/pkg/security/authz/builder):
 * `ns[<ns>]-policy[<name>]-rule[<i>]`, and the denial details Envoy logs are
 * `rbac_access_denied_matched_policy[<that name>]` (or `[none]` when no ALLOW matched).
 */
import type { Header } from '../../net/http/message.ts';
import { getHeader } from '../../net/http/message.ts';
import type { SpiffeId } from '../../tls/identity.ts';
import {
	cidrContains,
	fieldMatches as field,
	namespaceMatches,
	namespaceOf,
	parseStringMatch,
	principalMatches,
	principalOf,
	stringMatches
} from '../matchers.ts';
import type { StringMatch } from '../../xds/workload-api.ts';
import type {
	L7Authorization,
	L7Condition,
	L7Operation,
	L7Rule,
	L7Source
} from '../../xds/waypoint-config.ts';

export { parseStringMatch };

/** What a policy sees of one request. */
export interface AuthzRequest {
	readonly method: string;
	/** The path without its query. */
	readonly path: string;
	/** The `:authority` (Host header). */
	readonly host: string;
	readonly headers: readonly Header[];
	/** The original destination port (the CONNECT authority's, or the listener's). */
	readonly port: number;
	readonly destinationIp: string;
	readonly sourceIp: string;
	/**
	 * Envoy's downstream remote address: the client X-Forwarded-For names when the gateway
	 * trusts proxies in front of it (numTrustedProxies), else the peer, `sourceIp`.
	 */
	readonly remoteIp?: string;
	/** Proven by the HBONE mTLS handshake; undefined for plaintext (ingress). */
	readonly sourceIdentity: SpiffeId | undefined;
	/** `iss/sub` of the JWT jwt_authn verified (RequestAuthentication); absent without one. */
	readonly requestPrincipal?: string;
	/** The verified JWT's claims (`request.auth.claims[...]`). */
	readonly claims?: Readonly<Record<string, unknown>>;
}

export interface AuthzDecision {
	readonly allowed: boolean;
	/** The deciding policy (the denying one, or the ALLOW that matched). */
	readonly policy?: L7Authorization;
	readonly rule?: number;
	/** Envoy's %RESPONSE_CODE_DETAILS% when denied. */
	readonly details: string;
	/** In words, for traces and lesson checks. */
	readonly reason: string;
	/** AUDIT policies that matched (`ns/name`). */
	readonly audited: readonly string[];
	/** Denied because none of these ALLOW policies (`ns/name`) matched. */
	readonly unmatched?: readonly string[];
	/** The RBAC filters that ran, with their shadow (dry-run) results; absent: none ran. */
	readonly filters?: readonly RbacFilterRun[];
}

/** The port is not part of a host match (`productpage:9080` matches `productpage`). */
const hostOnly = (host: string): string => host.replace(/:\d+$/, '');

function sourceMatches(s: L7Source, r: AuthzRequest): boolean {
	const id = r.sourceIdentity;
	const principal = r.requestPrincipal;
	// Without a verified JWT no requestPrincipals value matches (not even `*`), so every
	// notRequestPrincipals one passes: `notRequestPrincipals: ["*"]` means "no token".
	return (
		field(s.principals, s.notPrincipals, (m) => principalMatches(m, id)) &&
		field(s.namespaces, s.notNamespaces, (m) => namespaceMatches(m, id)) &&
		field(s.ipBlocks, s.notIpBlocks, (b) => cidrContains(b, r.sourceIp)) &&
		field(s.remoteIpBlocks, s.notRemoteIpBlocks, (b) =>
			cidrContains(b, r.remoteIp ?? r.sourceIp)
		) &&
		field(
			s.requestPrincipals,
			s.notRequestPrincipals,
			(m) => principal !== undefined && stringMatches(m, principal)
		)
	);
}

function operationMatches(o: L7Operation, r: AuthzRequest): boolean {
	const hostMatch = (m: StringMatch) =>
		stringMatches(m, r.host, true) || stringMatches(m, hostOnly(r.host), true);
	return (
		field(o.hosts, o.notHosts, hostMatch) &&
		field(o.ports, o.notPorts, (p) => p === r.port) &&
		field(o.methods, o.notMethods, (m) => stringMatches(parseStringMatch(m), r.method)) &&
		field(o.paths, o.notPaths, (m) => stringMatches(m, r.path))
	);
}

/** A claim by its path (`request.auth.claims[a][b]`): strings, or a list's strings. */
function claimValues(
	claims: Readonly<Record<string, unknown>> | undefined,
	path: string[]
): string[] {
	let v: unknown = claims;
	for (const key of path) {
		if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
		v = (v as Record<string, unknown>)[key];
	}
	if (typeof v === 'string') return [v];
	if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
	return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The values a `when` key names (any may match), or none when the request has none. */
function attribute(key: string, r: AuthzRequest): string[] {
	const header = /^request\.headers\[(.+)\]$/.exec(key);
	if (header) {
		const v = getHeader(r.headers, header[1] ?? '');
		return v === undefined ? [] : [v];
	}
	const claim = /^request\.auth\.claims((?:\[[^\]]+\])+)$/.exec(key);
	if (claim) {
		const path = [...(claim[1] ?? '').matchAll(/\[([^\]]+)\]/g)].map((m) => m[1] ?? '');
		return claimValues(r.claims, path);
	}
	const one = (v: string | undefined): string[] => (v === undefined ? [] : [v]);
	switch (key) {
		case 'source.ip':
			return [r.sourceIp];
		case 'remote.ip':
			return [r.remoteIp ?? r.sourceIp];
		case 'source.namespace':
			return [namespaceOf(r.sourceIdentity)];
		case 'source.principal':
			return [principalOf(r.sourceIdentity)];
		case 'destination.ip':
			return [r.destinationIp];
		case 'destination.port':
			return [String(r.port)];
		case 'request.auth.principal':
			return one(r.requestPrincipal);
		case 'request.auth.audiences':
			return claimValues(r.claims, ['aud']);
		case 'request.auth.presenter':
			return claimValues(r.claims, ['azp']);
		default:
			// connection.sni, experimental.*: nothing to compare in the playground.
			return [];
	}
}

function conditionMatches(c: L7Condition, r: AuthzRequest): boolean {
	const values = attribute(c.key, r);
	const isIp = c.key === 'source.ip' || c.key === 'remote.ip' || c.key === 'destination.ip';
	const test = (v: string): boolean =>
		values.some((value) =>
			isIp ? cidrContains(v, value) : stringMatches(parseStringMatch(v), value)
		);
	return field(c.values, c.notValues, test);
}

/** "A match occurs when at least one rule matches"; within a rule, from, to and when AND. */
export function ruleMatches(rule: L7Rule, r: AuthzRequest): boolean {
	return (
		(rule.from.length === 0 || rule.from.some((s) => sourceMatches(s, r))) &&
		(rule.to.length === 0 || rule.to.some((o) => operationMatches(o, r))) &&
		rule.when.every((c) => conditionMatches(c, r))
	);
}

/** Index of the first matching rule; "rules unset → the match will never occur". */
export function matchingRule(p: L7Authorization, r: AuthzRequest): number | undefined {
	const i = p.rules.findIndex((rule) => ruleMatches(rule, r));
	return i < 0 ? undefined : i;
}

/** Envoy's RBAC policy name for a rule, as Istio generates it. */
export function rbacPolicyName(p: L7Authorization, rule: number): string {
	return `ns[${p.namespace}]-policy[${p.name}]-rule[${rule}]`;
}

const key = (p: L7Authorization): string => `${p.namespace}/${p.name}`;

/** One engine's outcome: allowed or not, and the policy that decided (Envoy's effective policy id). */
export interface RbacEngineResult {
	readonly allowed: boolean;
	readonly policyId?: string;
}

/**
 * One Envoy RBAC filter as istiod builds it per action (builder.go `build`: AUDIT, DENY, ALLOW,
 * each with `rules` from enforced policies and `shadow_rules` from `istio.io/dry-run` ones).
 * A filter after an enforced denial never runs, so it is not listed.
 */
export interface RbacFilterRun {
	readonly action: 'AUDIT' | 'DENY' | 'ALLOW';
	/** The shadow engine's result; absent when no dry-run policy of this action applies. */
	readonly shadow?: RbacEngineResult;
	/** The enforcing engine's; absent when every policy of this action is dry-run ("no engine"). */
	readonly enforced?: RbacEngineResult;
}

/**
 * Envoy's RBAC engine (filters/common/rbac engine_impl.cc `handleAction`): the first policy that
 * matches is the effective one; ALLOW allows only on a match, DENY denies only on one, LOG
 * (AUDIT) always allows.
 */
function runEngine(
	action: RbacFilterRun['action'],
	policies: readonly L7Authorization[],
	r: AuthzRequest
): RbacEngineResult {
	for (const p of policies) {
		const rule = matchingRule(p, r);
		if (rule === undefined) continue;
		return { allowed: action !== 'DENY', policyId: rbacPolicyName(p, rule) };
	}
	return { allowed: action !== 'ALLOW' };
}

/**
 * The CUSTOM policy whose rules mark this request for ext_authz (the first enforced one with a
 * provider), and the policy id its RBAC shadow rules record
 * (`istio-ext-authz-<provider>-ns[..]-policy[..]-rule[..]`, builder.go policyName).
 */
export function customCheck(
	policies: readonly L7Authorization[],
	r: AuthzRequest
): { policy: L7Authorization; policyId: string } | undefined {
	for (const p of policies) {
		if (p.action !== 'CUSTOM' || p.dryRun || !p.provider) continue;
		const rule = matchingRule(p, r);
		if (rule !== undefined)
			return {
				policy: p,
				policyId: `istio-ext-authz-${p.provider.name}-${rbacPolicyName(p, rule)}`
			};
	}
	return undefined;
}

/** The per-action RBAC filters Envoy runs, in istiod's order, up to the first enforced denial. */
export function rbacFilters(
	policies: readonly L7Authorization[],
	r: AuthzRequest
): RbacFilterRun[] {
	const runs: RbacFilterRun[] = [];
	for (const action of ['AUDIT', 'DENY', 'ALLOW'] as const) {
		const all = policies.filter((p) => p.action === action);
		if (all.length === 0) continue;
		const enforcing = all.filter((p) => !p.dryRun);
		const shadow = all.filter((p) => p.dryRun);
		const run: RbacFilterRun = {
			action,
			...(shadow.length > 0 ? { shadow: runEngine(action, shadow, r) } : {}),
			...(enforcing.length > 0 ? { enforced: runEngine(action, enforcing, r) } : {})
		};
		runs.push(run);
		if (run.enforced?.allowed === false) break;
	}
	return runs;
}

export function authorize(policies: readonly L7Authorization[], r: AuthzRequest): AuthzDecision {
	const filters = rbacFilters(policies, r);
	// Dry-run policies never decide; their results are only logged (and kept in `filters`).
	policies = policies.filter((p) => !p.dryRun);
	const audited = policies
		.filter((p) => p.action === 'AUDIT' && matchingRule(p, r) !== undefined)
		.map(key);
	const deny = (p: L7Authorization, rule: number, reason: string): AuthzDecision => ({
		allowed: false,
		policy: p,
		rule,
		details: `rbac_access_denied_matched_policy[${rbacPolicyName(p, rule)}]`,
		reason,
		audited,
		filters
	});
	// A CUSTOM policy whose provider istiod could not resolve becomes a DENY of its rules
	// (builder.go getBadCustomDenyRules); one with a provider is ext_authz's to decide.
	for (const p of policies) {
		const rule = p.action === 'CUSTOM' && !p.provider ? matchingRule(p, r) : undefined;
		if (rule !== undefined) {
			return deny(
				p,
				rule,
				`CUSTOM policy ${key(p)} matched and its provider is undefined or invalid: denied`
			);
		}
	}
	for (const p of policies) {
		const rule = p.action === 'DENY' ? matchingRule(p, r) : undefined;
		if (rule !== undefined) return deny(p, rule, `denied by DENY policy ${key(p)}`);
	}
	const allow = policies.filter((p) => p.action === 'ALLOW');
	if (allow.length === 0) {
		return { allowed: true, details: '', reason: 'allow: no ALLOW policies', audited, filters };
	}
	for (const p of allow) {
		const rule = matchingRule(p, r);
		if (rule !== undefined) {
			return {
				allowed: true,
				policy: p,
				rule,
				details: '',
				reason: `allowed by ${key(p)}`,
				audited,
				filters
			};
		}
	}
	return {
		allowed: false,
		details: 'rbac_access_denied_matched_policy[none]',
		reason: 'no ALLOW policy matched',
		unmatched: allow.map(key),
		audited,
		filters
	};
}
