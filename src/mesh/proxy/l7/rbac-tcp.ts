/**
 * The AuthorizationPolicies an Envoy enforces on a TCP filter chain (a waypoint's TCP service
 * port): istio pilot/pkg/security/authz/builder/builder.go builds them `forTCP`, where an
 * HTTP-only key (methods, paths, hosts, requestPrincipals, `request.*` conditions) fails to
 * generate, and model.go `checkError` decides: an ALLOW rule with one is skipped ("a smaller allow
 * policy"), a DENY or AUDIT rule keeps its other keys ("a wider deny"); CUSTOM policies with an
 * HTTP provider are ignored on TCP ("ignored CUSTOM action … on TCP filter chain").
 */
import type { L7Authorization, L7Condition, L7Rule } from '../../xds/waypoint-config.ts';

/** `when` keys a TCP filter chain can evaluate (the rest are request attributes). */
const TCP_CONDITION_KEYS = new Set([
	'source.ip',
	'remote.ip',
	'source.namespace',
	'source.principal',
	'destination.ip',
	'destination.port',
	'connection.sni'
]);

const tcpCondition = (c: L7Condition): boolean => TCP_CONDITION_KEYS.has(c.key);

function hasHttpKeys(rule: L7Rule): boolean {
	return (
		rule.to.some(
			(o) =>
				o.methods !== undefined ||
				o.notMethods !== undefined ||
				o.paths !== undefined ||
				o.notPaths !== undefined ||
				o.hosts !== undefined ||
				o.notHosts !== undefined
		) ||
		rule.from.some(
			(s) => s.requestPrincipals !== undefined || s.notRequestPrincipals !== undefined
		) ||
		rule.when.some((c) => !tcpCondition(c))
	);
}

/** The rule without its HTTP-only keys: what a DENY or AUDIT keeps on TCP. */
function withoutHttpKeys(rule: L7Rule): L7Rule {
	return {
		to: rule.to.map((o) => ({
			...(o.ports !== undefined ? { ports: o.ports } : {}),
			...(o.notPorts !== undefined ? { notPorts: o.notPorts } : {})
		})),
		from: rule.from.map((s) => {
			const { requestPrincipals: _r, notRequestPrincipals: _n, ...l4 } = s;
			return l4;
		}),
		when: rule.when.filter(tcpCondition)
	};
}

export function tcpPolicies(policies: readonly L7Authorization[]): L7Authorization[] {
	const out: L7Authorization[] = [];
	for (const p of policies) {
		if (p.action === 'CUSTOM') continue;
		const rules =
			p.action === 'ALLOW'
				? p.rules.filter((r) => !hasHttpKeys(r))
				: p.rules.map((r) => (hasHttpKeys(r) ? withoutHttpKeys(r) : r));
		// An ALLOW left with no rules matches nothing, as one written without rules does.
		out.push({ ...p, rules });
	}
	return out;
}
