/**
 * Workload identity: the SPIFFE id in a certificate's URI SAN.
 * Mirrors ztunnel src/identity/manager.rs (`Identity::Spiffe`, its FromStr and Display).
 */
import type { Brand } from '../types.ts';

/** `spiffe://<trust domain>/ns/<namespace>/sa/<service account>`, already validated. */
export type SpiffeId = Brand<string, 'SpiffeId'>;

/** Istio's default trust domain (meshConfig.trustDomain). */
export const DEFAULT_TRUST_DOMAIN = 'cluster.local';

const URI_PREFIX = 'spiffe://';

export interface Identity {
	readonly trustDomain: string;
	readonly namespace: string;
	readonly serviceAccount: string;
}

/** ztunnel's `Error::Spiffe`: the text users see when a SAN is not a workload identity. */
export interface IdentityError {
	readonly type: 'identity-error';
	readonly message: string;
}

export function isIdentityError(x: unknown): x is IdentityError {
	return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'identity-error';
}

const invalid = (s: string): IdentityError => ({
	type: 'identity-error',
	message: `invalid spiffe identity: ${s}`
});

/**
 * Parses exactly `spiffe://TD/ns/NS/sa/SA`: five path segments with `ns` and `sa` in place, as
 * ztunnel requires (a SPIFFE id with any other shape is not an Istio workload identity).
 */
export function parseIdentity(s: string): Identity | IdentityError {
	if (!s.startsWith(URI_PREFIX)) return invalid(s);
	const split = s.slice(URI_PREFIX.length).split('/');
	if (split.length !== 5) return invalid(s);
	const [trustDomain, ns, namespace, sa, serviceAccount] = split;
	if (ns !== 'ns' || sa !== 'sa') return invalid(s);
	// ztunnel accepts empty segments; Kubernetes names never are, so an empty one is a typo.
	if (!trustDomain || !namespace || !serviceAccount) return invalid(s);
	return { trustDomain, namespace, serviceAccount };
}

/** Validates a string as a SPIFFE id and brands it. */
export function parseSpiffeId(s: string): SpiffeId | IdentityError {
	const id = parseIdentity(s);
	return isIdentityError(id) ? id : (s as SpiffeId);
}

export function formatSpiffeId(id: Identity): SpiffeId {
	return `${URI_PREFIX}${id.trustDomain}/ns/${id.namespace}/sa/${id.serviceAccount}` as SpiffeId;
}

/** The identity of a pod running as `serviceAccount` in `namespace`. */
export function spiffeId(
	namespace: string,
	serviceAccount: string,
	trustDomain = DEFAULT_TRUST_DOMAIN
): SpiffeId {
	return formatSpiffeId({ trustDomain, namespace, serviceAccount });
}

/**
 * The form AuthorizationPolicy `principals` use: the id without `spiffe://`
 * (`cluster.local/ns/default/sa/curl`); ztunnel strips the prefix before comparing.
 */
export function principal(id: SpiffeId): string {
	return id.slice(URI_PREFIX.length);
}

/** The parts of an id that `parseSpiffeId` already validated. */
export function identityOf(id: SpiffeId): Identity {
	const parsed = parseIdentity(id);
	if (isIdentityError(parsed)) throw new Error(`BUG: unvalidated SpiffeId ${id}`);
	return parsed;
}
