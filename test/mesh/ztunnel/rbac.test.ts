import { describe, expect, it } from 'vitest';
import {
	type AuthorizationRejection,
	type RbacConnection,
	assertRbac,
	rejectionMessage
} from '../../../src/mesh/proxy/l4/rbac.ts';
import { ipBlockContains } from '../../../src/mesh/proxy/matchers.ts';
import { ProxyState } from '../../../src/mesh/proxy/l4/state/proxy-state.ts';
import type { Authorization, Match } from '../../../src/mesh/xds/workload-api.ts';
import { spiffeId } from '../../../src/mesh/tls/identity.ts';
import { ip } from '../../../src/mesh/types.ts';
import { config, policy, workload } from './fixtures.ts';

const CURL = spiffeId('default', 'curl');
const conn: RbacConnection = {
	src: { ip: ip('10.244.1.5'), port: 40000 },
	dst: { ip: ip('10.244.2.7'), port: 9080 },
	srcIdentity: CURL
};
const plaintext: RbacConnection = { ...conn, srcIdentity: undefined };

const allow = (matches: Match[][], name = 'allow') => policy(name, 'Allow', [matches]);
const deny = (matches: Match[][], name = 'deny') => policy(name, 'Deny', [matches]);
const NOT_ALLOWED: AuthorizationRejection = { reason: 'NotAllowed' };
const denied = (name: string): AuthorizationRejection => ({
	reason: 'ExplicitlyDenied',
	namespace: 'default',
	name
});

interface Case {
	readonly name: string;
	readonly policies: readonly Authorization[];
	readonly conn?: RbacConnection;
	readonly expected: AuthorizationRejection | undefined;
}

const cases: Case[] = [
	{ name: 'no policies allow everything', policies: [], expected: undefined },
	{
		name: 'ALLOW with no rules (allow-nothing) denies',
		policies: [policy('allow-nothing', 'Allow', [])],
		expected: NOT_ALLOWED
	},
	{
		name: 'ALLOW with one empty rule (rules: [{}]) allows all',
		policies: [policy('allow-all', 'Allow', [[]])],
		expected: undefined
	},
	{
		name: 'DENY with no rules never matches',
		policies: [policy('deny-nothing', 'Deny', [])],
		expected: undefined
	},
	{
		name: 'DENY with one empty rule denies all',
		policies: [policy('deny-all', 'Deny', [[]])],
		expected: denied('deny-all')
	},
	{
		name: 'a clause whose only match is empty never matches (a DENY left empty is a no-op)',
		policies: [deny([[{}]])],
		expected: undefined
	},
	{
		name: 'principal written without spiffe:// matches the peer',
		policies: [allow([[{ principals: [{ exact: 'cluster.local/ns/default/sa/curl' }] }]])],
		expected: undefined
	},
	{
		name: 'principal written with spiffe:// never matches',
		policies: [allow([[{ principals: [{ exact: 'spiffe://cluster.local/ns/default/sa/curl' }] }]])],
		expected: NOT_ALLOWED
	},
	{
		name: 'ALLOW for another principal denies',
		policies: [
			allow([[{ principals: [{ exact: 'cluster.local/ns/default/sa/bookinfo-gateway-istio' }] }]])
		],
		expected: NOT_ALLOWED
	},
	{
		name: 'principal prefix and suffix matches',
		policies: [
			allow([[{ principals: [{ prefix: 'cluster.local/ns/default/' }] }]], 'a'),
			allow([[{ principals: [{ suffix: '/sa/nobody' }] }]], 'b')
		],
		expected: undefined
	},
	{
		name: 'DENY matching the peer wins over a matching ALLOW',
		policies: [
			policy('allow-all', 'Allow', [[]]),
			deny([[{ principals: [{ exact: 'cluster.local/ns/default/sa/curl' }] }]], 'deny-curl')
		],
		expected: denied('deny-curl')
	},
	{
		name: 'DENY for another principal does not deny',
		policies: [deny([[{ principals: [{ exact: 'cluster.local/ns/default/sa/other' }] }]])],
		expected: undefined
	},
	{
		name: 'notPrincipals in a DENY denies everyone else',
		policies: [deny([[{ notPrincipals: [{ exact: 'cluster.local/ns/default/sa/admin' }] }]])],
		expected: denied('deny')
	},
	{
		name: 'namespaces come from the peer identity',
		policies: [allow([[{ namespaces: [{ exact: 'default' }] }]])],
		expected: undefined
	},
	{
		name: 'notNamespaces excludes the peer namespace',
		policies: [allow([[{ notNamespaces: [{ exact: 'default' }] }]])],
		expected: NOT_ALLOWED
	},
	{
		name: 'plaintext: no identity, so a principals ALLOW cannot match',
		policies: [allow([[{ principals: [{ exact: 'cluster.local/ns/default/sa/curl' }] }]])],
		conn: plaintext,
		expected: NOT_ALLOWED
	},
	{
		name: 'plaintext: presence of a namespace never matches',
		policies: [allow([[{ namespaces: [{ presence: true }] }]])],
		conn: plaintext,
		expected: NOT_ALLOWED
	},
	{
		name: 'plaintext: STRICT mTLS (DENY notPrincipals presence) denies',
		policies: [deny([[{ notPrincipals: [{ presence: true }] }]], 'istio_converted_static_strict')],
		conn: plaintext,
		expected: denied('istio_converted_static_strict')
	},
	{
		name: 'mTLS: STRICT mTLS lets a peer with identity through',
		policies: [deny([[{ notPrincipals: [{ presence: true }] }]], 'istio_converted_static_strict')],
		expected: undefined
	},
	{
		name: 'ports compare against the target port',
		policies: [allow([[{ destinationPorts: [9080] }]])],
		expected: undefined
	},
	{
		name: 'the HBONE port is not the destination port',
		policies: [allow([[{ destinationPorts: [15008] }]])],
		expected: NOT_ALLOWED
	},
	{
		name: 'notPorts: any port but the listed ones matches',
		policies: [deny([[{ notDestinationPorts: [8080] }]])],
		expected: denied('deny')
	},
	{
		name: 'ipBlocks match the source by CIDR',
		policies: [allow([[{ sourceIps: [{ address: '10.244.1.0', length: 24 }] }]])],
		expected: undefined
	},
	{
		name: 'ipBlocks outside the CIDR do not match',
		policies: [allow([[{ sourceIps: [{ address: '10.244.2.0', length: 24 }] }]])],
		expected: NOT_ALLOWED
	},
	{
		name: 'notIpBlocks exclude the source',
		policies: [deny([[{ notSourceIps: [{ address: '10.244.1.5', length: 32 }] }]])],
		expected: undefined
	},
	{
		name: 'destination.ip condition matches the pod address',
		policies: [allow([[{ destinationIps: [{ address: '10.244.2.7', length: 32 }] }]])],
		expected: undefined
	},
	{
		name: 'clauses of a rule are ANDed (from matches, to does not)',
		policies: [
			allow([
				[{ principals: [{ exact: 'cluster.local/ns/default/sa/curl' }] }],
				[{ destinationPorts: [8080] }]
			])
		],
		expected: NOT_ALLOWED
	},
	{
		name: 'fields of one match are ANDed',
		policies: [
			allow([
				[{ principals: [{ exact: 'cluster.local/ns/default/sa/curl' }], destinationPorts: [8080] }]
			])
		],
		expected: NOT_ALLOWED
	},
	{
		name: 'matches of one clause are ORed (two sources)',
		policies: [
			allow([
				[
					{ principals: [{ exact: 'cluster.local/ns/default/sa/other' }] },
					{ namespaces: [{ exact: 'default' }] }
				]
			])
		],
		expected: undefined
	},
	{
		name: 'rules of a policy are ORed',
		policies: [
			policy('two-rules', 'Allow', [
				[[{ destinationPorts: [8080] }]],
				[[{ principals: [{ exact: 'cluster.local/ns/default/sa/curl' }] }]]
			])
		],
		expected: undefined
	},
	{
		name: 'any of several ALLOW policies may allow',
		policies: [
			allow([[{ destinationPorts: [8080] }]], 'a'),
			allow([[{ destinationPorts: [9080] }]], 'b')
		],
		expected: undefined
	}
];

