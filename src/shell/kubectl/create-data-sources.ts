/**
 * Where `kubectl create configmap` and `kubectl create secret generic` get their keys
 * (kubernetes/kubectl pkg/util ParseFileSource/ParseLiteralSource, cmdutil AddFromEnvFile,
 * apimachinery validation.IsConfigMapKey): `--from-file` (a file, `KEY=FILE`, or a directory's
 * regular files), `--from-literal=KEY=VALUE`, `--from-env-file`. Files come from the shell's file
 * system. Each source hands its keys to `add`, which validates and stores them the way its
 * object's generator does (the two word their errors differently).
 */
import type { Vfs } from '../vfs.ts';

/** Stores one key; an error line (without `error: `), or undefined. */
export type AddKey = (key: string, value: string) => string | undefined;

/** apimachinery validation.IsConfigMapKey, with RegexError's wording. */
export function configMapKeyErrors(key: string): string[] {
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

export function addFromFiles(
	add: AddKey,
	sources: readonly string[],
	vfs: Vfs
): string | undefined {
	for (const source of sources) {
		const parsed = parseFileSource(source);
		if (typeof parsed === 'string') return parsed;
		if (vfs.isDirectory(parsed.path)) {
			if (source.includes('=')) return 'cannot give a key name for a directory path';
			for (const entry of vfs.list(parsed.path) ?? []) {
				const file = `${parsed.path.replace(/\/+$/, '')}/${entry}`;
				const text = vfs.read(file);
				if (text === undefined) continue; // sub-directories are skipped
				const e = add(entry, text);
				if (e) return e;
			}
			continue;
		}
		const text = vfs.read(parsed.path);
		if (text === undefined) return `error reading ${parsed.path}: no such file or directory`;
		const e = add(parsed.key, text);
		if (e) return e;
	}
	return undefined;
}

/** util.ParseLiteralSource: split at the first `=`, which may not lead. */
export function addFromLiterals(add: AddKey, sources: readonly string[]): string | undefined {
	for (const source of sources) {
		const eq = source.indexOf('=');
		if (eq <= 0) return `invalid literal source ${source}, expected key=value`;
		const e = add(source.slice(0, eq), source.slice(eq + 1));
		if (e) return e;
	}
	return undefined;
}

/**
 * cmdutil.AddFromEnvFile: KEY=VALUE lines; `#` comments and blank lines skipped; a bare KEY
 * reads the environment. `object` names the generator's kind in its directory error.
 */
export function addFromEnvFiles(
	add: AddKey,
	files: readonly string[],
	vfs: Vfs,
	env: ReadonlyMap<string, string>,
	object: 'config' | 'secret'
): string | undefined {
	for (const file of files) {
		if (vfs.isDirectory(file)) return `env ${object} file cannot be a directory`;
		const text = vfs.read(file);
		if (text === undefined) return `error reading ${file}: no such file or directory`;
		for (const raw of text.split('\n')) {
			const line = raw.replace(/^\s+/, '');
			if (line === '' || line.startsWith('#')) continue;
			const eq = line.indexOf('=');
			const key = eq < 0 ? line : line.slice(0, eq);
			const bad = envVarNameError(key);
			if (bad) return bad;
			if (eq < 0 && !env.has(key)) continue;
			const value = eq < 0 ? (env.get(key) ?? '') : line.slice(eq + 1);
			const e = add(key, value);
			if (e) return e;
		}
	}
	return undefined;
}

/**
 * kubectl pkg/util/hash: sha256 of Go's json.Marshal of the object's hashed fields (every map's
 * keys sorted, `<`, `>`, `&` escaped), its first 10 hex digits with 0 1 3 a e swapped for g h k m t.
 */
export async function kubectlHash(fields: Record<string, unknown>): Promise<string> {
	// json.Marshal writes every map's keys sorted, nested ones too.
	const goJson = JSON.stringify(fields, (_key, value: unknown) =>
		value !== null && typeof value === 'object' && !Array.isArray(value)
			? sortedKeys(value as Record<string, unknown>)
			: value
	).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
	const digest = new Uint8Array(
		await crypto.subtle.digest('SHA-256', new TextEncoder().encode(goJson))
	);
	const hex = [...digest.slice(0, 5)].map((x) => x.toString(16).padStart(2, '0')).join('');
	const swap: Readonly<Record<string, string>> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
	return [...hex].map((c) => swap[c] ?? c).join('');
}

/** A map with its keys sorted, as Go's json.Marshal and kubectl's printers order them. */
export function sortedKeys<T>(data: Record<string, T>): Record<string, T> {
	return Object.fromEntries(
		Object.keys(data)
			.sort()
			.map((k) => [k, data[k] as T])
	);
}

/**
 * apimachinery validation.IsEnvVarName as kubectl reports it (env files, `set env`):
 * `"1A" is not a valid key name: …`, or undefined for a valid name.
 */
export function envVarNameError(key: string): string | undefined {
	if (/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) return undefined;
	return `${JSON.stringify(key)} is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`;
}
