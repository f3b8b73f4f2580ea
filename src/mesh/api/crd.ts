/**
 * CustomResourceDefinitions: what a CRD object must hold, and the kind it makes the server serve.
 * Mirrors `apiextensions-apiserver/pkg/apis/apiextensions/validation` for the common mistakes.
 */
import type { ResourceType } from './api-server.ts';
import { isPlainObject } from './deep.ts';
import { invalid, notSupported, required, type FieldError } from './field-errors.ts';
import type { KubeObject } from './objects.ts';
import { compareVersions } from './registry.ts';

interface CrdVersion {
	name: string;
	served?: boolean;
	storage?: boolean;
}

interface CrdSpec {
	group?: string;
	scope?: string;
	names?: { plural?: string; singular?: string; kind?: string; shortNames?: string[] };
	versions?: CrdVersion[];
}

const specOf = (crd: KubeObject): CrdSpec => (isPlainObject(crd.spec) ? (crd.spec as CrdSpec) : {});

export function validateCrd(crd: KubeObject): FieldError[] {
	const errs: FieldError[] = [];
	const spec = specOf(crd);
	const names = isPlainObject(spec.names) ? spec.names : {};
	for (const field of ['plural', 'singular', 'kind'] as const)
		if (names[field] !== undefined && typeof names[field] !== 'string')
			errs.push(invalid(`spec.names.${field}`, names[field], 'must be a string'));
	if (
		names.shortNames !== undefined &&
		!(Array.isArray(names.shortNames) && names.shortNames.every((n) => typeof n === 'string'))
	)
		errs.push(invalid('spec.names.shortNames', names.shortNames, 'must be a list of strings'));
	if (spec.group !== undefined && typeof spec.group !== 'string')
		errs.push(invalid('spec.group', spec.group, 'must be a string'));
	if (errs.length > 0) return errs;
	if (!spec.group) errs.push(required('spec.group'));
	if (!names.plural) errs.push(required('spec.names.plural'));
	if (!names.kind) errs.push(required('spec.names.kind'));
	if (spec.group && names.plural && crd.metadata.name !== `${names.plural}.${spec.group}`)
		errs.push(
			invalid('metadata.name', crd.metadata.name, 'must be spec.names.plural+"."+spec.group')
		);
	if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster')
		errs.push(
			spec.scope === undefined
				? required('spec.scope')
				: notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced'])
		);
	const rawVersions: unknown[] = Array.isArray(spec.versions) ? spec.versions : [];
	rawVersions.forEach((v, i) => {
		if (!isPlainObject(v) || typeof v['name'] !== 'string' || v['name'] === '')
			errs.push(required(`spec.versions[${i}].name`));
	});
	if (errs.length > 0) return errs;
	const versions = rawVersions as CrdVersion[];
	if (versions.length === 0)
		errs.push(required('spec.versions', 'must have exactly one version marked as storage version'));
	else if (versions.filter((v) => v.storage === true).length !== 1)
		errs.push(
			invalid(
				'spec.versions',
				versions.map((v) => v.name),
				'must have exactly one version marked as storage version'
			)
		);
	return errs;
}

/** The resource a (valid) CRD defines and the versions it serves, best first. */
export function crdResource(crd: KubeObject): { type: ResourceType; versions: string[] } {
	const spec = specOf(crd);
	const names = spec.names ?? {};
	const kind = names.kind ?? '';
	const versions = (spec.versions ?? [])
		.filter((v) => v.served !== false)
		.map((v) => v.name)
		.sort(compareVersions);
	return {
		type: {
			plural: names.plural ?? '',
			singular: names.singular ?? kind.toLowerCase(),
			kind,
			group: spec.group ?? '',
			version: versions[0] ?? '',
			shortNames: names.shortNames ?? [],
			namespaced: spec.scope !== 'Cluster'
		},
		versions
	};
}

/** The status a CRD gets once its names are accepted (what `kubectl wait --for condition=Established` reads). */
export function crdStatus(crd: KubeObject, at: string): Record<string, unknown> {
	const spec = specOf(crd);
	const accepted = { ...(spec.names ?? {}) } as Record<string, unknown>;
	if (accepted.singular === undefined) accepted.singular = (spec.names?.kind ?? '').toLowerCase();
	return {
		acceptedNames: accepted,
		conditions: [
			{
				type: 'NamesAccepted',
				status: 'True',
				reason: 'NoConflicts',
				message: 'no conflicts found',
				lastTransitionTime: at
			},
			{
				type: 'Established',
				status: 'True',
				reason: 'InitialNamesAccepted',
				message: 'the initial names have been accepted',
				lastTransitionTime: at
			}
		],
		storedVersions: (spec.versions ?? []).filter((v) => v.storage).map((v) => v.name)
	};
}
