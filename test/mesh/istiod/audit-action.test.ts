/**
 * AUDIT (and CUSTOM) AuthorizationPolicies in ambient without a waypoint: istiod does not send
 * them to ztunnel (pilot/pkg/serviceregistry/ambient/authorization.go convertAuthorizationPolicy
 * returns no policy and `ztunnel does not support the AUDIT action`), so they neither allow nor
 * deny, and the policy's ZtunnelAccepted condition is False / UnsupportedValue. The action is
 * checked before the rules, so an AUDIT policy with HTTP rules gets the same message.
 */
import { describe, expect, it } from 'vitest';
import {
	buildPolicyIndex,
	policyKey,
	workloadPolicies
} from '../../../src/mesh/istiod/policies.ts';
import { spiffeId } from '../../../src/mesh/tls/identity.ts';
import type { IpAddr } from '../../../src/mesh/types.ts';
import { assertRbac, rejectionMessage } from '../../../src/mesh/proxy/l4/rbac.ts';
import { authorizationPolicy } from './fixtures.ts';

const GATEWAY = 'cluster.local/ns/default/sa/bookinfo-gateway-istio';
const selectProductpage = { selector: { matchLabels: { app: 'productpage' } } };
const fromGateway = [{ from: [{ source: { principals: [GATEWAY] } }] }];
const AUDIT_MESSAGE = 'ztunnel does not support the AUDIT action';

/** What the destination ztunnel enforces for productpage, and what it decides for `from`. */
function decide(policies: ReturnType<typeof authorizationPolicy>[], from: 'curl' | 'gateway') {
	const index = buildPolicyIndex(policies, [], 'istio-system');
	const selected = new Set(workloadPolicies(index, 'default', { app: 'productpage' }));
	const enforced = index.policies
		.map((p) => p.authorization)
		.filter(
			(a) =>
				selected.has(policyKey(a)) ||
				(a.scope === 'Namespace' && a.namespace === 'default') ||
				a.scope === 'Global'
		);
	const sa = from === 'curl' ? 'curl' : 'bookinfo-gateway-istio';
	const rejection = assertRbac(enforced, {
		src: { ip: '10.244.1.5' as IpAddr, port: 40000 },
		dst: { ip: '10.244.2.4' as IpAddr, port: 9080 },
		srcIdentity: spiffeId('default', sa)
	});
	return {
		enforced: enforced.map(policyKey),
		verdict: rejection ? rejectionMessage(rejection) : 'allowed',
		statuses: Object.fromEntries(
			[...index.statuses].map(([k, c]) => [k, `${c.status} ${c.reason}: ${c.message}`])
		)
	};
}

describe('AUDIT action at ztunnel', () => {
	it.each([
		{
			name: 'AUDIT alone: not sent, traffic allowed',
			policies: [
				authorizationPolicy('audit', { ...selectProductpage, action: 'AUDIT', rules: [{}] })
			],
			from: 'curl' as const,
			enforced: [],
			verdict: 'allowed',
			statuses: { 'default/audit': `False UnsupportedValue: ${AUDIT_MESSAGE}` }
		},
		{
			name: 'AUDIT does not count as an ALLOW policy',
			policies: [
				authorizationPolicy('audit', { ...selectProductpage, action: 'AUDIT', rules: fromGateway }),
				authorizationPolicy('allow-gw', {
					...selectProductpage,
					action: 'ALLOW',
					rules: fromGateway
				})
			],
			from: 'curl' as const,
			enforced: ['default/allow-gw'],
			verdict: 'allow policies exist, but none allowed',
			statuses: {
				'default/audit': `False UnsupportedValue: ${AUDIT_MESSAGE}`,
				'default/allow-gw': 'True Accepted: attached to ztunnel'
			}
		},
		{
			name: 'AUDIT beside an ALLOW: the ALLOW still admits the gateway',
			policies: [
				authorizationPolicy('audit', { ...selectProductpage, action: 'AUDIT', rules: [{}] }),
				authorizationPolicy('allow-gw', { ...selectProductpage, rules: fromGateway })
			],
			from: 'gateway' as const,
			enforced: ['default/allow-gw'],
			verdict: 'allowed',
			statuses: {
				'default/audit': `False UnsupportedValue: ${AUDIT_MESSAGE}`,
				'default/allow-gw': 'True Accepted: attached to ztunnel'
			}
		},
		{
			name: 'AUDIT beside a DENY: the DENY still denies',
			policies: [
				authorizationPolicy('audit', { action: 'AUDIT', rules: [{}] }),
				authorizationPolicy('deny-curl', {
					...selectProductpage,
					action: 'DENY',
					rules: [{ from: [{ source: { principals: ['cluster.local/ns/default/sa/curl'] } }] }]
				})
			],
			from: 'curl' as const,
			enforced: ['default/deny-curl'],
			verdict: 'explicitly denied by: default/deny-curl',
			statuses: {
				'default/audit': `False UnsupportedValue: ${AUDIT_MESSAGE}`,
				'default/deny-curl': 'True Accepted: attached to ztunnel'
			}
		},
		{
			name: 'AUDIT with HTTP rules: the action is refused first',
			policies: [
				authorizationPolicy('audit-paths', {
					...selectProductpage,
					action: 'AUDIT',
					rules: [{ to: [{ operation: { paths: ['/admin'] } }] }]
				})
			],
			from: 'curl' as const,
			enforced: [],
			verdict: 'allowed',
			statuses: { 'default/audit-paths': `False UnsupportedValue: ${AUDIT_MESSAGE}` }
		},
		{
			name: 'mesh-wide AUDIT in the root namespace',
			policies: [
				authorizationPolicy(
					'audit-all',
					{ action: 'AUDIT', rules: [{}] },
					{ namespace: 'istio-system' }
				)
			],
			from: 'curl' as const,
			enforced: [],
			verdict: 'allowed',
			statuses: { 'istio-system/audit-all': `False UnsupportedValue: ${AUDIT_MESSAGE}` }
		},
		{
			name: 'CUSTOM is refused the same way',
			policies: [
				authorizationPolicy('ext-authz', {
					...selectProductpage,
					action: 'CUSTOM',
					provider: { name: 'ext' },
					rules: [{}]
				})
			],
			from: 'curl' as const,
			enforced: [],
			verdict: 'allowed',
			statuses: {
				'default/ext-authz': 'False UnsupportedValue: ztunnel does not support the CUSTOM action'
			}
		}
	])('$name', ({ policies, from, enforced, verdict, statuses }) => {
		expect(decide(policies, from)).toEqual({ enforced, verdict, statuses });
	});

	it('an AUDIT policy targeting a waypoint is not ztunnel business: no condition', () => {
		const ap = authorizationPolicy('audit-wp', {
			targetRefs: [{ kind: 'Service', group: '', name: 'productpage' }],
			action: 'AUDIT',
			rules: [{}]
		});
		expect(decide([ap], 'curl').statuses).toEqual({});
	});
});
