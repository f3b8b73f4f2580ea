/**
 * Broken manifests for the apply fuzzer. Seeds are the shipped samples (one document each) and a
 * few hand-written kinds; each is damaged in its object tree (keys dropped, duplicated, renamed,
 * values of the wrong type, invalid names, huge values, wrong apiVersion/kind, unknown fields)
 * and/or in its text (indentation, tabs, truncation, stray bytes), or replaced by YAML that
 * attacks the parser (alias bombs, deep nesting) or by bytes that are not YAML at all.
 *
 * Replica counts stay small on purpose: a large count no longer hangs (test/redteam/scale-burst),
 * but thousands of pods left behind would make every later input of the campaign slower.
 */
import { parseAllDocuments, stringify } from 'yaml';
import { SAMPLE_FILES } from '../../src/shell/samples/index.ts';
import type { Prng } from './prng.ts';
import { junk, mutateText } from './text-mutations.ts';

export type ManifestKind = 'tree' | 'text' | 'both' | 'bomb' | 'deep' | 'bytes' | 'multi';

export interface GeneratedManifest {
	readonly kind: ManifestKind;
	readonly text: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };

const EXTRA_SEEDS = `apiVersion: v1
kind: Pod
metadata:
  name: fuzz-pod
  labels: {app: fuzz}
spec:
  containers:
  - name: main
    image: docker.io/curlimages/curl:8.16.0
    command: ["/bin/sleep", "infinity"]
    ports: [{containerPort: 80, name: http}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: fuzz-config, namespace: default}
data: {key: value, other: "1"}
---
apiVersion: v1
kind: Namespace
metadata: {name: fuzz-ns, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: v1
kind: Secret
metadata: {name: fuzz-secret}
type: Opaque
stringData: {password: hunter2}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: fuzz-rs}
spec:
  replicas: 1
  selector: {matchLabels: {app: fuzz-rs}}
  template:
    metadata: {labels: {app: fuzz-rs}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fuzz-ds}
spec:
  selector: {matchLabels: {app: fuzz-ds}}
  template:
    metadata: {labels: {app: fuzz-ds}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Service
metadata: {name: fuzz-headless}
spec:
  clusterIP: None
  selector: {app: fuzz}
  ports: [{port: 80, targetPort: http, protocol: TCP}]
---
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: ConfigMap, metadata: {name: fuzz-list-a}}
- {apiVersion: v1, kind: ConfigMap, metadata: {name: fuzz-list-b}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: waypoint}
spec:
  gatewayClassName: istio-waypoint
  listeners: [{name: mesh, port: 15008, protocol: HBONE}]
`;

function seedDocuments(): JsonMap[] {
	const texts = [...Object.values(SAMPLE_FILES), EXTRA_SEEDS];
	return texts.flatMap((t) =>
		parseAllDocuments(t)
			.map((d) => d.toJS() as Json)
			.filter((v): v is JsonMap => v !== null && typeof v === 'object' && !Array.isArray(v))
	);
}

const SEEDS: readonly JsonMap[] = seedDocuments();

const BAD_NAMES = [
	'',
	'UPPER',
	'has space',
	'-leading',
	'trailing-',
	'dots..double',
	'a'.repeat(254),
	'a'.repeat(64),
	'ünïcode',
	'x/y',
	'..',
	'.',
	'under_score',
	'💥',
	'a\nb'
];

const KINDS = ['Pod', 'pod', 'Deployment', 'Service', 'Bogus', '', 'List', 'Namespace', 'Gateway'];
const API_VERSIONS = ['v1', 'v2', 'apps/v1', 'apps/v1beta1', 'apps', '/v1', 'v1/', '', 'x/y/z'];

/** A value of a type the field probably does not want. */
function wrongValue(rng: Prng, depth = 0): Json {
	switch (rng.int(depth > 2 ? 9 : 12)) {
		case 0:
			return rng.pick(['', 'abc', '80', 'true', 'null', '-1', '~', '0x1F', '1e400']);
		case 1:
			return rng.pick([0, -1, 1.5, 65536, 2 ** 31, 2 ** 53 + 1, 1e308, -0]);
		case 2:
			return rng.chance(0.5);
		case 3:
			return null;
		case 4:
			return 'x'.repeat(rng.pick([1000, 1000, 1000, 20_000]));
		case 5:
			return rng.pick(BAD_NAMES);
		case 6:
			return junk(rng, rng.range(1, 8));
		case 7:
			return [];
		case 8:
			return {};
		case 9:
			return [wrongValue(rng, depth + 1), wrongValue(rng, depth + 1)];
		case 10:
			return { [rng.pick(['a', 'name', 'port', 'image', '$ref'])]: wrongValue(rng, depth + 1) };
		default:
			return Object.fromEntries(
				Array.from({ length: rng.range(1, 3) }, (_, i) => [`k${i}`, wrongValue(rng, depth + 1)])
			);
	}
}

