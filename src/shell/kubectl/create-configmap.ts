/**
 * `kubectl create configmap NAME [--from-file=[KEY=]SOURCE] [--from-literal=KEY=VALUE]
 * [--from-env-file=FILE] [--append-hash]` (kubernetes/kubectl pkg/cmd/create/create_configmap.go;
 * the sources in create-data-sources.ts): files first, then literals, then env files. Files come
 * from the shell's file system, which holds only text (no `binaryData`).
 */
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { Vfs } from '../vfs.ts';
import {
	addFromEnvFiles,
	addFromFiles,
	addFromLiterals,
	configMapKeyErrors,
	kubectlHash,
	sortedKeys,
	type AddKey
} from './create-data-sources.ts';

export interface ConfigMapFlags {
	readonly fromLiteral: readonly string[];
	readonly fromFile: readonly string[];
	readonly fromEnvFile: readonly string[];
	readonly appendHash: boolean;
}

class Builder {
	readonly data: Record<string, string> = {};
	constructor(private readonly name: string) {}

	/** addKeyFromLiteralToConfigMap: an error line, or undefined. */
	readonly add: AddKey = (key, value) => {
		const errs = configMapKeyErrors(key);
		if (errs.length > 0)
			return `${JSON.stringify(key)} is not a valid key name for a ConfigMap: ${errs.join(',')}`;
		if (key in this.data)
			return `cannot add key ${JSON.stringify(key)}, another key by that name already exists in Data for ConfigMap ${JSON.stringify(this.name)}`;
		this.data[key] = value;
		return undefined;
	};
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
		addFromFiles(b.add, f.fromFile, vfs) ??
		addFromLiterals(b.add, f.fromLiteral) ??
		addFromEnvFiles(b.add, f.fromEnvFile, vfs, env, 'config');
	if (err) return err;
	const data = sortedKeys(b.data);
	// pkg/util/hash encodeConfigMap: data, kind, name.
	const hashed = f.appendHash
		? `${name}-${await kubectlHash({ data, kind: 'ConfigMap', name })}`
		: name;
	return {
		apiVersion: 'v1',
		kind: 'ConfigMap',
		metadata: { name: hashed, namespace: ns } as KubeObject['metadata'],
		...(Object.keys(data).length > 0 ? { data } : {})
	};
}
