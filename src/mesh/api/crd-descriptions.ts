/**
 * Puts back the descriptions of the CRDs the playground installs, for `kubectl explain`. The
 * stored CRDs carry their schemas without descriptions (src/mesh/api/schemas: they are most of the
 * bytes and nothing validates against them); upstream's CRDs have them, so explain prints them.
 * Only a version whose stored schema is exactly the bundled one gets them back: a CRD a learner
 * applied under the same name keeps what it says itself.
 */
import { deepEqual, isPlainObject } from './deep.ts';
import {
	loadCrdDescriptions,
	loadCrdSchemas,
	type CrdSchemaBundle,
	type DescriptionTree
} from './schemas/index.ts';

/** The bundles that may hold a CRD of this group. */
function bundlesFor(group: string): CrdSchemaBundle[] {
	if (group === 'istio.io' || group.endsWith('.istio.io')) return ['istio-1.30.3'];
	if (group === 'gateway.networking.k8s.io' || group === 'gateway.networking.x-k8s.io')
		return ['gateway-api-v1.4.0-standard', 'gateway-api-v1.5.0-experimental'];
	return [];
}

/** A copy of `schema` with each node's description from `tree` where the node has none. */
function overlay(schema: unknown, tree: DescriptionTree | undefined): unknown {
	if (!tree || !isPlainObject(schema)) return schema;
	const out: Record<string, unknown> = { ...schema };
	if (tree.d !== undefined && typeof out['description'] !== 'string') out['description'] = tree.d;
	const props = out['properties'];
	if (tree.p && isPlainObject(props))
		out['properties'] = Object.fromEntries(
			Object.entries(props).map(([name, sub]) => [name, overlay(sub, tree.p?.[name])])
		);
	if (tree.i) out['items'] = overlay(out['items'], tree.i);
	if (tree.a) out['additionalProperties'] = overlay(out['additionalProperties'], tree.a);
	return out;
}

/**
 * The schema of CRD `name`'s `version` as upstream publishes it, descriptions included, when the
 * stored `schema` is one the playground installed; otherwise `schema` itself.
 */
export async function describedCrdSchema(
	name: string,
	group: string,
	version: string,
	schema: Record<string, unknown>
): Promise<Record<string, unknown>> {
	for (const bundle of bundlesFor(group)) {
		const bundled = (await loadCrdSchemas(bundle))[name]?.[version];
		if (!bundled || !deepEqual(bundled, schema)) continue;
		const entry = (await loadCrdDescriptions(bundle))[name];
		const index = entry?.versions[version];
		const tree = index === undefined ? undefined : entry?.trees[index];
		return overlay(schema, tree) as Record<string, unknown>;
	}
	return schema;
}
