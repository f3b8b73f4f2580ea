/** L7 AuthorizationPolicy evaluation: one case per rule kind, and the CUSTOM/DENY/ALLOW order. */
import { describe, expect, it } from 'vitest';
import { spiffeId } from '../../../src/mesh/tls/identity.ts';
import { type AuthzRequest, authorize, parseStringMatch } from '../../../src/mesh/proxy/l7/rbac.ts';
import type { L7Authorization, L7Rule } from '../../../src/mesh/xds/waypoint-config.ts';

const GET: AuthzRequest = {
	method: 'GET',
	path: '/productpage',
	host: 'productpage:9080',
	headers: [
		['Host', 'productpage:9080'],
		['x-user', 'jason']
	],
	port: 9080,
	destinationIp: '10.96.0.10',
	sourceIp: '10.244.1.5',
	sourceIdentity: spiffeId('default', 'curl')
};

const rule = (r: Partial<L7Rule>): L7Rule => ({ from: [], to: [], when: [], ...r });
const policy = (
	action: L7Authorization['action'],
	rules: readonly L7Rule[],
	name = `p-${action.toLowerCase()}`
): L7Authorization => ({ name, namespace: 'default', action, target: { kind: 'Gateway' }, rules });
const allowOnly = (r: Partial<L7Rule>) => [policy('ALLOW', [rule(r)])];
const m = parseStringMatch;

