/**
 * RequestAuthentication → the jwt_authn providers of a proxy, as istiod builds them
 * (pilot/pkg/model/authentication.go, pilot/pkg/security/authn/policy_applier.go): for a
 * sidecar, the policies without targetRefs in the root namespace or the pod's whose selector
 * matches it (no selector: all pods of that namespace; mesh wide from the root namespace); for a
 * waypoint or gateway, those whose targetRefs name its Gateway or a Service it serves. istiod
 * fetches each `jwksUri` (PILOT_JWT_ENABLE_REMOTE_JWKS is off by default, so the proxy gets the
 * keys inline); here the fetch reads the simulated internet's documents. A JWKS it cannot fetch
 * becomes one no token verifies against, as istiod's fake JWKS does.
 */
import type { KubeObject, Pod } from '../api/objects.ts';
import { publicDocument } from '../net/public-documents.ts';
import type { JwtRuleConfig } from '../xds/waypoint-config.ts';
import type { Service } from '../xds/workload-api.ts';
import { hasTargetRefs, selectorLabels, specOf } from './authorization.ts';
import { gatewayAttachments } from './policy-attachment.ts';
import { type ClusterSnapshot, rootNamespaceOf } from './snapshot.ts';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const strings = (x: unknown): string[] =>
	Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];

/** What a proxy gets when istiod could not fetch the keys: a set no token matches. */
export const UNFETCHABLE_JWKS = '{"keys":[]}';

const byKey = (a: KubeObject, b: KubeObject): number =>
	`${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
		`${b.metadata.namespace}/${b.metadata.name}`
	);

/** One jwtRule as a provider; `service` scopes a waypoint's rule to that Service. */
function jwtRule(source: string, rule: Obj, service?: string): JwtRuleConfig {
	const inline = typeof rule['jwks'] === 'string' ? rule['jwks'] : undefined;
	const uri = typeof rule['jwksUri'] === 'string' ? rule['jwksUri'] : undefined;
	const jwks = inline ?? (uri !== undefined ? publicDocument(uri) : undefined) ?? UNFETCHABLE_JWKS;
	const fromHeaders = (Array.isArray(rule['fromHeaders']) ? rule['fromHeaders'] : [])
		.filter(isObj)
		.flatMap((h) =>
			typeof h['name'] === 'string'
				? [{ name: h['name'], ...(typeof h['prefix'] === 'string' ? { prefix: h['prefix'] } : {}) }]
				: []
		);
	const audiences = strings(rule['audiences']);
	const fromParams = strings(rule['fromParams']);
	const claimHeaders = (
		Array.isArray(rule['outputClaimToHeaders']) ? rule['outputClaimToHeaders'] : []
	)
		.map((x) => (typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : {}))
		.flatMap((c) =>
			typeof c['header'] === 'string' && typeof c['claim'] === 'string'
				? [{ header: c['header'], claim: c['claim'] }]
				: []
		);
	return {
		source,
		issuer: typeof rule['issuer'] === 'string' ? rule['issuer'] : '',
		jwks,
		...(audiences.length > 0 ? { audiences } : {}),
		...(fromHeaders.length > 0 ? { fromHeaders } : {}),
		...(fromParams.length > 0 ? { fromParams } : {}),
		...(rule['forwardOriginalToken'] === true ? { forwardOriginalToken: true } : {}),
		...(typeof rule['outputPayloadToHeader'] === 'string'
			? { outputPayloadToHeader: rule['outputPayloadToHeader'] }
			: {}),
		...(claimHeaders.length > 0 ? { outputClaimToHeaders: claimHeaders } : {}),
		...(service !== undefined ? { service } : {})
	};
}

function rulesOf(ra: KubeObject, service?: string): JwtRuleConfig[] {
	const source = `${ra.metadata.namespace ?? 'default'}/${ra.metadata.name}`;
	const rules = specOf(ra)['jwtRules'];
	return (Array.isArray(rules) ? rules : []).filter(isObj).map((r) => jwtRule(source, r, service));
}

/** The providers of a sidecar's inbound listener for `pod`. */
export function podJwtRules(snapshot: ClusterSnapshot, pod: Pod): JwtRuleConfig[] {
	const root = rootNamespaceOf(snapshot);
	const namespace = pod.metadata.namespace ?? 'default';
	const labels = pod.metadata.labels ?? {};
	const out: JwtRuleConfig[] = [];
	for (const ra of [...(snapshot.requestAuthentications ?? [])].sort(byKey)) {
		const spec = specOf(ra);
		const ns = ra.metadata.namespace ?? 'default';
		if (hasTargetRefs(spec) || (ns !== root && ns !== namespace)) continue;
		const selector = selectorLabels(spec);
		if (selector && !Object.entries(selector).every(([k, v]) => labels[k] === v)) continue;
		out.push(...rulesOf(ra));
	}
	return out;
}

/** The providers of a waypoint or gateway: RequestAuthentications targeting it or its Services. */
export function gatewayJwtRules(
	gateway: { readonly name: string; readonly namespace: string },
	served: readonly Service[],
	requestAuthentications: readonly KubeObject[]
): JwtRuleConfig[] {
	return gatewayAttachments(gateway, served, requestAuthentications).flatMap(
		({ object, service }) => rulesOf(object, service)
	);
}