describe('assertRbac', () => {
	it.each(cases)('$name', ({ policies, conn: c, expected }) => {
		expect(assertRbac(policies, c ?? conn)).toEqual(expected);
	});

	it('words rejections as ztunnel does', () => {
		expect(rejectionMessage(NOT_ALLOWED)).toBe('allow policies exist, but none allowed');
		expect(rejectionMessage(denied('deny-curl'))).toBe('explicitly denied by: default/deny-curl');
	});
});

describe('ipBlockContains', () => {
	it.each([
		{ block: '10.0.0.0/8', addr: '10.244.1.5', expected: true },
		{ block: '10.244.1.0/24', addr: '10.244.2.5', expected: false },
		{ block: '10.244.1.5/32', addr: '10.244.1.5', expected: true },
		{ block: '0.0.0.0/0', addr: '192.168.1.1', expected: true },
		{ block: '10.244.1.5/32', addr: 'not-an-ip', expected: false }
	])('$block contains $addr: $expected', ({ block, addr, expected }) => {
		const [address = '', length = '32'] = block.split('/');
		expect(ipBlockContains({ address, length: Number(length) }, addr)).toBe(expected);
	});
});

describe('ProxyState.policiesFor', () => {
	const pp = workload('productpage-v1', '10.244.2.7', {
		authorizationPolicies: ['default/selected']
	});
	const other = workload('ratings-v1', '10.244.2.8', { namespace: 'other' });
	const state = new ProxyState(
		config(
			[pp, other],
			[],
			[
				policy('ns-wide', 'Allow', [[]]),
				policy('selected', 'Deny', [[]], { scope: 'WorkloadSelector' }),
				policy('not-selected', 'Deny', [[]], { scope: 'WorkloadSelector' }),
				policy('mesh-wide', 'Deny', [], { namespace: 'istio-system', scope: 'Global' }),
				policy('elsewhere', 'Allow', [], { namespace: 'other' }),
				policy('listed-but-unsent', 'Allow', [], { namespace: 'nowhere' })
			]
		)
	);
	const names = (ps: readonly Authorization[]) => ps.map((p) => `${p.namespace}/${p.name}`).sort();

	it('gathers namespace, global and selected policies', () => {
		expect(names(state.policiesFor(pp))).toEqual([
			'default/ns-wide',
			'default/selected',
			'istio-system/mesh-wide'
		]);
	});

	it('a namespace policy applies only in its namespace', () => {
		expect(names(state.policiesFor(other))).toEqual(['istio-system/mesh-wide', 'other/elsewhere']);
	});
});
