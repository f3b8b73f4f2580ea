/**
 * `kubectl create configmap NAME [--from-file=[KEY=]SOURCE] [--from-literal=KEY=VALUE]
 * [--from-env-file=FILE] [--append-hash]` (kubernetes/kubectl pkg/cmd/create/create_configmap.go,
 * pkg/util ParseLiteralSource/ParseFileSource, cmdutil AddFromEnvFile): files first, then
 * literals, then env files; a directory adds each regular file whose name is a valid key. Files
 * come from the shell's file system, which holds only text (no `binaryData`).
 */
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { Vfs } from '../vfs.ts';

export interface ConfigMapFlags {
	readonly fromLiteral: readonly string[];
	readonly fromFile: readonly string[];
	readonly fromEnvFile: readonly string[];
	readonly appendHash: boolean;
}

/** apimachinery validation.IsConfigMapKey, with RegexError's wording. */
function keyErrors(key: string): string[] {
	const errs: string[] = [];
	if (key.length > 253) errs.push('must be no more than 253 characters');
	if (!/^[-._a-zA-Z0-9]+$/.test(key))
		errs.push(
			"a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
		);
	if (key === '.') errs.push("must not be '.'");
	else if (key === '..') errs.push("must not be '..'");
	else if (key.startsWith('..')) errs.push("must not start with '..'");
	return errs;
}

class Builder {
	readonly data: Record<string, string> = {};
	constructor(private readonly name: string) {}

	/** addKeyFromLiteralToConfigMap: an error line, or undefined. */
	add(key: string, value: string): string | undefined {
		const errs = keyErrors(key);
		if (errs.length > 0)
			return `${JSON.stringify(key)} is not a valid key name for a ConfigMap: ${errs.join(',')}`;
		if (key in this.data)
			return `cannot add key ${JSON.stringify(key)}, another key by that name already exists in Data for ConfigMap ${JSON.stringify(this.name)}`;
		this.data[key] = value;
		return undefined;
	}
}

/** util.ParseFileSource. */
function parseFileSource(source: string): { key: string; path: string } | string {
	const separators = source.split('=').length - 1;
	if (separators === 0)
		return { key: source.split('/').filter(Boolean).pop() ?? source, path: source };
	if (separators > 1) return "key names or file paths cannot contain '='";
	if (source.startsWith('=')) return `key name for file path ${source.slice(1)} missing`;
	if (source.endsWith('=')) return `file path for key name ${source.slice(0, -1)} missing`;
	const [key = '', path = ''] = source.split('=');
	return { key, path };
}

function fromFiles(b: Builder, sources: readonly string[], vfs: Vfs): string | undefined {
	for (const source of sources) {
		const parsed = parseFileSource(source);
		if (typeof parsed === 'string') return parsed;
		if (vfs.isDirectory(parsed.path)) {
			if (source.includes('=')) return 'cannot give a key name for a directory path';
			for (const entry of vfs.list(parsed.path) ?? []) {
				const file = `${parsed.path.replace(/\/+$/, '')}/${entry}`;
				const text = vfs.read(file);
				if (text === undefined) continue; // sub-directories are skipped
				const e = b.add(entry, text);
				if (e) return e;
			}
			continue;
		}
		const text = vfs.read(parsed.path);
		if (text === undefined) return `error reading ${parsed.path}: no such file or directory`;
		const e = b.add(parsed.key, text);
		if (e) return e;
	}
	return undefined;
}

function fromLiterals(b: Builder, sources: readonly string[]): string | undefined {
	for (const source of sources) {
		const eq = source.indexOf('=');
		if (eq <= 0) return `invalid literal source ${source}, expected key=value`;
		const e = b.add(source.slice(0, eq), source.slice(eq + 1));
		if (e) return e;
	}
	return undefined;
}

/** cmdutil.AddFromEnvFile: KEY=VALUE lines; `#` comments and blank lines skipped; a bare KEY reads the environment. */
function fromEnvFiles(
	b: Builder,
	files: readonly string[],
	vfs: Vfs,
	env: ReadonlyMap<string, string>
): string | undefined {
	for (const file of files) {
		if (vfs.isDirectory(file)) return 'env config file cannot be a directory';
		const text = vfs.read(file);
		if (text === undefined) return `error reading ${file}: no such file or directory`;
		const lines = text.split('\n');
		for (const raw of lines) {
			const line = raw.replace(/^\s+/, '');
			if (line === '' || line.startsWith('#')) continue;
			const eq = line.indexOf('=');
			const key = eq < 0 ? line : line.slice(0, eq);
			if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key))
				return `${JSON.stringify(key)} is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`;
			if (eq < 0 && !env.has(key)) continue;
			const value = eq < 0 ? (env.get(key) ?? '') : line.slice(eq + 1);
			const e = b.add(key, value);
			if (e) return e;
		}
	}
	return undefined;
}

/**
 * kubectl pkg/util/hash ConfigMapHash: sha256 of Go's json.Marshal of {data, kind, name} (keys
 * sorted, `<`, `>`, `&` escaped), its first 10 hex digits with 0 1 3 a e swapped for g h k m t.
 */
async function configMapHash(data: Record<string, string>, name: string): Promise<string> {
	const goJson = JSON.stringify({ data, kind: 'ConfigMap', name }).replace(
		/[<>&\u2028\u2029]/g,
		(c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
	);
	const digest = new Uint8Array(
		await crypto.subtle.digest('SHA-256', new TextEncoder().encode(goJson))
	);
	const hex = [...digest.slice(0, 5)].map((x) => x.toString(16).padStart(2, '0')).join('');
	const swap: Readonly<Record<string, string>> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
	return [...hex].map((c) => swap[c] ?? c).join('');
}

/** The ConfigMap, or the error line (without `error: `). */
export async function buildConfigMap(
	names: readonly string[],
	ns: string,
	f: ConfigMapFlags,
	vfs: Vfs,
	env: ReadonlyMap<string, string>
): Promise<KubeObject | string> {
	if (names.length !== 1)
		return `exactly one NAME is required, got ${names.length}\nSee 'kubectl create configmap -h' for help and examples`;
	const name = names[0] as string;
	if (f.fromEnvFile.length > 0 && (f.fromFile.length > 0 || f.fromLiteral.length > 0))
		return 'from-env-file cannot be combined with from-file or from-literal';
	const b = new Builder(name);
	const err =
		fromFiles(b, f.fromFile, vfs) ??
		fromLiterals(b, f.fromLiteral) ??
		fromEnvFiles(b, f.fromEnvFile, vfs, env);
	if (err) return err;
	const data: Record<string, string> = {};
	for (const k of Object.keys(b.data).sort()) data[k] = b.data[k] ?? '';
	const hashed = f.appendHash ? `${name}-${await configMapHash(data, name)}` : name;
	return {
		apiVersion: 'v1',
		kind: 'ConfigMap',
		metadata: { name: hashed, namespace: ns } as KubeObject['metadata'],
		...(Object.keys(data).length > 0 ? { data } : {})
	};
}
