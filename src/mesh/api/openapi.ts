/**
 * The API server's OpenAPI v3 documents (`GET /openapi/v3/apis/<group>/<version>`), which
 * `kubectl explain` reads. Built-in group-versions are Kubernetes v1.34's published documents,
 * trimmed to what explain prints (`scripts/import-openapi.ts`) and loaded on first use; a CRD's
 * group-version is built from the CRDs in the store, as apiextensions-apiserver's OpenAPI builder
 * does: the version's `openAPIV3Schema` with `apiVersion`, `kind` and `metadata` filled in (and,
 * for the CRDs the playground installs, the descriptions their stored copies were stripped of).
 */
import type { ApiServer } from './api-server.ts';
import { CRDS } from './builtin-resources.ts';
import { describedCrdSchema } from './crd-descriptions.ts';
import { isPlainObject } from './deep.ts';

/** One schema node of an OpenAPI v3 document (the keywords explain reads). */
export type OpenApiSchema = Readonly<Record<string, unknown>>;

export interface OpenApiDocument {
	readonly components: { readonly schemas: Readonly<Record<string, OpenApiSchema>> };
}

/** Built-in group-versions: `''`/`v1` is `/api/v1`, the rest `/apis/<group>/<version>`. */
const BUILTIN: Readonly<Record<string, () => Promise<{ default: unknown }>>> = {
	v1: () => import('./schemas/openapi/v1.json'),
	'apps/v1': () => import('./schemas/openapi/apps_v1.json'),
	'batch/v1': () => import('./schemas/openapi/batch_v1.json'),
	'discovery.k8s.io/v1': () => import('./schemas/openapi/discovery.k8s.io_v1.json'),
	'networking.k8s.io/v1': () => import('./schemas/openapi/networking.k8s.io_v1.json'),
	'rbac.authorization.k8s.io/v1': () =>
		import('./schemas/openapi/rbac.authorization.k8s.io_v1.json'),
	'apiextensions.k8s.io/v1': () => import('./schemas/openapi/apiextensions.k8s.io_v1.json')
};

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const cache = new Map<string, OpenApiDocument>();

async function builtin(gv: string): Promise<OpenApiDocument | undefined> {
	const load = BUILTIN[gv];
	if (!load) return undefined;
	let doc = cache.get(gv);
	if (!doc) {
		doc = (await load()).default as OpenApiDocument;
		cache.set(gv, doc);
	}
	return doc;
}

/** The schema name the server gives a CRD kind: reversed group, version, kind. */
function crdSchemaName(group: string, version: string, kind: string): string {
	return [...group.split('.').reverse(), version, kind].join('.');
}

/** The OpenAPI v3 document of `group/version`, or undefined when the server serves no such one. */
export async function openApiDocument(
	api: ApiServer,
	group: string,
	version: string
): Promise<OpenApiDocument | undefined> {
	const gv = group === '' ? version : `${group}/${version}`;
	const found = await builtin(gv);
	if (found) return found;
	const crds = api.list(CRDS);
	if (!Array.isArray(crds)) return undefined;
	const core = (await builtin('v1')) as OpenApiDocument;
	const coreSchemas = core.components.schemas;
	const objectMeta = coreSchemas[`${META}ObjectMeta`] as OpenApiSchema;
	const schemas: Record<string, OpenApiSchema> = {};
	for (const crd of crds) {
		const name = (crd.metadata as { name?: string } | undefined)?.name ?? '';
		const spec = crd.spec as {
			group?: string;
			names?: { kind?: string };
			versions?: { name?: string; served?: boolean; schema?: { openAPIV3Schema?: unknown } }[];
		};
		if (spec.group !== group || !spec.names?.kind) continue;
		const v = spec.versions?.find((x) => x.name === version && x.served !== false);
		if (!v) continue;
		const root = isPlainObject(v.schema?.openAPIV3Schema)
			? await describedCrdSchema(
					name,
					group,
					version,
					v.schema.openAPIV3Schema as Record<string, unknown>
				)
			: { type: 'object' };
		const pod = coreSchemas['io.k8s.api.core.v1.Pod'] as { properties: Record<string, unknown> };
		schemas[crdSchemaName(group, version, spec.names.kind)] = {
			...root,
			properties: {
				...(isPlainObject(root['properties']) ? root['properties'] : {}),
				apiVersion: pod.properties['apiVersion'],
				kind: pod.properties['kind'],
				metadata: pod.properties['metadata']
			},
			'x-kubernetes-group-version-kind': [{ group, kind: spec.names.kind, version }]
		};
	}
	if (Object.keys(schemas).length === 0) return undefined;
	// ObjectMeta and what it references, so `explain <crd>.metadata` works as on a server.
	for (const [name, schema] of Object.entries(coreSchemas))
		if (name.startsWith(META)) schemas[name] = schema;
	schemas[`${META}ObjectMeta`] = objectMeta;
	return { components: { schemas } };
}