/** Every container (map or list) in the tree with its path, so a mutation can hit any depth. */
function containers(value: Json, out: (JsonMap | Json[])[] = []): (JsonMap | Json[])[] {
	if (value !== null && typeof value === 'object') {
		out.push(value);
		for (const child of Array.isArray(value) ? value : Object.values(value)) containers(child, out);
	}
	return out;
}

function mutateTree(rng: Prng, doc: JsonMap): void {
	const ops = rng.range(1, 3);
	for (let k = 0; k < ops; k++) {
		const target = rng.pick(containers(doc));
		const keys = Array.isArray(target) ? target.map((_, i) => i) : Object.keys(target);
		const key = keys.length > 0 ? rng.pick<string | number>(keys) : undefined;
		const set = (kk: string | number, v: Json): void => {
			if (Array.isArray(target)) target[Number(kk)] = v;
			else target[String(kk)] = v;
		};
		const get = (kk: string | number): Json =>
			(Array.isArray(target) ? target[Number(kk)] : target[String(kk)]) ?? null;
		switch (rng.int(9)) {
			case 0:
				if (key === undefined) break;
				if (Array.isArray(target)) target.splice(Number(key), 1);
				else delete target[String(key)];
				break;
			case 1:
				if (key !== undefined) set(key, wrongValue(rng));
				break;
			case 2:
				// Unknown field, or a known one in the wrong place.
				if (!Array.isArray(target))
					target[rng.pick(['bogus', 'spec', 'metadata', 'replicas', 'containers', 'Kind', ''])] =
						wrongValue(rng);
				break;
			case 3:
				if (key !== undefined) set(key, [get(key)]);
				break;
			case 4:
				if (key !== undefined) {
					const v = get(key);
					if (Array.isArray(v) && v.length > 0) set(key, v[0] ?? null);
					else if (Array.isArray(target)) target.push(v);
				}
				break;
			case 5:
				meta(doc)['name'] = rng.pick(BAD_NAMES);
				break;
			case 6:
				doc['apiVersion'] = rng.chance(0.5) ? rng.pick(API_VERSIONS) : wrongValue(rng);
				break;
			case 7:
				doc['kind'] = rng.chance(0.5) ? rng.pick(KINDS) : wrongValue(rng);
				break;
			default:
				meta(doc)[rng.pick(['namespace', 'labels', 'annotations', 'uid', 'resourceVersion'])] =
					rng.chance(0.5)
						? rng.pick(['missing-ns', 'kube-system', 'default', ''])
						: wrongValue(rng);
		}
	}
}

function meta(doc: JsonMap): JsonMap {
	const m = doc['metadata'];
	if (m !== null && typeof m === 'object' && !Array.isArray(m)) return m;
	const fresh: JsonMap = {};
	doc['metadata'] = fresh;
	return fresh;
}

/** Re-indents, tabs, duplicates or drops lines: the damage a hand edit does to YAML text. */
function mutateLines(rng: Prng, text: string): string {
	const lines = text.split('\n');
	const ops = rng.range(1, 3);
	for (let k = 0; k < ops; k++) {
		const i = rng.int(lines.length);
		const line = lines[i] ?? '';
		switch (rng.int(6)) {
			case 0:
				lines[i] = ' '.repeat(rng.range(1, 3)) + line;
				break;
			case 1:
				lines[i] = line.replace(/^ {1,2}/, '');
				break;
			case 2:
				lines[i] = line.replace(/^ +/, (s) => '\t'.repeat(Math.max(1, s.length / 2)));
				break;
			case 3:
				lines.splice(i, 0, line);
				break;
			case 4:
				lines.splice(i, 1);
				break;
			default:
				lines[i] = mutateText(rng, line, 2);
		}
	}
	return lines.join('\n');
}

