/**
 * The matchers every proxy's authorization shares: string matches (Istio's `*` syntax), peer
 * principals and namespaces, IP blocks, and the positive/negative field rule. ztunnel's L4 RBAC
 * (rbac.rs `StringMatch::matches_principal`, `Address::contains`) and Envoy's RBAC filter in a
 * waypoint or sidecar (Istio's authz builder: `principal`, `source_ip`, `header` matchers) read
 * the same AuthorizationPolicy fields, so they must agree on what each one means.
 */
import { identityOf, type SpiffeId } from '../tls/identity.ts';
import type { IpBlock, StringMatch } from '../xds/workload-api.ts';

const SPIFFE_PREFIX = 'spiffe://';

/** Istio's string syntax: `*` (presence), `abc*` (prefix), `*abc` (suffix), else exact. */
export function parseStringMatch(s: string): StringMatch {
	if (s === '*') return { presence: true };
	if (s.startsWith('*')) return { suffix: s.slice(1) };
	if (s.endsWith('*')) return { prefix: s.slice(0, -1) };
	return { exact: s };
}

/** `presence` matches any non-empty value; hosts compare without case (`ignoreCase`). */
export function stringMatches(m: StringMatch, value: string, ignoreCase = false): boolean {
	const low = (s: string) => (ignoreCase ? s.toLowerCase() : s);
	const v = low(value);
	if ('exact' in m) return low(m.exact) === v;
	if ('prefix' in m) return v.startsWith(low(m.prefix));
	if ('suffix' in m) return v.endsWith(low(m.suffix));
	return v !== '';
}

/** `cluster.local/ns/default/sa/curl` (a principal as policies spell it), '' without a peer. */
export function principalOf(id: SpiffeId | undefined): string {
	return id?.startsWith(SPIFFE_PREFIX) ? id.slice(SPIFFE_PREFIX.length) : '';
}

/** The peer's namespace from its SPIFFE id, '' without a peer. */
export function namespaceOf(id: SpiffeId | undefined): string {
	return id ? identityOf(id).namespace : '';
}

/**
 * Principals are written without `spiffe://`; the proxy strips it from the peer id and compares
 * the rest, so a policy that spells `spiffe://…` never matches, and a connection with no peer
 * identity (plaintext) matches no principal at all, not even `*`.
 */
export function principalMatches(m: StringMatch, id: SpiffeId | undefined): boolean {
	if (!id?.startsWith(SPIFFE_PREFIX)) return false;
	return stringMatches(m, principalOf(id));
}

/** A namespace match; like a principal, it needs a peer identity. */
export function namespaceMatches(m: StringMatch, id: SpiffeId | undefined): boolean {
	return id !== undefined && stringMatches(m, namespaceOf(id));
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

/** `10.244.0.0/16`, or a bare address (a /32); undefined when it is not an IPv4 block. */
export function parseCidr(cidr: string): IpBlock | undefined {
	const [address = '', lenText] = cidr.split('/');
	const length = lenText === undefined ? 32 : Number(lenText);
	if (ipToInt(address) === undefined || !Number.isInteger(length) || length < 0 || length > 32)
		return undefined;
	return { address, length };
}

export function ipBlockContains(block: IpBlock, ip: string): boolean {
	const net = ipToInt(block.address);
	const addr = ipToInt(ip);
	if (net === undefined || addr === undefined) return false;
	const size = 2 ** (32 - Math.max(0, Math.min(32, block.length)));
	return Math.floor(net / size) === Math.floor(addr / size);
}

/** `ipBlocks: ["10.244.0.0/16"]` as Envoy's `source_ip` CIDR range matches it. */
export function cidrContains(cidr: string, ip: string): boolean {
	const block = parseCidr(cidr);
	return block !== undefined && ipBlockContains(block, ip);
}

/**
 * One policy field and its `not` twin: any positive value may match (none given → true), and no
 * negative value may.
 */
export function fieldMatches<T>(
	positive: readonly T[] | undefined,
	negative: readonly T[] | undefined,
	predicate: (t: T) => boolean
): boolean {
	const pm = !positive || positive.length === 0 || positive.some(predicate);
	const nm = !negative || negative.length === 0 || !negative.some(predicate);
	return pm && nm;
}
