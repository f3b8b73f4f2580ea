/**
 * Reads `-f FILE|DIR|-|URL` into KubeObjects, with kubectl's error wording. Mirrors cli-runtime's
 * resource.Builder FilenameParam + StreamVisitor: a YAML syntax or validation error stops that
 * stream (documents before it still count), a kind the server doesn't serve is reported and the
 * next document is read.
 */
import { NOT_SIMULATED_SAMPLES } from '../samples/index.ts';
import { parseAllDocuments, visit, type Document } from 'yaml';
import type { ApiServer, ResourceType } from '../../mesh/api/api-server.ts';
import type { KubeObject } from '../../mesh/api/objects.ts';
import { fetchRemoteFile } from '../samples/remote-files.ts';
import type { Vfs } from '../vfs.ts';
import { firstDuplicateKey } from '../yaml-keys.ts';

/**
 * A URL is served from the VFS at `/urls/<host><path>`, so `kubectl apply -f https://…` works
 * offline; the Gateway API release bundles are generated on first fetch (samples/remote-files.ts).
 */
export const URL_ROOT = '/urls';

export function urlToVfsPath(url: string): string {
	return URL_ROOT + '/' + url.replace(/^https?:\/\//, '');
}

const isUrl = (p: string): boolean => /^https?:\/\//.test(p);

/** One stream to decode; `name` is how kubectl names it in messages: a path, `STDIN` or a URL. */
export interface ManifestSource {
	readonly name: string;
	readonly text: string;
}

/**
 * Expands `-f` arguments into sources. Any missing path fails the whole command before anything
 * is applied, as kubectl's builder does.
 */
export async function readSources(
	filenames: readonly string[],
	vfs: Vfs,
	stdin: string
): Promise<ManifestSource[] | { error: string }> {
	const sources: ManifestSource[] = [];
	for (const f of filenames) {
		if (f === '-') {
			sources.push({ name: 'STDIN', text: stdin });
			continue;
		}
		if (isUrl(f)) {
			const text = vfs.read(urlToVfsPath(f)) ?? (await fetchRemoteFile(f));
			if (text === undefined)
				return {
					error: `unable to read URL "${f}", server reported 404 Not Found, status code=404`
				};
			sources.push({ name: f, text });
			continue;
		}
		if (vfs.isDirectory(f)) {
			// Without -R kubectl reads only the directory's own .json/.yaml/.yml files.
			for (const entry of vfs.list(f) ?? []) {
				if (!/\.(ya?ml|json)$/.test(entry)) continue;
				const path = f.endsWith('/') ? f + entry : `${f}/${entry}`;
				const text = vfs.read(path);
				if (text !== undefined) sources.push({ name: path, text });
			}
			continue;
		}
		const text = vfs.read(f);
		const why = NOT_SIMULATED_SAMPLES[f.replace(/^\.\//, '')];
		if (text === undefined && why !== undefined)
			return { error: `the path "${f}" is not simulated in Mesh Playground: ${why}` };
		if (text === undefined) return { error: `the path "${f}" does not exist` };
		sources.push({ name: f, text });
	}
	return sources;
}

/** A decoded document: the object, the resource serving it, and where it came from. */
export interface Manifest {
	readonly object: KubeObject;
	readonly type: ResourceType;
	readonly source: string;
}

export interface DecodeResult {
	readonly manifests: Manifest[];
	/** Messages without the `error: ` prefix, in the order kubectl reports them. */
	readonly errors: string[];
}

/**
 * Splits a stream the way apimachinery's YAMLReader does: a line starting with `---` followed by
 * nothing or a comment ends a document. Line numbers in errors count from the chunk's start.
 */
export function splitDocuments(text: string): string[] {
	const chunks: string[] = [];
	let current: string[] = [];
	for (const line of text.split('\n')) {
		if (line.startsWith('---')) {
			const rest = line.slice(3).trim();
			if (rest === '' || rest.startsWith('#')) {
				chunks.push(current.join('\n'));
				current = [];
				continue;
			}
		}
		current.push(line);
	}
	chunks.push(current.join('\n'));
	return chunks;
}

/**
 * go-yaml's wording for the yaml package's error codes. Scanner errors report the 1-based line;
 * parser errors report go-yaml's 0-based problem line (one less), a quirk users know well.
 * `detail` is the offending key for DUPLICATE_KEY.
 */
function goYamlError(code: string, detail: string, line: number): string {
	switch (code) {
		case 'BLOCK_AS_IMPLICIT_KEY':
		case 'MULTILINE_IMPLICIT_KEY':
			return `yaml: line ${line}: mapping values are not allowed in this context`;
		case 'TAB_AS_INDENT':
			return `yaml: line ${line}: found character that cannot start any token`;
		case 'MISSING_CHAR':
			return `yaml: line ${line}: found unexpected end of stream`;
		case 'DUPLICATE_KEY':
			return `yaml: unmarshal errors:\n  line ${line}: key ${JSON.stringify(detail)} already set in map`;
		case 'BAD_ALIAS':
			return `yaml: unknown anchor referenced`;
		default:
			return `yaml: line ${Math.max(line - 1, 1)}: did not find expected key`;
	}
}

function lineOf(text: string, offset: number): number {
	let line = 1;
	for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
	return line;
}

export type Decoded = { value: unknown } | { error: string };

/** An anchor whose value contains an alias to itself (`&m {labels: *m}`), which go-yaml refuses. */
function selfReferencingAnchor(doc: Document): string | undefined {
	let found: string | undefined;
	visit(doc, {
		Alias(_, alias) {
			const target = alias.resolve(doc);
			if (!target) return;
			visit(target, {
				Alias(__, inner) {
					if (inner === alias) {
						found = alias.source;
						return visit.BREAK;
					}
				}
			});
			if (found !== undefined) return visit.BREAK;
		}
	});
	return found;
}

/**
 * go-yaml's reader refuses these before parsing (yaml_parser_update_buffer): a C0 control other
 * than tab, LF and CR, DEL, C1 controls but NEL, and (here, where text is already UTF-16) a lone
 * surrogate, which is what invalid UTF-8 becomes.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function unreadable(chunk: string): string | undefined {
	if (LONE_SURROGATE.test(chunk)) return 'yaml: invalid leading UTF-8 octet';
	if (CONTROL.test(chunk)) return 'yaml: control characters are not allowed';
	return undefined;
}

export function decodeChunk(chunk: string): Decoded[] {
	const out: Decoded[] = [];
	const bad = unreadable(chunk);
	if (bad) return [{ error: bad }];
	for (const doc of parseAllDocuments(chunk, { uniqueKeys: false })) {
		const duplicate = doc.errors.length === 0 ? firstDuplicateKey(doc) : undefined;
		if (duplicate) {
			out.push({
				error: goYamlError('DUPLICATE_KEY', duplicate.key, lineOf(chunk, duplicate.offset))
			});
			return out;
		}
		const err = doc.errors[0];
		if (err) {
			const line = lineOf(chunk, err.pos[0]);
			const key = /^[^:#\n]*/
				.exec(chunk.slice(err.pos[0]))?.[0]
				.trim()
				.replace(/^["']|["']$/g, '');
			out.push({ error: goYamlError(err.code, key ?? '', line) });
			return out;
		}
		const cyclic = selfReferencingAnchor(doc);
		if (cyclic !== undefined) {
			out.push({ error: `yaml: anchor '${cyclic}' value contains itself` });
			return out;
		}
		try {
			out.push({ value: doc.toJS({ maxAliasCount: 100 }) });
		} catch (e) {
			// A billion-laughs document: go-yaml v2 stops it the same way (decode.go).
			const excessive = e instanceof Error && /alias count/i.test(e.message);
			out.push({
				error: excessive
					? 'yaml: document contains excessive aliasing'
					: 'yaml: unknown anchor referenced'
			});
			return out;
		}
	}
	return out;
}

const str = (x: unknown): string => (typeof x === 'string' ? x : '');

/** Go's `%T` of a decoded JSON value, for apimachinery's accessor errors. */
function goType(x: unknown): string {
	if (typeof x === 'number') return Number.isInteger(x) ? 'int64' : 'float64';
	if (typeof x === 'boolean') return 'bool';
	if (typeof x === 'string') return 'string';
	return Array.isArray(x) ? '[]interface {}' : 'map[string]interface {}';
}

const isMap = (x: unknown): x is Record<string, unknown> =>
	typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * unstructured's typed accessors: metadata fields of the wrong JSON type (a map as the name, a
 * number as a label value) fail to decode instead of reaching the server as `[object Object]`.
 */
function metadataAccessorError(obj: Record<string, unknown>): string | undefined {
	const meta = obj['metadata'];
	const wrong = (path: string, value: unknown, want: string): string =>
		`${path} accessor error: ${JSON.stringify(value)} is of the type ${goType(value)}, expected ${want}`;
	if (meta === undefined || meta === null) return undefined;
	if (!isMap(meta)) return wrong('.metadata', meta, 'map[string]interface {}');
	for (const field of ['name', 'namespace', 'generateName', 'resourceVersion', 'uid']) {
		const v = meta[field];
		if (v !== undefined && v !== null && typeof v !== 'string')
			return wrong(`.metadata.${field}`, v, 'string');
	}
	for (const field of ['labels', 'annotations']) {
		const v = meta[field];
		if (v === undefined || v === null) continue;
		if (!isMap(v)) return wrong(`.metadata.${field}`, v, 'map[string]interface {}');
		for (const [key, value] of Object.entries(v))
			if (typeof value !== 'string' && value !== null)
				return `.metadata.${field} accessor error: contains non-string value in the map under key ${JSON.stringify(key)}: ${JSON.stringify(value)} is of the type ${goType(value)}, expected string`;
	}
	return undefined;
}

/** kubectl's client-side schema check: apiVersion and kind must be set. */
function missingTypeFields(value: Record<string, unknown>): string | undefined {
	const missing: string[] = [];
	if (str(value['apiVersion']) === '') missing.push('apiVersion not set');
	if (str(value['kind']) === '') missing.push('kind not set');
	if (missing.length === 0) return undefined;
	return missing.length === 1 ? missing[0] : `[${missing.join(', ')}]`;
}

/** Decodes every source into manifests, mapping each to a served resource. */
export function decodeSources(
	sources: readonly ManifestSource[],
	api: ApiServer,
	options: { validate?: boolean } = {}
): DecodeResult {
	const manifests: Manifest[] = [];
	const errors: string[] = [];
	for (const source of sources) {
		stream: for (const chunk of splitDocuments(source.text)) {
			for (const decoded of decodeChunk(chunk)) {
				if ('error' in decoded) {
					errors.push(
						`error parsing ${source.name}: error converting YAML to JSON: ${decoded.error}`
					);
					break stream;
				}
				const value = decoded.value;
				if (value === null || value === undefined) continue;
				const obj: Record<string, unknown> =
					typeof value === 'object' && !Array.isArray(value)
						? (value as Record<string, unknown>)
						: {};
				const missing = missingTypeFields(obj);
				if (missing !== undefined) {
					if (options.validate === false) {
						errors.push(
							`unable to decode ${JSON.stringify(source.name)}: Object 'Kind' is missing in '${JSON.stringify(value)}'`
						);
						continue;
					}
					errors.push(
						`error validating ${JSON.stringify(source.name)}: error validating data: ${missing}; if you choose to ignore these errors, turn validation off with --validate=false`
					);
					break stream;
				}
				const apiVersion = str(obj['apiVersion']);
				const kind = str(obj['kind']);
				const meta = (obj['metadata'] ?? {}) as Record<string, unknown>;
				if (kind.endsWith('List') && Array.isArray(obj['items'])) {
					// v1 List: flatten, as kubectl's builder does.
					const inner = (obj['items'] as unknown[]).map((item) => `---\n${JSON.stringify(item)}\n`);
					const nested = decodeSources([{ name: source.name, text: inner.join('') }], api, options);
					manifests.push(...nested.manifests);
					errors.push(...nested.errors);
					continue;
				}
				const type = api.resourceFor(apiVersion, kind);
				if (!type) {
					errors.push(
						`resource mapping not found for name: ${JSON.stringify(str(meta['name']))} namespace: ${JSON.stringify(str(meta['namespace']))} from ${JSON.stringify(source.name)}: no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}\nensure CRDs are installed first`
					);
					continue;
				}
				const accessor = metadataAccessorError(obj);
				if (accessor !== undefined) {
					errors.push(`unable to decode ${JSON.stringify(source.name)}: ${accessor}`);
					continue;
				}
				if (typeof obj['metadata'] !== 'object' || obj['metadata'] === null) obj['metadata'] = {};
				manifests.push({ object: obj as unknown as KubeObject, type, source: source.name });
			}
		}
	}
	return { manifests, errors };
}

/**
 * Fills or checks each manifest's namespace (cli-runtime's SetNamespace visitor). With `-n`
 * given (`enforce`), a manifest naming another namespace is an error; cluster-scoped kinds drop it.
 */
export function resolveNamespaces(
	decoded: DecodeResult,
	namespace: string,
	enforce: boolean
): DecodeResult {
	const manifests: Manifest[] = [];
	const errors = [...decoded.errors];
	for (const m of decoded.manifests) {
		const meta = m.object.metadata;
		if (!m.type.namespaced) {
			delete meta.namespace;
			manifests.push(m);
			continue;
		}
		if (!meta.namespace) {
			meta.namespace = namespace;
		} else if (enforce && meta.namespace !== namespace) {
			errors.push(
				`the namespace from the provided object "${meta.namespace}" does not match the namespace "${namespace}". You must pass '--namespace=${meta.namespace}' to perform this operation.`
			);
			continue;
		}
		manifests.push(m);
	}
	return { manifests, errors };
}

/** What `-f` names for verbs that act on existing objects (label, annotate, patch). */
export interface FileTarget {
	readonly type: ResourceType;
	readonly namespace: string | undefined;
	readonly name: string;
}

/**
 * `-f FILE…` read as the objects they name (type, namespace, name), not as content to apply:
 * kubectl's builder for label/annotate/patch. The first error fails the whole command.
 */
export async function targetsFromFiles(
	filenames: readonly string[],
	vfs: Vfs,
	stdin: string,
	api: ApiServer,
	namespace: { readonly name: string; readonly enforce: boolean }
): Promise<FileTarget[] | { error: string }> {
	if (filenames.length === 0) return [];
	const sources = await readSources(filenames, vfs, stdin);
	if ('error' in sources) return sources;
	const decoded = resolveNamespaces(decodeSources(sources, api), namespace.name, namespace.enforce);
	if (decoded.errors[0] !== undefined) return { error: decoded.errors[0] };
	return decoded.manifests.map((m) => ({
		type: m.type,
		namespace: m.object.metadata.namespace,
		name: m.object.metadata.name
	}));
}

/**
 * Equality- and set-based label selectors (`app=x,version!=v2,tier in (a,b),!canary,env`), for
 * filtering manifests with `apply -l` before they reach the server.
 */
export function matchesSelector(
	labels: Record<string, string> | undefined,
	selector: string
): boolean {
	const l = labels ?? {};
	const terms = selector.match(/[^,(]+(\([^)]*\))?/g) ?? [];
	return terms.every((raw) => {
		const term = raw.trim();
		if (term === '') return true;
		let m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
		if (m) {
			const values = (m[3] ?? '').split(',').map((v) => v.trim());
			const has = (m[1] as string) in l && values.includes(l[m[1] as string] as string);
			return m[2] === 'in' ? has : !has;
		}
		m = /^([^!=]+)(==|=|!=)(.*)$/.exec(term);
		if (m) {
			const key = (m[1] as string).trim();
			const eq = l[key] === (m[3] as string).trim();
			return m[2] === '!=' ? !eq : eq;
		}
		if (term.startsWith('!')) return !(term.slice(1).trim() in l);
		return term in l;
	});
}
