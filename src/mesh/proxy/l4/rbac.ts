/**
 * L4 authorization as ztunnel evaluates it: DENY policies first, then "no ALLOW policies →
 * allow", then "any ALLOW matches → allow", else deny.
 * Mirrors ztunnel src/rbac.rs (Authorization::matches, StringMatch::matches_principal) and
 * src/state.rs assert_rbac; rejection texts from src/proxy.rs AuthorizationRejectionError.
 */
import type { SpiffeId } from '../../tls/identity.ts';
import { fieldMatches, ipBlockContains, namespaceMatches, principalMatches } from '../matchers.ts';
import type { SocketAddr } from '../../types.ts';
import type { Authorization, Match } from '../../xds/workload-api.ts';

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
	const id = conn.srcIdentity;
	return (
		fieldMatches(m.destinationIps, m.notDestinationIps, (b) => ipBlockContains(b, conn.dst.ip)) &&
		fieldMatches(m.sourceIps, m.notSourceIps, (b) => ipBlockContains(b, conn.src.ip)) &&
		fieldMatches(m.destinationPorts, m.notDestinationPorts, (p) => p === conn.dst.port) &&
		fieldMatches(m.principals, m.notPrincipals, (p) => principalMatches(p, id)) &&
		fieldMatches(m.namespaces, m.notNamespaces, (p) => namespaceMatches(p, id))
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
