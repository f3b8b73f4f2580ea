/**
 * `kubectl create secret tls NAME --cert=FILE --key=FILE` and `kubectl create secret generic NAME
 * [--from-literal=K=V] [--from-file=[K=]FILE] [--type=T]` (kubernetes/kubectl pkg/cmd/create
 * create_secret_tls.go, create_secret.go), as Istio's Secure Gateways task creates its
 * credentials. Files come from the shell's file system.
 * `tls` loads the pair as tls.X509KeyPair does (tls-key-pair.ts); `docker-registry` is refused.
 */
import type { KubeObject } from '../../mesh/api/objects.ts';
import type { Vfs } from '../vfs.ts';
import { x509KeyPairError } from './tls-key-pair.ts';

export interface SecretFlags {
	readonly cert: string | undefined;
	readonly key: string | undefined;
	readonly fromLiteral: readonly string[];
	readonly fromFile: readonly string[];
	readonly type: string | undefined;
}

const utf8 = new TextEncoder();
function base64(text: string): string {
	let bin = '';
	for (const b of utf8.encode(text)) bin += String.fromCharCode(b);
	return btoa(bin);
}

function read(vfs: Vfs, path: string): string | { error: string } {
	if (vfs.isDirectory(path)) return { error: `read ${path}: is a directory` };
	const text = vfs.read(path);
	return text ?? { error: `open ${path}: no such file or directory` };
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
	return {
		apiVersion: 'v1',
		kind: 'Secret',
		metadata: { name, namespace: ns } as KubeObject['metadata'],
		type: f.type ?? 'kubernetes.io/tls',
		data: { 'tls.crt': base64(cert), 'tls.key': base64(key) }
	};
}

function genericSecret(name: string, ns: string, f: SecretFlags, vfs: Vfs): KubeObject | string {
	const data: Record<string, string> = {};
	for (const literal of f.fromLiteral) {
		const eq = literal.indexOf('=');
		if (eq <= 0) return `invalid literal source ${literal}, expected key=value`;
		const k = literal.slice(0, eq);
		if (k in data)
			return `cannot add key ${k}, another key by that name already exists in Data for Secret "${name}"`;
		data[k] = base64(literal.slice(eq + 1));
	}
	for (const source of f.fromFile) {
		const eq = source.indexOf('=');
		const path = eq < 0 ? source : source.slice(eq + 1);
		const k = eq < 0 ? (path.split('/').pop() ?? path) : source.slice(0, eq);
		const text = vfs.read(path);
		if (text === undefined)
			return vfs.isDirectory(path)
				? `error reading ${path}: is a directory`
				: `error reading ${path}: no such file or directory`;
		if (k in data)
			return `cannot add key ${k}, another key by that name already exists in Data for Secret "${name}"`;
		data[k] = base64(text);
	}
	const sorted = Object.fromEntries(
		Object.keys(data)
			.sort()
			.map((k) => [k, data[k]])
	);
	return {
		apiVersion: 'v1',
		kind: 'Secret',
		metadata: { name, namespace: ns } as KubeObject['metadata'],
		...(Object.keys(sorted).length > 0 ? { data: sorted } : {}),
		// Set only when given: the API server defaults it to Opaque.
		...(f.type !== undefined ? { type: f.type } : {})
	};
}

/** `names`: what follows `secret`; a string is the error line (without `error: `). */
export async function buildSecret(
	names: readonly string[],
	ns: string,
	f: SecretFlags,
	vfs: Vfs
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
	return kind === 'tls' ? tlsSecret(name, ns, f, vfs) : genericSecret(name, ns, f, vfs);
}
