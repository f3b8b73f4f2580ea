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
	const names = spec.names ?? {};
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
	const versions = Array.isArray(spec.versions) ? spec.versions : [];
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