const cases: {
	name: string;
	policies: L7Authorization[];
	req?: Partial<AuthzRequest>;
	allowed: boolean;
	details?: string;
}[] = [
	{ name: 'no policies: allow', policies: [], allowed: true },
	{
		name: 'principal exact',
		policies: allowOnly({ from: [{ principals: [m('cluster.local/ns/default/sa/curl')] }] }),
		allowed: true
	},
	{
		name: 'principal exact, other client',
		policies: allowOnly({ from: [{ principals: [m('cluster.local/ns/default/sa/curl')] }] }),
		req: { sourceIdentity: spiffeId('default', 'bookinfo-reviews') },
		allowed: false,
		details: 'rbac_access_denied_matched_policy[none]'
	},
	{
		name: 'principal prefix',
		policies: allowOnly({ from: [{ principals: [m('cluster.local/ns/default/*')] }] }),
		allowed: true
	},
	{
		name: 'principal suffix',
		policies: allowOnly({ from: [{ principals: [m('*/sa/curl')] }] }),
		allowed: true
	},
	{
		name: 'principal presence, no identity (plaintext)',
		policies: allowOnly({ from: [{ principals: [m('*')] }] }),
		req: { sourceIdentity: undefined },
		allowed: false
	},
	{
		name: 'principal written with spiffe:// never matches',
		policies: allowOnly({
			from: [{ principals: [m('spiffe://cluster.local/ns/default/sa/curl')] }]
		}),
		allowed: false
	},
	{
		name: 'notPrincipals excludes',
		policies: allowOnly({ from: [{ notPrincipals: [m('cluster.local/ns/default/sa/curl')] }] }),
		allowed: false
	},
	{
		name: 'namespaces',
		policies: allowOnly({ from: [{ namespaces: [m('default')] }] }),
		allowed: true
	},
	{
		name: 'namespaces, other namespace',
		policies: allowOnly({ from: [{ namespaces: [m('prod')] }] }),
		allowed: false
	},
	{
		name: 'ipBlocks',
		policies: allowOnly({ from: [{ ipBlocks: ['10.244.1.0/24'] }] }),
		allowed: true
	},
	{ name: 'methods GET', policies: allowOnly({ to: [{ methods: ['GET'] }] }), allowed: true },
	{
		name: 'methods GET, DELETE sent',
		policies: allowOnly({ to: [{ methods: ['GET'] }] }),
		req: { method: 'DELETE' },
		allowed: false
	},
	{
		name: 'paths exact',
		policies: allowOnly({ to: [{ paths: [m('/productpage')] }] }),
		allowed: true
	},
	{
		name: 'paths prefix',
		policies: allowOnly({ to: [{ paths: [m('/api/*')] }] }),
		req: { path: '/api/v1/products' },
		allowed: true
	},
	{
		name: 'paths suffix',
		policies: allowOnly({ to: [{ paths: [m('*.css')] }] }),
		req: { path: '/static/x.css' },
		allowed: true
	},
	{
		name: 'notPaths',
		policies: allowOnly({ to: [{ notPaths: [m('/admin*')] }] }),
		req: { path: '/admin/users' },
		allowed: false
	},
	{
		name: 'hosts ignore the port and case',
		policies: allowOnly({ to: [{ hosts: [m('ProductPage')] }] }),
		allowed: true
	},
	{ name: 'ports', policies: allowOnly({ to: [{ ports: [9080] }] }), allowed: true },
	{ name: 'notPorts', policies: allowOnly({ to: [{ notPorts: [9080] }] }), allowed: false },
	{
		name: 'when request.headers',
		policies: allowOnly({ when: [{ key: 'request.headers[X-User]', values: ['jason'] }] }),
		allowed: true
	},
	{
		name: 'when request.headers, header absent',
		policies: allowOnly({ when: [{ key: 'request.headers[x-group]', values: ['*'] }] }),
		allowed: false
	},
	{
		name: 'when source.namespace notValues',
		policies: allowOnly({ when: [{ key: 'source.namespace', notValues: ['default'] }] }),
		allowed: false
	},
	{
		name: 'notRequestPrincipals * matches a request without JWT',
		policies: [policy('DENY', [rule({ from: [{ notRequestPrincipals: [m('*')] }] })])],
		allowed: false,
		details: 'rbac_access_denied_matched_policy[ns[default]-policy[p-deny]-rule[0]]'
	},
	{
		name: 'ALLOW with no rules (allow-nothing) denies',
		policies: [policy('ALLOW', [])],
		allowed: false
	},
	{
		name: 'ALLOW with an empty rule allows',
		policies: [policy('ALLOW', [rule({})])],
		allowed: true
	},
	{
		name: 'DENY wins over ALLOW',
		policies: [
			policy('ALLOW', [rule({})]),
			policy('DENY', [rule({}), rule({ to: [{ methods: ['GET'] }] })], 'deny-get')
		],
		allowed: false,
		details: 'rbac_access_denied_matched_policy[ns[default]-policy[deny-get]-rule[0]]'
	},
	{
		name: 'DENY that does not match leaves ALLOW to decide',
		policies: [
			policy('DENY', [rule({ to: [{ methods: ['DELETE'] }] })]),
			policy('ALLOW', [rule({})])
		],
		allowed: true
	},
	{
		name: 'AUDIT never decides',
		policies: [policy('AUDIT', [rule({})])],
		allowed: true
	},
	{
		name: 'CUSTOM fails closed (no ext_authz provider)',
		policies: [policy('CUSTOM', [rule({})]), policy('ALLOW', [rule({})])],
		allowed: false,
		details: 'rbac_access_denied_matched_policy[ns[default]-policy[p-custom]-rule[0]]'
	},
	{
		name: 'rules OR: the second rule matches',
		policies: [
			policy('ALLOW', [
				rule({ to: [{ methods: ['POST'] }] }),
				rule({ from: [{ principals: [m('cluster.local/ns/default/sa/curl')] }] })
			])
		],
		allowed: true
	},
	{
		name: 'from, to, when AND within a rule',
		policies: allowOnly({
			from: [{ principals: [m('cluster.local/ns/default/sa/curl')] }],
			to: [{ methods: ['POST'] }]
		}),
		allowed: false
	}
];

describe('L7 authorization', () => {
	it.each(cases)('$name', ({ policies, req, allowed, details }) => {
		const d = authorize(policies, { ...GET, ...req });
		expect(d.allowed).toBe(allowed);
		if (details !== undefined) expect(d.details).toBe(details);
	});

	it('names the deciding policy and rule, and records AUDIT matches', () => {
		const d = authorize(
			[
				policy('AUDIT', [rule({})], 'audit-all'),
				policy('ALLOW', [rule({ to: [{ methods: ['POST'] }] }), rule({})], 'viewer')
			],
			GET
		);
		expect(d).toMatchObject({ allowed: true, rule: 1, audited: ['default/audit-all'] });
		expect(d.policy?.name).toBe('viewer');
	});
});
