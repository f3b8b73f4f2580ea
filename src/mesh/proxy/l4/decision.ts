/**
 * L4 authorization with its explanation: the verdict comes from rbac.ts (assertRbac, the one
 * source of truth); this adds which policy and which rule decided, in words a learner reads.
 * Istio's `rules` become the policy's groups in order, so group i is `rules[i]`.
 */
import type { PolicyDecision } from '../../telemetry/traffic.ts';
import {
	type AuthorizationRejection,
	type RbacConnection,
	assertRbac,
	policyMatches
} from './rbac.ts';
import type { Authorization } from '../../xds/workload-api.ts';

export interface Verdict {
	/** Undefined when allowed. */
	readonly rejection: AuthorizationRejection | undefined;
	readonly decision: PolicyDecision;
}

/** The index of the first rule of `p` that matches `conn`, or undefined. */
export function matchingRule(p: Authorization, conn: RbacConnection): number | undefined {
	const i = p.groups.findIndex((g) => policyMatches({ ...p, groups: [g] }, conn));
	return i < 0 ? undefined : i;
}

const ruleText = (rule: number | undefined) => (rule === undefined ? '' : ` rule ${rule}`);

export function decide(policies: readonly Authorization[], conn: RbacConnection): Verdict {
	const rejection = assertRbac(policies, conn);
	if (rejection?.reason === 'ExplicitlyDenied') {
		const name = `${rejection.namespace}/${rejection.name}`;
		const p = policies.find((x) => `${x.namespace}/${x.name}` === name);
		const rule = p ? matchingRule(p, conn) : undefined;
		return {
			rejection,
			decision: {
				result: 'deny',
				policy: name,
				...(rule === undefined ? {} : { rule }),
				reason: `denied by DENY policy ${name}${ruleText(rule)}`
			}
		};
	}
	if (rejection) {
		const unmatched = policies
			.filter((p) => p.action === 'Allow')
			.map((p) => `${p.namespace}/${p.name}`);
		return {
			rejection,
			decision: { result: 'deny', unmatched, reason: 'denied: no ALLOW policy matched' }
		};
	}
	const allow = policies.filter((p) => p.action === 'Allow');
	for (const p of allow) {
		const rule = matchingRule(p, conn);
		if (rule === undefined) continue;
		const name = `${p.namespace}/${p.name}`;
		return {
			rejection,
			decision: {
				result: 'allow',
				policy: name,
				rule,
				reason: `allowed by ALLOW policy ${name}${ruleText(rule)}`
			}
		};
	}
	return { rejection, decision: { result: 'allow', reason: 'allowed: no ALLOW policies' } };
}
