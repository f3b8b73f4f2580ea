/**
 * `istio.io/dry-run` policies: istiod puts them in the shadow rules of their action's RBAC filter
 * (pilot/pkg/security/authz/builder/builder.go `build`, 1.30.3); Envoy's filter evaluates the
 * shadow engine, logs its result and never enforces it, and with no enforced rules logs
 * "no engine, allowed by default" (envoy source/extensions/filters/http/rbac/rbac_filter.cc).
 */
import { describe, expect, it } from 'vitest';
import { spiffeId } from '../../../src/mesh/tls/identity.ts';
import { ip } from '../../../src/mesh/types.ts';
import { type AuthzRequest, authorize, parseStringMatch } from '../../../src/mesh/proxy/l7/rbac.ts';
import { rbacDebugLines } from '../../../src/mesh/proxy/l7/rbac-log.ts';
import type { L7Authorization } from '../../../src/mesh/xds/waypoint-config.ts';

const req: AuthzRequest = {
	method: 'GET',
	path: '/headers',
	host: 'httpbin.foo:8000',
	headers: [],
	port: 8080,
	destinationIp: '10.244.2.3',
	sourceIp: '10.244.1.4',
	sourceIdentity: spiffeId('foo', 'sleep')
};

const policy = (
	name: string,
	action: 'ALLOW' | 'DENY',
	path: string,
	dryRun = false
): L7Authorization => ({
	name,
	namespace: 'foo',
	action,
	target: { kind: 'Workload' },
	rules: [{ from: [], to: [{ paths: [parseStringMatch(path)] }], when: [] }],
	...(dryRun ? { dryRun: true } : {})
});

const messages = (policies: L7Authorization[]): string[] => {
	const d = authorize(policies, req);
	return rbacDebugLines(d.filters ?? [], {
		requestedServerName: '',
		sourceIp: { ip: ip('10.244.1.4'), port: 1 },
		directRemoteIp: { ip: ip('10.244.1.4'), port: 1 },
		remoteIp: { ip: ip('10.244.1.4'), port: 1 },
		localAddress: { ip: ip('10.244.2.3'), port: 8080 },
		peer: undefined,
		mtls: false,
		headers: []
	})
		.map((l) => l.message)
		.filter((m) => !m.startsWith('checking request'));
};

describe('dry-run AuthorizationPolicy (shadow rules)', () => {
	const cases: { name: string; policies: L7Authorization[]; allowed: boolean; log: string[] }[] = [
		{
			name: 'dry-run DENY that matches: allowed, shadow denied, no engine',
			policies: [policy('deny-path-headers', 'DENY', '/headers', true)],
			allowed: true,
			log: [
				'shadow denied, matched policy ns[foo]-policy[deny-path-headers]-rule[0]',
				'no engine, allowed by default'
			]
		},
		{
			name: 'dry-run DENY that does not match: shadow allowed, policy none',
			policies: [policy('deny-ip', 'DENY', '/ip', true)],
			allowed: true,
			log: ['shadow allowed, matched policy none', 'no engine, allowed by default']
		},
		{
			name: 'dry-run ALLOW that does not match: allowed, shadow denied with none',
			policies: [policy('allow-ip', 'ALLOW', '/ip', true)],
			allowed: true,
			log: ['shadow denied, matched policy none', 'no engine, allowed by default']
		},
		{
			name: 'the same DENY enforced: denied by its rule',
			policies: [policy('deny-path-headers', 'DENY', '/headers')],
			allowed: false,
			log: ['enforced denied, matched policy ns[foo]-policy[deny-path-headers]-rule[0]']
		},
		{
			name: 'enforced ALLOW beside a dry-run one: one filter, both engines',
			policies: [
				policy('allow-headers', 'ALLOW', '/headers'),
				policy('allow-ip', 'ALLOW', '/ip', true)
			],
			allowed: true,
			log: [
				'shadow denied, matched policy none',
				'enforced allowed, matched policy ns[foo]-policy[allow-headers]-rule[0]'
			]
		},
		{
			name: 'an enforced DENY stops the chain: the ALLOW filter never runs',
			policies: [
				policy('deny-headers', 'DENY', '/headers'),
				policy('allow-ip', 'ALLOW', '/ip', true)
			],
			allowed: false,
			log: ['enforced denied, matched policy ns[foo]-policy[deny-headers]-rule[0]']
		}
	];
	for (const c of cases) {
		it(c.name, () => {
			expect(authorize(c.policies, req).allowed).toBe(c.allowed);
			expect(messages(c.policies)).toEqual(c.log);
		});
	}
});
