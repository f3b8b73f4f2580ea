/**
 * The proxy core's matchers, run through both of their users: ztunnel's L4 RBAC (a policy's
 * `from.source` and `to.operation.ports` as workload-API `Match` fields) and Envoy's L7 RBAC filter
 * in a waypoint or sidecar (the same fields as an `L7Rule`). One table, two engines: an
 * AuthorizationPolicy field must mean the same thing wherever it is enforced
 * (Istio's authorization-policy reference: principals, namespaces, ipBlocks, ports and their not*).
 */
import { describe, expect, it } from 'vitest';
import { type RbacConnection, policyMatches } from '../../../src/mesh/proxy/l4/rbac.ts';
import {
	cidrContains,
	parseCidr,
	parseStringMatch,
	principalMatches
} from '../../../src/mesh/proxy/matchers.ts';
import { ruleMatches } from '../../../src/mesh/proxy/l7/rbac.ts';
import { type SpiffeId, spiffeId } from '../../../src/mesh/tls/identity.ts';
import { ip } from '../../../src/mesh/types.ts';
import type { Authorization, IpBlock, Match } from '../../../src/mesh/xds/workload-api.ts';

/** The fields both engines read, as an AuthorizationPolicy spells them. */
interface Fields {
	principals?: string[];
	notPrincipals?: string[];
	namespaces?: string[];
	notNamespaces?: string[];
	ipBlocks?: string[];
	notIpBlocks?: string[];
	ports?: number[];
	notPorts?: number[];
}

interface Conn {
	identity: SpiffeId | undefined;
	sourceIp: string;
	port: number;
}

const CURL = spiffeId('default', 'curl');
const OTHER = spiffeId('other', 'sleep');
const mesh: Conn = { identity: CURL, sourceIp: '10.244.1.5', port: 9080 };
const plaintext: Conn = { ...mesh, identity: undefined };

const blocks = (c: string[] | undefined): IpBlock[] | undefined =>
	c?.map((s) => parseCidr(s) ?? { address: s, length: 32 });
const matches = (s: string[] | undefined) => s?.map(parseStringMatch);

/** ztunnel's view: istiod converts the rule to one Match per group (authorization.ts). */
function l4(f: Fields, c: Conn): boolean {
	const m: Match = {
		...(f.principals ? { principals: matches(f.principals) } : {}),
		...(f.notPrincipals ? { notPrincipals: matches(f.notPrincipals) } : {}),
		...(f.namespaces ? { namespaces: matches(f.namespaces) } : {}),
		...(f.notNamespaces ? { notNamespaces: matches(f.notNamespaces) } : {}),
		...(f.ipBlocks ? { sourceIps: blocks(f.ipBlocks) } : {}),
		...(f.notIpBlocks ? { notSourceIps: blocks(f.notIpBlocks) } : {}),
		...(f.ports ? { destinationPorts: f.ports } : {}),
		...(f.notPorts ? { notDestinationPorts: f.notPorts } : {})
	};
	const policy: Authorization = {
		name: 'p',
		namespace: 'default',
		scope: 'Namespace',
		action: 'Allow',
		// An empty source converts to a clause with no matches (it always holds), never to `{}`.
		groups: [{ rules: [{ matches: Object.keys(m).length > 0 ? [m] : [] }] }]
	};
	const conn: RbacConnection = {
		src: { ip: ip(c.sourceIp), port: 40000 },
		dst: { ip: ip('10.244.2.7'), port: c.port },
		srcIdentity: c.identity
	};
	return policyMatches(policy, conn);
}