/** Keeps replica counts small: a large one is a known hang, not what this fuzzer looks for. */
function capReplicas(text: string): string {
	return text.replace(/(replicas["']?\s*:\s*["']?)(\d{2,})/g, '$12');
}

/** "Billion laughs": every level refers to the one before `width` times. */
function aliasBomb(rng: Prng): string {
	const width = rng.range(2, 12);
	const depth = rng.range(2, 12);
	const levels = [`  l0: &l0 ["lol", "lol"]`];
	for (let d = 1; d <= depth; d++)
		levels.push(
			`  l${d}: &l${d} [${Array.from({ length: width }, () => `*l${d - 1}`).join(', ')}]`
		);
	const where = rng.pick(['data', 'spec', 'metadata']);
	const body = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\n${where}:\n${levels.join('\n')}\n`;
	return rng.pick([
		body,
		`apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: self, labels: *m}\n`,
		`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: undef}\ndata: *nowhere\n`,
		`a: &a ["${'x'.repeat(1000)}"]\nb: [${Array.from({ length: 99 }, () => '*a').join(',')}]\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: wide}\n`,
		`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: &n many}\ndata: {${Array.from({ length: 150 }, (_, i) => `k${i}: *n`).join(', ')}}\n`
	]);
}

function deepNesting(rng: Prng): string {
	const depth = rng.pick([100, 1000, 10_000]);
	switch (rng.int(3)) {
		case 0:
			return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
		case 1:
			return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`;
		default:
			return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nspec:\n${Array.from({ length: Math.min(depth, 2000) }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n')} x\n`;
	}
}

function nonYaml(rng: Prng): string {
	switch (rng.int(7)) {
		case 0:
			return Array.from({ length: rng.range(1, 400) }, () =>
				String.fromCharCode(rng.int(256))
			).join('');
		case 1:
			return '';
		case 2:
			return rng.pick([
				'---',
				'---\n---\n',
				'# only a comment\n',
				'...',
				'\n\n\n',
				'- a\n- b\n',
				'42',
				'"str"'
			]);
		case 3:
			return '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "json"';
		case 4:
			return '<?xml version="1.0"?><Pod/>';
		case 5:
			return '%YAML 9.9\n%TAG ! tag:x,2000:\n--- !bogus\napiVersion: v1\n';
		default:
			return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: tagged}\ndata: {a: !!binary "not base64", b: !!int "x", c: !!timestamp "yesterday", d: !!js/function "f"}\n`;
	}
}

function serialize(rng: Prng, doc: JsonMap): string {
	return rng.chance(0.15) ? JSON.stringify(doc, null, rng.pick([0, 2])) : stringify(doc);
}

/** One manifest text. `multi` joins two damaged documents, so partial success is possible. */
export function generateManifest(rng: Prng): GeneratedManifest {
	const kind = rng.weighted<ManifestKind>([
		[34, 'tree'],
		[22, 'text'],
		[16, 'both'],
		[6, 'bomb'],
		[3, 'deep'],
		[8, 'bytes'],
		[11, 'multi']
	]);
	const doc = (): JsonMap => {
		const d = structuredClone(rng.pick(SEEDS));
		// Half the time a fresh name, so the apply is a create rather than a merge.
		if (rng.chance(0.5)) meta(d)['name'] = `fuzz-${rng.int(6)}`;
		return d;
	};
	switch (kind) {
		case 'tree': {
			const d = doc();
			mutateTree(rng, d);
			return { kind, text: capReplicas(serialize(rng, d)) };
		}
		case 'text':
			return { kind, text: capReplicas(mutateLines(rng, stringify(doc()))) };
		case 'both': {
			const d = doc();
			mutateTree(rng, d);
			return { kind, text: capReplicas(mutateText(rng, mutateLines(rng, stringify(d)))) };
		}
		case 'bomb':
			return { kind, text: aliasBomb(rng) };
		case 'deep':
			return { kind, text: deepNesting(rng) };
		case 'bytes':
			return { kind, text: nonYaml(rng) };
		default: {
			const a = doc();
			const b = doc();
			mutateTree(rng, rng.chance(0.5) ? a : b);
			return { kind, text: capReplicas(`${stringify(a)}---\n${stringify(b)}`) };
		}
	}
}

/**
 * Whether kubectl reads at most one object from `text`: only then must a failed apply leave the
 * store untouched (with several, the ones before the bad one are applied, as in kubectl).
 */
export function isSingleDocument(text: string): boolean {
	if (/^---/m.test(text.replace(/^---[^\n]*\n?/, ''))) return false;
	if (/(^|[{,\s"])items["']?\s*:/m.test(text)) return false;
	try {
		return parseAllDocuments(text).length <= 1;
	} catch {
		return false;
	}
}
