/**
 * Re-creates `src/mesh/api/schemas/*.json` from the upstream CRD manifests: each CRD's
 * `openAPIV3Schema` per served version, with the `description` keywords stripped (they are most of
 * the bytes and nothing validates against them). Everything that validates is kept as upstream has
 * it: types, enums, patterns, formats, bounds, required, list/map types, x-kubernetes-validations.
 * The descriptions go to `descriptions/*.json`, which only `kubectl explain` loads: per CRD, the
 * distinct description trees (`d` description, `p` properties, `i` items, `a` additionalProperties)
 * and which tree each version uses.
 *
 *   npx tsx scripts/import-crd-schemas.ts [istio-git-dir] [gateway-api-git-dir]
 *
 * Sources (read with `git show`, never edited by hand):
 *   istio/istio 1.30.3            manifests/charts/base/files/crd-all.gen.yaml
 *   kubernetes-sigs/gateway-api   v1.4.0 config/crd/standard/*.yaml, v1.5.0 config/crd/experimental/*.yaml
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const ISTIO = process.argv[2] ?? '/work/.mirror/istio+istio/repo';
const GATEWAY_API = process.argv[3] ?? '/work/.mirror/kubernetes-sigs+gateway-api/repo';
const OUT = new URL('../src/mesh/api/schemas/', import.meta.url);

type Json = Record<string, unknown>;

const git = (dir: string, ...args: string[]): string =>
	execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

/** Drops `description` from every schema node (not from `properties`, where it may be a field name). */
function strip(node: unknown): unknown {
	if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
	const out: Json = {};
	for (const [k, v] of Object.entries(node as Json)) {
		if (k === 'description') continue;
		if (k === 'properties')
			out[k] = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, strip(s)]));
		else if (k === 'items' || k === 'additionalProperties' || k === 'not') out[k] = strip(v);
		else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') out[k] = (v as unknown[]).map(strip);
		else out[k] = v;
	}
	return out;
}

interface DescriptionTree {
	d?: string;
	p?: Record<string, DescriptionTree>;
	i?: DescriptionTree;
	a?: DescriptionTree;
}

/** The descriptions `strip` drops, on the paths explain walks; undefined when there are none. */
function descriptions(node: unknown): DescriptionTree | undefined {
	if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
	const n = node as Json;
	const out: DescriptionTree = {};
	if (typeof n['description'] === 'string') out.d = n['description'];
	if (typeof n['properties'] === 'object' && n['properties'] !== null) {
		const p: Record<string, DescriptionTree> = {};
		for (const [name, s] of Object.entries(n['properties'] as Json)) {
			const t = descriptions(s);
			if (t) p[name] = t;
		}
		if (Object.keys(p).length > 0) out.p = p;
	}
	const i = descriptions(n['items']);
	if (i) out.i = i;
	const a = descriptions(n['additionalProperties']);
	if (a) out.a = a;
	return Object.keys(out).length > 0 ? out : undefined;
}

interface CrdDescriptions {
	versions: Record<string, number>;
	trees: DescriptionTree[];
}
const descriptionBundle: Record<string, CrdDescriptions> = {};

/** `{ "<plural>.<group>": { "<version>": schema } }` for every CRD in the YAML texts. */
function schemasOf(texts: readonly string[]): Record<string, Record<string, unknown>> {
	const out: Record<string, Record<string, unknown>> = {};
	for (const k of Object.keys(descriptionBundle)) delete descriptionBundle[k];
	for (const text of texts)
		for (const doc of parseAllDocuments(text)) {
			const crd = doc.toJS() as Json | null;
			if (crd?.['kind'] !== 'CustomResourceDefinition') continue;
			const name = (crd['metadata'] as Json)['name'] as string;
			const versions = ((crd['spec'] as Json)['versions'] as Json[]) ?? [];
			out[name] = Object.fromEntries(
				versions.map((v) => [v['name'], strip((v['schema'] as Json)['openAPIV3Schema'])])
			);
			const entry: CrdDescriptions = { versions: {}, trees: [] };
			const seen = new Map<string, number>();
			for (const v of versions) {
				const tree = descriptions((v['schema'] as Json)['openAPIV3Schema']) ?? {};
				const key = JSON.stringify(tree);
				let index = seen.get(key);
				if (index === undefined) {
					index = entry.trees.push(tree) - 1;
					seen.set(key, index);
				}
				entry.versions[v['name'] as string] = index;
			}
			descriptionBundle[name] = entry;
		}
	return out;
}

function gatewayApi(tag: string, channel: string): string[] {
	return git(GATEWAY_API, 'ls-tree', '--name-only', tag, `config/crd/${channel}/`)
		.split('\n')
		.filter((p) => /gateway\.networking\.(x-)?k8s\.io_.*\.yaml$/.test(p))
		.map((p) => git(GATEWAY_API, 'show', `${tag}:${p}`));
}

const bundles: Record<string, string[]> = {
	'istio-1.30.3': [git(ISTIO, 'show', '1.30.3:manifests/charts/base/files/crd-all.gen.yaml')],
	'gateway-api-v1.4.0-standard': gatewayApi('v1.4.0', 'standard'),
	'gateway-api-v1.5.0-experimental': gatewayApi('v1.5.0', 'experimental')
};
for (const [file, texts] of Object.entries(bundles)) {
	const json = JSON.stringify(schemasOf(texts));
	writeFileSync(new URL(`${file}.json`, OUT), json + '\n');
	console.log(`${file}.json: ${json.length} bytes`);
	const described = JSON.stringify(descriptionBundle);
	writeFileSync(new URL(`descriptions/${file}.json`, OUT), described + '\n');
	console.log(`descriptions/${file}.json: ${described.length} bytes`);
}
