/**
 * Gateway credentials as istiod's credential controller reads them from Secrets and serves them
 * over SDS (istio 1.30.3 pilot/pkg/credentials/kube/secrets.go: `ExtractCertInfo` takes
 * `tls.crt`/`tls.key` or `cert`/`key`; `GetCaCert` reads `<name>-cacert` and falls back to the
 * Secret itself, whose root is `cacert` or `ca.crt`, a bundle allowed). The proxy gets the PEM
 * text (SDS's inline bytes); it loads the key pair itself.
 */
import type { KubeObject } from '../api/objects.ts';
import type { TlsServerConfig } from '../xds/waypoint-config.ts';
import { obj } from '../json.ts';

/** SdsCaSuffix: the Secret that holds a credential's client CA when it is a separate one. */
export const CA_SUFFIX = '-cacert';

const CREDENTIAL_KEYS = ['tls.crt', 'cert', 'cacert', 'ca.crt'];

/** A Secret istiod's credential controller would serve (TLS type, or one with certificate keys). */
export function isCredentialSecret(o: KubeObject): boolean {
	if (o.kind !== 'Secret') return false;
	if (o['type'] === 'kubernetes.io/tls') return true;
	const data = obj(o['data']);
	return CREDENTIAL_KEYS.some((k) => k in data);
}

function decode(b64: unknown): string {
	if (typeof b64 !== 'string' || b64 === '') return '';
	try {
		const bin = atob(b64);
		const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
		return new TextDecoder().decode(bytes);
	} catch {
		return '';
	}
}

export interface Credential {
	readonly certChain: string;
	readonly privateKey: string;
	/** The client CA bundle (MUTUAL), when the Secret (or `<name>-cacert`) has one. */
	readonly caCert?: string;
}

type Find = (namespace: string, name: string) => KubeObject | undefined;

export function secretFinder(secrets: readonly KubeObject[]): Find {
	const byKey = new Map(
		secrets.map((s) => [`${s.metadata.namespace ?? ''}/${s.metadata.name}`, s])
	);
	return (namespace, name) => byKey.get(`${namespace}/${name}`);
}

function rootOf(secret: KubeObject | undefined): string | undefined {
	const data = obj(secret?.['data']);
	const root = decode(data['cacert']) || decode(data['ca.crt']);
	return root === '' ? undefined : root;
}

/** The key pair (and client CA) of Secret `namespace/name`, or undefined (missing, no keys). */
export function credentialOf(find: Find, namespace: string, name: string): Credential | undefined {
	const secret = find(namespace, name);
	if (!secret) return undefined;
	const data = obj(secret['data']);
	const [cert, key] =
		decode(data['tls.crt']) !== ''
			? [decode(data['tls.crt']), decode(data['tls.key'])]
			: [decode(data['cert']), decode(data['key'])];
	if (cert === '' || key === '') return undefined;
	const caCert = rootOf(find(namespace, `${name}${CA_SUFFIX}`)) ?? rootOf(secret);
	return { certChain: cert, privateKey: key, ...(caCert ? { caCert } : {}) };
}

/** One TLS server: its SNI names, mode, and the credential it serves; undefined without one. */
export function tlsServer(
	find: Find,
	namespace: string,
	credentialName: string,
	hosts: readonly string[],
	mode: 'SIMPLE' | 'MUTUAL'
): TlsServerConfig | undefined {
	const c = credentialOf(find, namespace, credentialName);
	if (!c) return undefined;
	// MUTUAL without a CA: istiod cannot build the validation context; the server is dropped.
	if (mode === 'MUTUAL' && !c.caCert) return undefined;
	return { hosts, mode, credential: `${namespace}/${credentialName}`, ...c };
}