/** Envoy's view in a waypoint or sidecar (waypoints-authz.ts l7Rules keeps the fields). */
function l7(f: Fields, c: Conn): boolean {
	return ruleMatches(
		{
			from: [
				{
					...(f.principals ? { principals: matches(f.principals) } : {}),
					...(f.notPrincipals ? { notPrincipals: matches(f.notPrincipals) } : {}),
					...(f.namespaces ? { namespaces: matches(f.namespaces) } : {}),
					...(f.notNamespaces ? { notNamespaces: matches(f.notNamespaces) } : {}),
					...(f.ipBlocks ? { ipBlocks: f.ipBlocks } : {}),
					...(f.notIpBlocks ? { notIpBlocks: f.notIpBlocks } : {})
				}
			],
			to: f.ports || f.notPorts ? [{ ports: f.ports, notPorts: f.notPorts }] : [],
			when: []
		},
		{
			method: 'GET',
			path: '/',
			host: 'httpbin:8000',
			headers: [],
			port: c.port,
			destinationIp: '10.244.2.7',
			sourceIp: c.sourceIp,
			sourceIdentity: c.identity
		}
	);
}

const CASES: [string, Fields, Conn, boolean][] = [
	['exact principal', { principals: ['cluster.local/ns/default/sa/curl'] }, mesh, true],
	['another principal', { principals: ['cluster.local/ns/default/sa/x'] }, mesh, false],
	['principal prefix', { principals: ['cluster.local/ns/default/*'] }, mesh, true],
	['principal suffix', { principals: ['*/sa/curl'] }, mesh, true],
	['principal presence', { principals: ['*'] }, mesh, true],
	['presence without a peer', { principals: ['*'] }, plaintext, false],
	['spiffe:// spelled out never matches', { principals: [`${CURL}`] }, mesh, false],
	['notPrincipals excludes', { notPrincipals: ['cluster.local/ns/default/sa/curl'] }, mesh, false],
	['notPrincipals * lets plaintext in', { notPrincipals: ['*'] }, plaintext, true],
	['namespace', { namespaces: ['default'] }, mesh, true],
	['namespace of another peer', { namespaces: ['default'] }, { ...mesh, identity: OTHER }, false],
	['namespace prefix', { namespaces: ['def*'] }, mesh, true],
	['namespace without a peer', { namespaces: ['*'] }, plaintext, false],
	['notNamespaces', { notNamespaces: ['other'] }, { ...mesh, identity: OTHER }, false],
	['ipBlock /16', { ipBlocks: ['10.244.0.0/16'] }, plaintext, true],
	['ipBlock outside', { ipBlocks: ['10.245.0.0/16'] }, plaintext, false],
	['bare address', { ipBlocks: ['10.244.1.5'] }, plaintext, true],
	['another bare address', { ipBlocks: ['10.244.1.6'] }, plaintext, false],
	['/0 holds everything', { ipBlocks: ['0.0.0.0/0'] }, plaintext, true],
	['notIpBlocks', { notIpBlocks: ['10.244.1.0/24'] }, mesh, false],
	['port', { ports: [9080] }, mesh, true],
	['another port', { ports: [8080] }, mesh, false],
	['notPorts', { notPorts: [9080] }, mesh, false],
	[
		'every field must hold',
		{ principals: ['cluster.local/ns/default/sa/curl'], ipBlocks: ['10.245.0.0/16'] },
		mesh,
		false
	],
	['empty source: anyone', {}, plaintext, true]
];

describe('shared matchers, as ztunnel and Envoy use them', () => {
	it.each(CASES)('%s', (_name, fields, conn, expected) => {
		expect(l4(fields, conn), 'ztunnel (L4 RBAC)').toBe(expected);
		expect(l7(fields, conn), 'Envoy (L7 RBAC)').toBe(expected);
	});
});

describe('matchers', () => {
	it('reads CIDRs and refuses what is not an IPv4 block', () => {
		expect(parseCidr('10.244.0.0/16')).toEqual({ address: '10.244.0.0', length: 16 });
		expect(parseCidr('10.244.1.5')).toEqual({ address: '10.244.1.5', length: 32 });
		expect(parseCidr('10.244.0.0/33')).toBeUndefined();
		expect(parseCidr('fd00::/8')).toBeUndefined();
		expect(cidrContains('10.244.0.0/33', '10.244.0.1')).toBe(false);
	});

	it('compares principals without spiffe://', () => {
		expect(principalMatches({ exact: 'cluster.local/ns/default/sa/curl' }, CURL)).toBe(true);
		expect(principalMatches({ presence: true }, undefined)).toBe(false);
	});
});
