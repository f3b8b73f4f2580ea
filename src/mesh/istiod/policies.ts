/**
 * Every L4 policy istiod sends to ztunnels, and which ones a workload references. Mirrors istio
 * pilot/pkg/serviceregistry/ambient/policies.go (`PolicyCollections`: AuthzDerivedPolicies,
 * PeerAuthDerivedPolicies, DefaultPolicy) and workloads.go (`buildWorkloadPolicies`).
 */
import type { KubeObject } from '../api/objects.ts';
import type { Authorization } from '../xds/workload-api.ts';
import {
	type ZtunnelAcceptedCondition,
	convertAuthorizationPolicy,
	selectorLabels,
	specOf
} from './authorization.ts';
import {
	convertPeerAuthentication,
	convertedSelectorPeerAuthentications,
	oldestNamespacePolicy,
	peerAuthenticationsFor,
	staticStrictPolicy
} from './peer-authentication.ts';

/** model.WorkloadAuthorization: a policy with the labels it selects (undefined: no selector). */
export interface WorkloadAuthorization {
	readonly authorization: Authorization;
	readonly selector: Readonly<Record<string, string>> | undefined;
	/** AuthorizationPolicy-derived (selected by labels) vs. derived from PeerAuthentication. */
	readonly source: 'AuthorizationPolicy' | 'PeerAuthentication' | 'Static';
}

export interface PolicyIndex {
	readonly rootNamespace: string;
	/** Sorted by namespace/name. */
	readonly policies: readonly WorkloadAuthorization[];
	/** `namespace/name` of an AuthorizationPolicy → its ZtunnelAccepted condition. */
	readonly statuses: ReadonlyMap<string, ZtunnelAcceptedCondition>;
	readonly peerAuthentications: readonly KubeObject[];
}

export const policyKey = (a: Pick<Authorization, 'namespace' | 'name'>): string =>
	`${a.namespace}/${a.name}`;

/** Sorted by namespace then name, so pushes and outputs are stable. */
const byKey = (a: KubeObject, b: KubeObject): number => {
	const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
	const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
	return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/**
 * The labels a selector policy selects by. `selector: {}` has no matchLabels: like istiod (a nil
 * label selector is filtered out of buildWorkloadPolicies) it then selects no workload at all.
 */
function matchLabelsOf(spec: Record<string, unknown>): Record<string, string> | undefined {
	const selector = spec['selector'];
	if (typeof selector !== 'object' || selector === null) return undefined;
	const ml = (selector as Record<string, unknown>)['matchLabels'];
	return typeof ml === 'object' && ml !== null ? selectorLabels(spec) : undefined;
}

export function buildPolicyIndex(
	authorizationPolicies: readonly KubeObject[],
	peerAuthentications: readonly KubeObject[],
	rootNamespace: string
): PolicyIndex {
	const policies: WorkloadAuthorization[] = [];
	const statuses = new Map<string, ZtunnelAcceptedCondition>();
	for (const ap of [...authorizationPolicies].sort(byKey)) {
		const converted = convertAuthorizationPolicy(ap, rootNamespace);
		const key = `${ap.metadata.namespace ?? 'default'}/${ap.metadata.name}`;
		if (converted.status) statuses.set(key, converted.status);
		if (converted.authorization) {
			policies.push({
				authorization: converted.authorization,
				selector: matchLabelsOf(specOf(ap)),
				source: 'AuthorizationPolicy'
			});
		}
	}
	const pas = [...peerAuthentications].sort(byKey);
	const rootCfg = oldestNamespacePolicy(pas, rootNamespace);
	for (const pa of pas) {
		const nsCfg = oldestNamespacePolicy(pas, pa.metadata.namespace ?? 'default');
		const converted = convertPeerAuthentication(rootNamespace, pa, nsCfg, rootCfg);
		if (converted) {
			policies.push({
				authorization: converted,
				selector: selectorLabels(specOf(pa)),
				source: 'PeerAuthentication'
			});
		}
	}
	// Sent whenever any PeerAuthentication exists, so a workload can reference it.
	if (pas.length > 0) {
		policies.push({
			authorization: staticStrictPolicy(rootNamespace),
			selector: undefined,
			source: 'Static'
		});
	}
	policies.sort((a, b) => {
		const ka = policyKey(a.authorization);
		const kb = policyKey(b.authorization);
		return ka < kb ? -1 : ka > kb ? 1 : 0;
	});
	return { rootNamespace, policies, statuses, peerAuthentications: pas };
}

/**
 * buildWorkloadPolicies: selector AuthorizationPolicies in the root or the workload's namespace
 * that select its labels (sorted), then the PeerAuthentication-derived keys.
 */
export function workloadPolicies(
	index: PolicyIndex,
	namespace: string,
	labels: Readonly<Record<string, string>>
): string[] {
	const selected = index.policies
		.filter((p) => {
			if (p.source !== 'AuthorizationPolicy' || p.selector === undefined) return false;
			const ns = p.authorization.namespace;
			if (ns !== index.rootNamespace && ns !== namespace) return false;
			return Object.entries(p.selector).every(([k, v]) => labels[k] === v);
		})
		.map((p) => policyKey(p.authorization))
		.sort();
	const auths = peerAuthenticationsFor(
		index.peerAuthentications,
		index.rootNamespace,
		namespace,
		labels
	);
	return [...selected, ...convertedSelectorPeerAuthentications(index.rootNamespace, auths)];
}
