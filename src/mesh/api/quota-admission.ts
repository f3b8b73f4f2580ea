/**
 * The ResourceQuota admission plugin's place in the write path (plugin/pkg/admission/
 * resourcequota): after validation, a create in a namespace with quotas is charged against
 * them, and refused (403) when it would exceed one. Pods are charged by pods.go's rules;
 * Services, ConfigMaps and Secrets by count against unscoped quotas.
 */
import type { ResourceType } from './api-server.ts';
import { CONFIG_MAPS, PODS, RESOURCE_QUOTAS, SECRETS, SERVICES } from './builtin-resources.ts';
import { apiError, type ApiError } from './errors.ts';
import { NAMESPACE_INDEX } from './indexer.ts';
import type { KubeObject, Pod } from './objects.ts';
import {
	admitPodAgainstQuotas,
	COUNTED_KINDS,
	readQuota,
	TRACKED,
	unsupportedQuotaResources,
	type NamespaceObjects
} from './resource-quota.ts';
import { forbidden } from './status-errors.ts';
import type { Storage } from './storage.ts';
import { formatQuantity } from './quantity.ts';

const BY_KIND: Readonly<Record<string, ResourceType>> = {
	Service: SERVICES,
	ConfigMap: CONFIG_MAPS,
	Secret: SECRETS
};

/** The namespace's objects, as the quota evaluators list them. */
export function namespaceObjects(storage: Storage, namespace: string): NamespaceObjects {
	return {
		pods: storage.bucket(PODS).byIndex(NAMESPACE_INDEX, namespace) as readonly Pod[],
		count: (kind) => {
			const type = BY_KIND[kind];
			return type ? storage.bucket(type).indexCount(NAMESPACE_INDEX, namespace) : 0;
		}
	};
}

export function admitQuota(
	storage: Storage,
	type: ResourceType,
	obj: KubeObject
): ApiError | undefined {
	const namespace = obj.metadata.namespace;
	if (type.group !== '' || namespace === undefined) return undefined;
	if (type.kind === 'ResourceQuota') {
		// Tracking a resource the playground does not count would report a silent 0 as its usage.
		const untracked = unsupportedQuotaResources(obj);
		return untracked.length === 0
			? undefined
			: apiError(
					'BadRequest',
					`ResourceQuota ${untracked.join(', ')} is not simulated in Mesh Playground: quotas track ${TRACKED.join(', ')}`
				);
	}
	const isPod = type.kind === 'Pod';
	const counted = Object.entries(COUNTED_KINDS).find(([, kind]) => kind === type.kind)?.[0];
	if (!isPod && counted === undefined) return undefined;
	const quotas = storage.bucket(RESOURCE_QUOTAS).byIndex(NAMESPACE_INDEX, namespace).map(readQuota);
	if (quotas.length === 0) return undefined;
	const ns = namespaceObjects(storage, namespace);
	const name = obj.metadata.name;
	if (isPod) {
		const why = admitPodAgainstQuotas(quotas, obj as Pod, ns);
		return why === undefined ? undefined : forbidden(type, name, why);
	}
	const resource = counted as string;
	const used = BigInt(ns.count(type.kind)) * 10n ** 9n;
	for (const q of [...quotas].sort((a, b) => (a.name < b.name ? -1 : 1))) {
		const hard = q.hard[resource];
		// Scoped quotas track pods only.
		if (hard === undefined || q.scopes.length > 0 || q.scopeSelector.length > 0) continue;
		if (used + 10n ** 9n <= hard) continue;
		const f = (v: bigint): string =>
			`${resource}=${formatQuantity(v, q.formats[resource] ?? 'DecimalSI')}`;
		return forbidden(
			type,
			name,
			`exceeded quota: ${q.name}, requested: ${f(10n ** 9n)}, used: ${f(used)}, limited: ${f(hard)}`
		);
	}
	return undefined;
}
