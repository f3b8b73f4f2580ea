/**
 * Re-creates `src/mesh/api/schemas/openapi/*.json`: the API server's OpenAPI v3 documents
 * (`/openapi/v3/api/v1`, `/openapi/v3/apis/apps/v1` …) for the built-in kinds the playground
 * serves, which `kubectl explain` reads. Source: Kubernetes v1.34's published documents as
 * kubernetes-sigs/kubectl-validate vendors them (pkg/openapiclient/builtins/1.34, generated from
 * kubernetes/kubernetes api/openapi-spec/v3), read with `git show`:
 *
 *   npx tsx scripts/import-openapi.ts [kubectl-validate-git-dir]
 *
 * Only the schemas reachable from the served kinds are kept, and of each schema only what explain
 * prints: description, type, properties, required, items, additionalProperties, allOf/$ref, enum.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const SOURCE = process.argv[2] ?? '/work/.mirror/kubernetes-sigs+kubectl-validate/repo';
const BASE = 'pkg/openapiclient/builtins/1.34';
const OUT = new URL('../src/mesh/api/schemas/openapi/', import.meta.url);

/** group/version → the kinds served from it (src/mesh/api/builtin-resources.ts). */
const SERVED: Record<string, string[]> = {
	'api/v1': [
		'ConfigMap',
		'Endpoints',
		'Event',
		'Namespace',
		'Node',
		'Pod',
		'Secret',
		'ServiceAccount',
		'Service'
	],
	'apis/apps/v1': ['DaemonSet', 'Deployment', 'ReplicaSet'],
	'apis/batch/v1': ['CronJob', 'Job'],
	'apis/discovery.k8s.io/v1': ['EndpointSlice'],
	'apis/networking.k8s.io/v1': ['NetworkPolicy'],
	'apis/rbac.authorization.k8s.io/v1': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
	'apis/apiextensions.k8s.io/v1': ['CustomResourceDefinition']
};

type Json = Record<string, unknown>;
const KEEP = new Set([
	'description',
	'type',
	'properties',
	'required',
	'items',
	'additionalProperties',
	'allOf',
	'$ref',
	'enum',
	'x-kubernetes-group-version-kind'
]);

function trim(node: unknown, refs: Set<string>): unknown {
	if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
	const out: Json = {};
	for (const [k, v] of Object.entries(node as Json)) {
		if (!KEEP.has(k)) continue;
		if (k === '$ref') refs.add((v as string).split('/').pop() as string);
		if (k === 'properties')
			out[k] = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, trim(s, refs)]));
		else if (k === 'items' || k === 'additionalProperties') out[k] = trim(v, refs);
		else if (k === 'allOf') out[k] = (v as unknown[]).map((s) => trim(s, refs));
		else out[k] = v;
	}
	return out;
}

mkdirSync(OUT, { recursive: true });
for (const [gv, kinds] of Object.entries(SERVED)) {
	const text = execFileSync('git', ['-C', SOURCE, 'show', `HEAD:${BASE}/${gv}.json`], {
		encoding: 'utf8',
		maxBuffer: 1 << 28
	});
	const all = (JSON.parse(text) as { components: { schemas: Record<string, Json> } }).components
		.schemas;
	const kept: Record<string, unknown> = {};
	const queue = Object.entries(all)
		.filter(([, s]) =>
			((s['x-kubernetes-group-version-kind'] as Json[] | undefined) ?? []).some((g) =>
				kinds.includes(g['kind'] as string)
			)
		)
		.map(([name]) => name);
	while (queue.length > 0) {
		const name = queue.shift() as string;
		if (name in kept) continue;
		const refs = new Set<string>();
		kept[name] = trim(all[name], refs);
		for (const r of refs) if (!(r in kept)) queue.push(r);
	}
	const sorted = Object.fromEntries(Object.entries(kept).sort(([a], [b]) => a.localeCompare(b)));
	const file = gv.replace(/^apis?\//, '').replace(/\//g, '_') + '.json';
	const body = JSON.stringify({ components: { schemas: sorted } });
	writeFileSync(new URL(file, OUT), body + '\n');
	console.log(`${file}: ${Object.keys(sorted).length} schemas, ${body.length} bytes`);
}
