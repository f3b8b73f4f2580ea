/**
 * AuthorizationPolicy → what ztunnel enforces, with the `ZtunnelAccepted` status condition.
 * Mirrors istio pilot/pkg/serviceregistry/ambient/authorization.go (`convertAuthorizationPolicy`,
 * `handleRule`, `httpOperations`, `httpSources`, `l4WhenAttributes`) at 1.30.3, and
 * pilot/pkg/model/service.go (`WorkloadAuthorization.GetConditions`).
 */
import type { KubeObject } from '../api/objects.ts';
import type { Authorization, Group, Match, Rules } from '../xds/workload-api.ts';
import { parseBool } from './parse-bool.ts';
import {
	compactMatch,
	serviceAccountsToPrincipals,
	stringToIp,
	stringToMatch,
	stringToPort
} from './match-values.ts';
import { arr, obj } from '../json.ts';

/** The condition istiod writes on an AuthorizationPolicy's status for ztunnel. */
export interface ZtunnelAcceptedCondition {
	readonly type: 'ZtunnelAccepted';
	readonly status: 'True' | 'False';
	readonly reason: string;
	readonly message: string;
	readonly observedGeneration?: number;
}

export interface ConvertedPolicy {
	/** Absent when ztunnel gets nothing (targetRefs, unsupported action, dry-run). */
	readonly authorization?: Authorization;
	/** Absent for targetRefs policies: they are a waypoint's business, not ztunnel's. */
	readonly status?: ZtunnelAcceptedCondition;
}

const HTTP_RULE = (found: string, boilerplate: string): string =>
	`ztunnel does not support HTTP attributes (found: ${found}). ` +
	`In ambient mode you must use a waypoint proxy to enforce HTTP rules. ${boilerplate}`;
/**
 * 1.30.3 says this of every DENY policy with HTTP attributes, even one left with only empty
 * matches, which ztunnel skips (rbac.rs `mg.is_empty()`): the "no effect" wording came after
 * 1.30.3 (istio#61166, on master only).
 */
const HTTP_DENY_RULE =
	'DENY policy with HTTP attributes is enforced without the HTTP rules. ' +
	'This will be more restrictive than requested.';
const HTTP_ALLOW_RULE =
	'Within an ALLOW policy, rules matching HTTP attributes are omitted. ' +
	'This will be more restrictive than requested.';

/** `when` keys ztunnel can evaluate; any other key is an HTTP attribute. */
const L4_WHEN_ATTRIBUTES = new Set([
	'source.ip',
	'source.namespace',
	'source.principal',
	'destination.ip',
	'destination.port'
]);

type Obj = Record<string, unknown>;
const strs = (o: Obj, key: string): string[] =>
	arr(o[key]).filter((v): v is string => typeof v === 'string');

export function specOf(o: KubeObject): Obj {
	return obj(o['spec']);
}

/** model.GetTargetRefs: `targetRefs`, or the deprecated singular `targetRef`. */
export function hasTargetRefs(spec: Obj): boolean {
	return arr(spec['targetRefs']).length > 0 || spec['targetRef'] !== undefined;
}

/** The selector's matchLabels, or undefined when the policy has no selector. */
export function selectorLabels(spec: Obj): Record<string, string> | undefined {
	if (spec['selector'] === undefined || spec['selector'] === null) return undefined;
	const labels = obj(obj(spec['selector'])['matchLabels']);
	return Object.fromEntries(
		Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string')
	);
}

function httpOperations(op: Obj): string[] {
	return ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'].filter(
		(k) => strs(op, k).length > 0
	);
}

function httpSources(src: Obj): string[] {
	return [
		'remoteIpBlocks',
		'notRemoteIpBlocks',
		'requestPrincipals',
		'notRequestPrincipals'
	].filter((k) => strs(src, k).length > 0);
}

function whenMatch(when: Obj): Match {
	const key = when['key'];
	const values = strs(when, 'values');
	const notValues = strs(when, 'notValues');
	const pick = <T>(k: string, f: (v: string[]) => T[], v: string[]): T[] => (key === k ? f(v) : []);
	return compactMatch({
		namespaces: pick('source.namespace', stringToMatch, values),
		principals: pick('source.principal', stringToMatch, values),
		sourceIps: pick('source.ip', stringToIp, values),
		destinationPorts: pick('destination.port', stringToPort, values),
		destinationIps: pick('destination.ip', stringToIp, values),
		notNamespaces: pick('source.namespace', stringToMatch, notValues),
		notPrincipals: pick('source.principal', stringToMatch, notValues),
		notSourceIps: pick('source.ip', stringToIp, notValues),
		notDestinationPorts: pick('destination.port', stringToPort, notValues),
		notDestinationIps: pick('destination.ip', stringToIp, notValues)
	});
}

