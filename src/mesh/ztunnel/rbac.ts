/**
 * L4 authorization as ztunnel evaluates it: DENY policies first, then "no ALLOW policies →
 * allow", then "any ALLOW matches → allow", else deny.
 * Mirrors ztunnel src/rbac.rs (Authorization::matches, StringMatch::matches_principal) and
 * src/state.rs assert_rbac; rejection texts from src/proxy.rs AuthorizationRejectionError.
 */
import { identityOf, type SpiffeId } from '../tls/identity.ts';
import type { SocketAddr } from '../types.ts';
import type { Authorization, IpBlock, Match, StringMatch } from '../xds/workload-api.ts';

export type RbacAction = Authorization['action'];

/** What a policy sees of a connection (rbac::Connection). */
export interface RbacConnection {
	readonly src: SocketAddr;
	/** The destination workload's address with the target (container) port, never 15008. */
	readonly dst: SocketAddr;
	/** The peer's verified identity; undefined for plaintext (15006) connections. */
	readonly srcIdentity: SpiffeId | undefined;
}

export type AuthorizationRejection =
	| { readonly reason: 'ExplicitlyDenied'; readonly namespace: string; readonly name: string }
	| { readonly reason: 'NotAllowed' };

export function rejectionMessage(r: AuthorizationRejection): string {
	return r.reason === 'ExplicitlyDenied'
		? `explicitly denied by: ${r.namespace}/${r.name}`
		: 'allow policies exist, but none allowed';
}

export function stringMatches(m: StringMatch, check: string): boolean {
	if ('exact' in m) return m.exact === check;
	if ('prefix' in m) return check.startsWith(m.prefix);
	if ('suffix' in m) return check.endsWith(m.suffix);
	return check !== '';
}

/**
 * Principals are written without `spiffe://`; ztunnel strips it from the peer id and compares
 * the rest, so a policy that spells `spiffe://…` can never match.
 */
function matchesPrincipal(m: StringMatch, id: string): boolean {
	if (!id.startsWith('spiffe://')) return false;
	return stringMatches(m, id.slice('spiffe://'.length));
}

function ipToInt(ip: string): number | undefined {
	const parts = ip.split('.');
	if (parts.length !== 4) return undefined;
	let n = 0;
	for (const p of parts) {
		const v = Number(p);
		if (!/^\d{1,3}$/.test(p) || v > 255) return undefined;
		n = n * 256 + v;
	}
	return n;
}

export function ipBlockContains(block: IpBlock, ip: string): boolean {
	const net = ipToInt(block.address);
	const addr = ipToInt(ip);
	if (net === undefined || addr === undefined) return false;
	if (block.length <= 0) return true;
	const size = 2 ** (32 - Math.min(32, block.length));
	return Math.floor(net / size) === Math.floor(addr / size);
}

/** Positive values: any may match (none declared → true); negative: none may match. */
function matchesInternal<T>(
	positive: readonly T[] | undefined,
	negative: readonly T[] | undefined,
	predicate: (t: T) => boolean
): boolean {
	const pm = !positive || positive.length === 0 || positive.some(predicate);
	const nm = !negative || negative.length === 0 || !negative.some(predicate);
	return pm && nm;
}

const FIELDS: readonly (keyof Match)[] = [
	'namespaces',
	'notNamespaces',
	'principals',
	'notPrincipals',
	'sourceIps',
	'notSourceIps',
	'destinationIps',
	'notDestinationIps',
	'destinationPorts',
	'notDestinationPorts'
];

function isEmptyMatch(m: Match): boolean {
	return FIELDS.every((f) => (m[f]?.length ?? 0) === 0);
}

function matchGroup(m: Match, conn: RbacConnection): boolean {
	const id = conn.srcIdentity ?? '';
	const ns = conn.srcIdentity ? identityOf(conn.srcIdentity).namespace : '';
	return (
		matchesInternal(m.destinationIps, m.notDestinationIps, (b) =>
			ipBlockContains(b, conn.dst.ip)
		) &&
		matchesInternal(m.sourceIps, m.notSourceIps, (b) => ipBlockContains(b, conn.src.ip)) &&
		matchesInternal(m.destinationPorts, m.notDestinationPorts, (p) => p === conn.dst.port) &&
		matchesInternal(m.principals, m.notPrincipals, (p) => matchesPrincipal(p, id)) &&
		matchesInternal(m.namespaces, m.notNamespaces, (p) => stringMatches(p, ns))
	);
}

/**
 * A policy matches when any group (rule) matches; a group when all its clauses do; a clause
 * when any of its non-empty matches does (an empty match never does, a clause with no matches
 * always does). No groups: never.
 */
export function policyMatches(policy: Authorization, conn: RbacConnection): boolean {
	return policy.groups.some((group) =>
		group.rules.every(
			(clause) =>
				clause.matches.length === 0 ||
				clause.matches.some((m) => !isEmptyMatch(m) && matchGroup(m, conn))
		)
	);
}

/** Undefined when the connection is allowed. */
export function assertRbac(
	policies: readonly Authorization[],
	conn: RbacConnection
): AuthorizationRejection | undefined {
	const allow = policies.filter((p) => p.action === 'Allow');
	// "If there are any DENY policies that match the request, deny the request."
	for (const p of policies) {
		if (p.action === 'Deny' && policyMatches(p, conn)) {
			return { reason: 'ExplicitlyDenied', namespace: p.namespace, name: p.name };
		}
	}
	// "If there are no ALLOW policies for the workload, allow the request."
	if (allow.length === 0) return undefined;
	// "If any of the ALLOW policies match the request, allow the request."
	if (allow.some((p) => policyMatches(p, conn))) return undefined;
	return { reason: 'NotAllowed' };
}
