import { describe, expect, it } from 'vitest';
import {
	type ConvertedPolicy,
	convertAuthorizationPolicy
} from '../../../src/mesh/istiod/authorization.ts';
import { stringToIp, stringToPort } from '../../../src/mesh/istiod/match-values.ts';
import type { Group } from '../../../src/mesh/xds/workload-api.ts';
import { authorizationPolicy } from './fixtures.ts';

const ACCEPTED = {
	type: 'ZtunnelAccepted',
	status: 'True',
	reason: 'Accepted',
	message: 'attached to ztunnel'
};
const GATEWAY = 'cluster.local/ns/default/sa/bookinfo-gateway-istio';

const convert = (spec: Record<string, unknown>, namespace = 'default'): ConvertedPolicy =>
	convertAuthorizationPolicy(authorizationPolicy('p', spec, { namespace }));

describe('convertAuthorizationPolicy: scope and action', () => {
	const cases: {
		name: string;
		namespace?: string;
		spec: Record<string, unknown>;
		scope?: string;
		action?: string;
		groups?: Group[];
	}[] = [
		{
			name: 'selector policy (the getting-started productpage-ztunnel)',
			spec: {
				selector: { matchLabels: { app: 'productpage' } },
				action: 'ALLOW',
				rules: [{ from: [{ source: { principals: [GATEWAY] } }] }]
			},
			scope: 'WorkloadSelector',
			action: 'Allow',
			groups: [{ rules: [{ matches: [{ principals: [{ exact: GATEWAY }] }] }] }]
		},
		{
			name: 'no selector: namespace scope; action defaults to ALLOW',
			spec: { rules: [{}] },
			scope: 'Namespace',
			action: 'Allow',
			groups: [{ rules: [] }]
		},
		{
			name: 'root namespace without selector: Global',
			namespace: 'istio-system',
			spec: { action: 'DENY', rules: [{ to: [{ operation: { ports: ['22'] } }] }] },
			scope: 'Global',
			action: 'Deny',
			groups: [{ rules: [{ matches: [{ destinationPorts: [22] }] }] }]
		},
		{
			name: 'root namespace with a selector stays WorkloadSelector',
			namespace: 'istio-system',
			spec: { selector: { matchLabels: { app: 'x' } }, rules: [{}] },
			scope: 'WorkloadSelector',
			action: 'Allow',
			groups: [{ rules: [] }]
		},
		{
			name: 'spec: {} is allow-nothing (no groups)',
			spec: {},
			scope: 'Namespace',
			action: 'Allow',
			groups: []
		}
	];
	for (const c of cases) {
		it(c.name, () => {
			const r = convert(c.spec, c.namespace);
			expect(r.status).toEqual(ACCEPTED);
			expect(r.authorization).toEqual({
				name: 'p',
				namespace: c.namespace ?? 'default',
				scope: c.scope,
				action: c.action,
				groups: c.groups
			});
		});
	}

	it.each(['AUDIT', 'CUSTOM'])('%s is not sent to ztunnel', (action) => {
		expect(convert({ action, provider: { name: 'ext' }, rules: [{}] })).toEqual({
			status: {
				type: 'ZtunnelAccepted',
				status: 'False',
				reason: 'UnsupportedValue',
				message: `ztunnel does not support the ${action} action`
			}
		});
	});

	it('targetRefs policies are for waypoints: nothing for ztunnel, no condition', () => {
		const spec = {
			targetRefs: [{ kind: 'Service', group: '', name: 'productpage' }],
			rules: [{ to: [{ operation: { methods: ['GET'] } }] }]
		};
		expect(convert(spec)).toEqual({});
		expect(convert({ targetRef: { kind: 'Gateway', name: 'waypoint' } })).toEqual({});
	});

	it('dry-run policies are refused unless the feature flag is on', () => {
		const ap = authorizationPolicy(
			'dry',
			{ rules: [{}] },
			{ annotations: { 'istio.io/dry-run': 'true' } }
		);
		expect(convertAuthorizationPolicy(ap)).toEqual({
			status: {
				type: 'ZtunnelAccepted',
				status: 'False',
				reason: 'UnsupportedValue',
				message: `found policy "default/dry" using dry-run annotation, but support for ambient dry-run authorizationPolicies isn't enabled`
			}
		});
	});

	it('carries the generation as observedGeneration', () => {
		const ap = authorizationPolicy('p', { rules: [{}] }, { generation: 3 });
		expect(convertAuthorizationPolicy(ap).status?.observedGeneration).toBe(3);
	});
});