/** One policy rule → its clauses (AND), or undefined when an ALLOW rule has L7 parts. */
function handleRule(
	action: 'Allow' | 'Deny',
	rule: Obj,
	ruleNamespace: string
): { rules: Rules[] | undefined; l7: string[] } {
	const l7 = new Set<string>();
	const toMatches: Match[] = arr(rule['to']).map((to) => {
		const op = obj(obj(to)['operation']);
		for (const f of httpOperations(op)) l7.add(f);
		return compactMatch({
			destinationPorts: stringToPort(strs(op, 'ports')),
			notDestinationPorts: stringToPort(strs(op, 'notPorts'))
		});
	});
	const fromMatches: Match[] = arr(rule['from']).map((from) => {
		const src = obj(obj(from)['source']);
		for (const f of httpSources(src)) l7.add(f);
		return compactMatch({
			sourceIps: stringToIp(strs(src, 'ipBlocks')),
			notSourceIps: stringToIp(strs(src, 'notIpBlocks')),
			namespaces: stringToMatch(strs(src, 'namespaces')),
			notNamespaces: stringToMatch(strs(src, 'notNamespaces')),
			principals: [
				...stringToMatch(strs(src, 'principals')),
				...serviceAccountsToPrincipals(strs(src, 'serviceAccounts'), ruleNamespace)
			],
			notPrincipals: [
				...stringToMatch(strs(src, 'notPrincipals')),
				...serviceAccountsToPrincipals(strs(src, 'notServiceAccounts'), ruleNamespace)
			]
		});
	});
	const rules: Rules[] = [];
	if (toMatches.length > 0) rules.push({ matches: toMatches });
	if (fromMatches.length > 0) rules.push({ matches: fromMatches });
	for (const w of arr(rule['when'])) {
		const when = obj(w);
		const key = typeof when['key'] === 'string' ? when['key'] : '';
		if (!L4_WHEN_ATTRIBUTES.has(key)) l7.add(key);
		rules.push({ matches: [whenMatch(when)] });
	}
	// "L7 policies never match for ALLOW"; a DENY keeps its (possibly empty) L4 remains.
	if (action === 'Allow' && l7.size > 0) return { rules: undefined, l7: [...l7] };
	return { rules, l7: [...l7] };
}

/**
 * What ztunnel gets for one AuthorizationPolicy, and the status istiod reports for it.
 * `targetRefs` policies are for waypoints: nothing for ztunnel and no ZtunnelAccepted condition.
 */
export function convertAuthorizationPolicy(
	ap: KubeObject,
	rootNamespace = 'istio-system'
): ConvertedPolicy {
	const spec = specOf(ap);
	const namespace = ap.metadata.namespace ?? 'default';
	const name = ap.metadata.name;
	const generation = ap.metadata.generation;
	const condition = (
		status: 'True' | 'False',
		reason: string,
		message: string
	): ZtunnelAcceptedCondition => ({
		type: 'ZtunnelAccepted',
		status,
		reason,
		message,
		...(generation !== undefined ? { observedGeneration: generation } : {})
	});
	const dryRun = ap.metadata.annotations?.['istio.io/dry-run'];
	// AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY is off by default.
	if (dryRun !== undefined && parseBool(dryRun) === true) {
		return {
			status: condition(
				'False',
				'UnsupportedValue',
				`found policy "${namespace}/${name}" using dry-run annotation, but support for ambient dry-run authorizationPolicies isn't enabled`
			)
		};
	}
	if (hasTargetRefs(spec)) return {};

	const scope =
		spec['selector'] !== undefined && spec['selector'] !== null
			? 'WorkloadSelector'
			: namespace === rootNamespace
				? 'Global'
				: 'Namespace';
	const written = spec['action'] === undefined ? 'ALLOW' : String(spec['action']);
	if (written !== 'ALLOW' && written !== 'DENY') {
		return {
			status: condition(
				'False',
				'UnsupportedValue',
				`ztunnel does not support the ${written} action`
			)
		};
	}
	const action = written === 'ALLOW' ? 'Allow' : 'Deny';
	const groups: Group[] = [];
	const l7 = new Set<string>();
	for (const rule of arr(spec['rules'])) {
		const handled = handleRule(action, obj(rule), namespace);
		if (handled.rules) groups.push({ rules: handled.rules });
		for (const f of handled.l7) l7.add(f);
	}
	const authorization: Authorization = { name, namespace, scope, action, groups };
	if (l7.size === 0) {
		return { authorization, status: condition('True', 'Accepted', 'attached to ztunnel') };
	}
	const boilerplate = action === 'Deny' ? HTTP_DENY_RULE : HTTP_ALLOW_RULE;
	const found = [...l7].sort().join(', ');
	return {
		authorization,
		status: condition('True', 'UnsupportedValue', HTTP_RULE(found, boilerplate))
	};
}
