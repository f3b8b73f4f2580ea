/**
 * AuthorizationPolicies on a TCP filter chain (a waypoint's TCP service port), as istio 1.30.3
 * builds them: pilot/pkg/security/authz/builder/builder.go `build(…, forTCP)` skips a rule whose
 * generation fails, model.go `checkError` makes an HTTP-only key fail an ALLOW rule and be ignored
 * in a DENY or AUDIT rule, and builder.go ignores CUSTOM (HTTP provider) on TCP.
 */
import { describe, expect, it } from 'vitest';
import { authorize, type AuthzRequest } from '../../../src/mesh/proxy/l7/rbac.ts';
import { tcpPolicies } from '../../../src/mesh/proxy/l7/rbac-tcp.ts';
import type { L7Authorization, L7Rule } from '../../../src/mesh/xds/waypoint-config.ts';
import type { SpiffeId } from '../../../src/mesh/tls/identity.ts';

const policy = (action: L7Authorization['action'], rules: L7Rule[]): L7Authorization => ({
	name: 'p',
	namespace: 'default',
	action,
	target: { kind: 'Gateway' },
	rules
});
const rule = (r: Partial<L7Rule>): L7Rule => ({ from: [], to: [], when: [], ...r });

const connection = (port: number): AuthzRequest => ({
	method: '',
	path: '',
	host: '',
	headers: [],
	port,
	destinationIp: '10.96.0.20',
	sourceIp: '10.244.1.5',
	sourceIdentity: 'spiffe://cluster.local/ns/default/sa/curl' as SpiffeId
});

describe('AuthorizationPolicy on a TCP filter chain', () => {
	const cases: { name: string; policies: L7Authorization[]; port: number; allowed: boolean }[] = [
		{
			name: 'DENY methods + ports: the methods are dropped, the port still denies',
			policies: [policy('DENY', [rule({ to: [{ methods: ['GET'], ports: [9000] }] })])],
			port: 9000,
			allowed: false
		},
		{
			name: 'DENY methods + ports: another port is allowed',
			policies: [policy('DENY', [rule({ to: [{ methods: ['GET'], ports: [9000] }] })])],
			port: 9001,
			allowed: true
		},
		{
			name: 'DENY methods alone: wider, denies every connection',
			policies: [policy('DENY', [rule({ to: [{ methods: ['GET'] }] })])],
			port: 9001,
			allowed: false
		},
		{
			name: 'DENY on a request header condition: the condition is dropped, the rule denies',
			policies: [
				policy('DENY', [rule({ when: [{ key: 'request.headers[x-user]', values: ['bob'] }] })])
			],
			port: 9000,
			allowed: false
		},
		{
			name: 'ALLOW methods + ports: the rule is skipped, nothing is allowed',
			policies: [policy('ALLOW', [rule({ to: [{ methods: ['GET'], ports: [9000] }] })])],
			port: 9000,
			allowed: false
		},
		{
			name: 'ALLOW ports only: allowed on that port',
			policies: [policy('ALLOW', [rule({ to: [{ ports: [9000, 9001] }] })])],
			port: 9001,
			allowed: true
		},
		{
			name: 'ALLOW: an L4 rule beside a skipped HTTP rule still allows',
			policies: [
				policy('ALLOW', [
					rule({ to: [{ paths: [{ exact: '/admin' }] }] }),
					rule({ from: [{ namespaces: [{ exact: 'default' }] }] })
				])
			],
			port: 9000,
			allowed: true
		},
		{
			name: 'CUSTOM is ignored on TCP',
			policies: [policy('CUSTOM', [rule({})])],
			port: 9000,
			allowed: true
		}
	];

	it.each(cases)('$name', ({ policies, port, allowed }) => {
		expect(authorize(tcpPolicies(policies), connection(port)).allowed).toBe(allowed);
	});
});