describe('convertAuthorizationPolicy: L4 fields', () => {
	it('maps every source, operation and L4 `when` field; one group per rule', () => {
		const r = convert({
			rules: [
				{
					from: [
						{
							source: {
								principals: ['p', 'p-*', '*-p', '*'],
								notPrincipals: ['np'],
								namespaces: ['ns'],
								notNamespaces: ['nns'],
								ipBlocks: ['1.2.3.4', '5.6.0.0/16'],
								notIpBlocks: ['2.2.3.4']
							}
						}
					],
					to: [{ operation: { ports: ['80', '90'], notPorts: ['800'] } }]
				},
				{ from: [{ source: { serviceAccounts: ['ns/sa', 'sa-only'] } }] },
				{
					when: [
						{ key: 'source.ip', values: ['10.10.10.10'], notValues: ['90.0.0.0/8'] },
						{ key: 'destination.port', values: ['91'], notValues: ['9001'] }
					]
				}
			]
		});
		expect(r.status).toEqual(ACCEPTED);
		expect(r.authorization?.groups).toEqual([
			{
				rules: [
					{ matches: [{ destinationPorts: [80, 90], notDestinationPorts: [800] }] },
					{
						matches: [
							{
								sourceIps: [
									{ address: '1.2.3.4', length: 32 },
									{ address: '5.6.0.0', length: 16 }
								],
								notSourceIps: [{ address: '2.2.3.4', length: 32 }],
								namespaces: [{ exact: 'ns' }],
								notNamespaces: [{ exact: 'nns' }],
								principals: [
									{ exact: 'p' },
									{ prefix: 'p-' },
									{ suffix: '-p' },
									{ presence: true }
								],
								notPrincipals: [{ exact: 'np' }]
							}
						]
					}
				]
			},
			{
				rules: [
					{
						matches: [
							{ principals: [{ suffix: '/ns/ns/sa/sa' }, { suffix: '/ns/default/sa/sa-only' }] }
						]
					}
				]
			},
			{
				rules: [
					{
						matches: [
							{
								sourceIps: [{ address: '10.10.10.10', length: 32 }],
								notSourceIps: [{ address: '90.0.0.0', length: 8 }]
							}
						]
					},
					{ matches: [{ destinationPorts: [91], notDestinationPorts: [9001] }] }
				]
			}
		]);
	});

	it('keeps a spiffe:// principal literally (it then never matches at ztunnel)', () => {
		const r = convert({
			rules: [{ from: [{ source: { principals: ['spiffe://cluster.local/ns/default/sa/curl'] } }] }]
		});
		expect(r.authorization?.groups[0]?.rules[0]?.matches[0]?.principals).toEqual([
			{ exact: 'spiffe://cluster.local/ns/default/sa/curl' }
		]);
		expect(r.status).toEqual(ACCEPTED);
	});

	it('drops a named port silently: the clause is left empty and never matches', () => {
		const r = convert({ rules: [{ to: [{ operation: { ports: ['http'] } }] }] });
		expect(r.status).toEqual(ACCEPTED);
		expect(r.authorization?.groups).toEqual([{ rules: [{ matches: [{}] }] }]);
	});
});

