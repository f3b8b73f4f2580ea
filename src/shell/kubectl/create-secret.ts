/**
 * `kubectl create secret tls NAME --cert=FILE --key=FILE` and `kubectl create secret generic NAME
 * [--from-literal=K=V] [--from-file=[K=]SOURCE] [--from-env-file=FILE] [--type=T]`, both with
 * `--append-hash` (kubernetes/kubectl pkg/cmd/create create_secret_tls.go, create_secret.go;
 * the sources in create-data-sources.ts: literals first, then files, then env files), as Istio's
 * Secure Gateways task creates its credentials. Files come from the shell's file system.
 * `tls` loads the pair as tls.X509KeyPair does (tls-key-pair.ts); `docker-registry` is refused.
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
import { x509KeyPairError } from './tls-key-pair.ts';
import { base64OfText as base64 } from '../../mesh/base64.ts';

export interface SecretFlags {
	readonly cert: string | undefined;
	readonly key: string | undefined;
	readonly fromLiteral: readonly string[];
	readonly fromFile: readonly string[];
	readonly fromEnvFile: readonly string[];
	readonly type: string | undefined;
	readonly appendHash: boolean;
}

function read(vfs: Vfs, path: string): string | { error: string } {
	if (vfs.isDirectory(path)) return { error: `read ${path}: is a directory` };
	const text = vfs.read(path);
	return text ?? { error: `open ${path}: no such file or directory` };
}

/** The Secret, its name hashed when `--append-hash` asks (pkg/util/hash encodeSecret). */
async function secretObject(
	name: string,
	ns: string,
	data: Record<string, string>,
	type: string | undefined,
	appendHash: boolean
): Promise<KubeObject> {
	const sorted = sortedKeys(data);
	const hashed = appendHash
		? `${name}-${await kubectlHash({ data: sorted, kind: 'Secret', name, type: type ?? '' })}`
		: name;
	return {
		apiVersion: 'v1',
		kind: 'Secret',
		metadata: { name: hashed, namespace: ns } as KubeObject['metadata'],
		...(Object.keys(sorted).length > 0 ? { data: sorted } : {}),
		// Set only when given: the API server defaults it to Opaque.
		...(type !== undefined ? { type } : {})
	};
}

async function tlsSecret(
	name: string,
	ns: string,
	f: SecretFlags,
	vfs: Vfs
): Promise<KubeObject | string> {
	if (!f.key || !f.cert) return 'key and cert must be specified';
	const cert = read(vfs, f.cert);
	if (typeof cert !== 'string') return cert.error;
	const key = read(vfs, f.key);
	if (typeof key !== 'string') return key.error;
	const invalid = await x509KeyPairError(globalThis.crypto, cert, key);
	if (invalid) return `failed to load key pair ${invalid}`;
	const data = { 'tls.crt': base64(cert), 'tls.key': base64(key) };
	return secretObject(name, ns, data, 'kubernetes.io/tls', f.appendHash);
}

async function genericSecret(
	name: string,
	ns: string,
	f: SecretFlags,
	vfs: Vfs,
	env: ReadonlyMap<string, string>
): Promise<KubeObject | string> {
	if (f.fromEnvFile.length > 0 && (f.fromFile.length > 0 || f.fromLiteral.length > 0))
		return 'from-env-file cannot be combined with from-file or from-literal';
	const data: Record<string, string> = {};
	// addKeyFromLiteralToSecret.
	const add: AddKey = (key, value) => {
		const errs = configMapKeyErrors(key);
		if (errs.length > 0)
			return `${JSON.stringify(key)} is not valid key name for a Secret ${errs.join(';')}`;
		if (key in data) return `cannot add key ${key}, another key by that name already exists`;
		data[key] = base64(value);
		return undefined;
	};
	const err =
		addFromLiterals(add, f.fromLiteral) ??
		addFromFiles(add, f.fromFile, vfs) ??
		addFromEnvFiles(add, f.fromEnvFile, vfs, env, 'secret');
	if (err) return err;
	return secretObject(name, ns, data, f.type, f.appendHash);
}

/** `names`: what follows `secret`; a string is the error line (without `error: `). */
export async function buildSecret(
	names: readonly string[],
	ns: string,
	f: SecretFlags,
	vfs: Vfs,
	env: ReadonlyMap<string, string>
): Promise<KubeObject | string> {
	const [kind, ...rest] = names;
	if (kind === 'docker-registry')
		return 'kubectl create secret docker-registry is not supported in this playground (no registry is reachable)';
	if (kind !== 'tls' && kind !== 'generic')
		return kind === undefined
			? 'must specify a secret type: generic, tls or docker-registry'
			: `unknown command "${kind}" for "kubectl create secret"`;
	if (rest.length !== 1) return `exactly one NAME is required, got ${rest.length}`;
	const name = rest[0] as string;
	return kind === 'tls' ? tlsSecret(name, ns, f, vfs) : genericSecret(name, ns, f, vfs, env);
}