describe('convertAuthorizationPolicy: L7 fields for ztunnel (reference §5.4)', () => {
	const HTTP = (found: string) =>
		`ztunnel does not support HTTP attributes (found: ${found}). In ambient mode you must use a waypoint proxy to enforce HTTP rules. `;
	const cases: {
		name: string;
		spec: Record<string, unknown>;
		groups: Group[];
		message: string;
	}[] = [
		{
			name: 'ALLOW: the rule with methods is dropped; no rules left → denies everything',
			spec: {
				selector: { matchLabels: { app: 'productpage' } },
				rules: [
					{
						from: [{ source: { principals: ['cluster.local/ns/default/sa/curl'] } }],
						to: [{ operation: { methods: ['GET'] } }]
					}
				]
			},
			groups: [],
			message:
				HTTP('methods') +
				'Within an ALLOW policy, rules matching HTTP attributes are omitted. This will be more restrictive than requested.'
		},
		{
			name: 'ALLOW: L4-only rules survive next to a dropped L7 rule',
			spec: {
				rules: [
					{ to: [{ operation: { paths: ['/admin'] } }] },
					{ from: [{ source: { namespaces: ['default'] } }] }
				]
			},
			groups: [{ rules: [{ matches: [{ namespaces: [{ exact: 'default' }] }] }] }],
			message:
				HTTP('paths') +
				'Within an ALLOW policy, rules matching HTTP attributes are omitted. This will be more restrictive than requested.'
		},
		{
			name: 'DENY: L7 removed, L4 kept (more restrictive); found list sorted',
			spec: {
				action: 'DENY',
				rules: [
					{
						from: [{ source: { namespaces: ['foo'], requestPrincipals: ['*'] } }],
						to: [{ operation: { methods: ['POST'] } }],
						when: [{ key: 'request.auth.presenter', values: ['x'] }]
					},
					{ from: [{ source: { ipBlocks: ['10.0.0.0/8'] } }] }
				]
			},
			groups: [
				{
					rules: [
						{ matches: [{}] },
						{ matches: [{ namespaces: [{ exact: 'foo' }] }] },
						{ matches: [{}] }
					]
				},
				{ rules: [{ matches: [{ sourceIps: [{ address: '10.0.0.0', length: 8 }] }] }] }
			],
			message:
				HTTP('methods, request.auth.presenter, requestPrincipals') +
				'DENY policy with HTTP attributes is enforced without the HTTP rules. This will be more restrictive than requested.'
		},
		{
			// istio.io docs/tasks/security/authorization/authz-tcp: "DENY … methods: [GET]" on a TCP
			// workload; at 1.30.3 ztunnel gets one empty match, which it skips (allows all).
			name: 'DENY: methods alone (the TCP authorization task) leaves an empty match',
			spec: { action: 'DENY', rules: [{ to: [{ operation: { methods: ['GET'] } }] }] },
			groups: [{ rules: [{ matches: [{}] }] }],
			message:
				HTTP('methods') +
				'DENY policy with HTTP attributes is enforced without the HTTP rules. This will be more restrictive than requested.'
		},
		{
			// 1.30.3 words it as any DENY with HTTP attributes: the "no effect" message is istio#61166,
			// after 1.30.3. ztunnel skips the empty match (rbac.rs), so the policy denies nothing.
			name: 'DENY: notRequestPrincipals alone leaves an empty match, worded as 1.30.3 does',
			spec: {
				action: 'DENY',
				rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }]
			},
			groups: [{ rules: [{ matches: [{}] }] }],
			message:
				HTTP('notRequestPrincipals') +
				'DENY policy with HTTP attributes is enforced without the HTTP rules. This will be more restrictive than requested.'
		}
	];
	for (const c of cases) {
		it(c.name, () => {
			const r = convert(c.spec);
			expect(r.authorization?.groups).toEqual(c.groups);
			expect(r.status).toEqual({
				type: 'ZtunnelAccepted',
				status: 'True',
				reason: 'UnsupportedValue',
				message: c.message
			});
		});
	}

	it('never throws on malformed specs', () => {
		const bad = [
			{ rules: 'nope' },
			{ rules: [null, 3, { from: 'x' }, { to: [null] }, { when: [{ key: 7 }] }] },
			{ selector: 'x', action: 5 }
		];
		for (const spec of bad) expect(() => convert(spec as Record<string, unknown>)).not.toThrow();
	});
});

describe('value parsing (stringToPort, stringToIP)', () => {
	it.each([
		[
			['80', '65535', '65536', 'http', '-1', '8.0'],
			[80, 65535]
		],
		[[], []]
	])('ports %j → %j', (input, out) => expect(stringToPort(input)).toEqual(out));

	it.each([
		['10.0.0.1', [{ address: '10.0.0.1', length: 32 }]],
		['10.0.0.0/8', [{ address: '10.0.0.0', length: 8 }]],
		['10.0.0.0/33', []],
		['300.1.1.1', []],
		['not-an-ip', []],
		['', []]
	])('ip %s', (input, out) => expect(stringToIp([input])).toEqual(out));
});
