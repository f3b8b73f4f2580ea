/**
 * What istiod says about a Gateway API listener's `tls` (istio 1.30.3
 * pilot/pkg/config/kube/gateway/conversion.go `buildTLS`, `buildSecretReference`;
 * pilot/pkg/credentials/kube/secrets.go `ExtractCertInfo`): each `certificateRefs` entry must be
 * a core Secret that exists and holds `cert`/`key` or `tls.crt`/`tls.key`. The error becomes the
 * listener's ResolvedRefs (InvalidCertificateRef) and Programmed ("Bad TLS configuration").
 * Simplified: the key pair itself is not loaded (Go's tls.X509KeyPair, "the certificate is
 * malformed"), and a reference to another namespace is not judged (no ReferenceGrants).
 */
import type { KubeObject } from '../api/objects.ts';
import { obj } from '../json.ts';

type Obj = Record<string, unknown>;
const str = (x: unknown): string => (typeof x === 'string' ? x : '');

/** The Secret `namespace/name`, or undefined when there is none. */
export type SecretLookup = (namespace: string, name: string) => KubeObject | undefined;

const TERMINATE_MODE_KEY = 'gateway.istio.io/tls-terminate-mode';

/** secretObjectReferenceString: group/kind/name.namespace, empty parts kept. */
const refString = (ref: Obj): string =>
	`${str(ref['group'])}/${str(ref['kind'])}/${str(ref['name'])}.${str(ref['namespace'])}`;

/** hasValue / hasKeys over a Secret's data (base64 strings; empty means no bytes). */
function extractCertInfoError(secret: KubeObject): string | undefined {
	const data = obj(secret['data']);
	const has = (...keys: string[]) => keys.every((k) => str(data[k]) !== '');
	const present = (...keys: string[]) => keys.every((k) => k in data);
	if (has('cert', 'key') || has('tls.crt', 'tls.key')) return undefined;
	if (present('cert', 'key')) return `found keys "cert" and "key", but they were empty`;
	if (present('tls.crt', 'tls.key'))
		return `found keys "tls.crt" and "tls.key", but they were empty`;
	const keys = Object.keys(data).sort();
	const found =
		keys.length < 3
			? keys.join(', ')
			: `${keys.slice(0, 3).join(', ')}, and ${keys.length - 3} more...`;
	return `found secret, but didn't have expected keys (cert and key) or (tls.crt and tls.key); found: ${found}`;
}

function secretRefError(ref: Obj, gwNamespace: string, lookup: SecretLookup): string | undefined {
	const group = str(ref['group']);
	const kind = ref['kind'] === undefined ? 'Secret' : str(ref['kind']);
	if (group !== '' || kind !== 'Secret')
		return `invalid certificate reference ${refString(ref)}, only secret is allowed`;
	const namespace = str(ref['namespace']) || gwNamespace;
	const key = `${namespace}/${str(ref['name'])}`;
	if (namespace !== gwNamespace) return undefined; // ReferenceGrants are not modelled
	const secret = lookup(namespace, str(ref['name']));
	if (!secret) return `invalid certificate reference ${refString(ref)}, secret ${key} not found`;
	const invalid = extractCertInfoError(secret);
	return invalid ? `invalid certificate reference ${refString(ref)}, ${invalid}` : undefined;
}

/** The listener's TLS error (buildTLS's ConfigError message), or undefined when it resolves. */
export function listenerTlsError(
	listener: Obj,
	gwNamespace: string,
	lookup: SecretLookup
): string | undefined {
	const tls = listener['tls'];
	if (tls === undefined) return undefined;
	const t = obj(tls);
	if ((t['mode'] ?? 'Terminate') !== 'Terminate') return undefined;
	const option = str(obj(t['options'])[TERMINATE_MODE_KEY]);
	if (option === 'ISTIO_SIMPLE' || option === 'ISTIO_MUTUAL') return undefined;
	const refs = Array.isArray(t['certificateRefs']) ? t['certificateRefs'].map(obj) : [];
	if (refs.length > 2) return 'TLS mode can only support up to 2 server certificates';
	const errors: string[] = [];
	let valid = 0;
	for (const ref of refs) {
		const e = secretRefError(ref, gwNamespace, lookup);
		if (e) errors.push(e);
		else valid++;
	}
	return valid === 0 && errors.length > 0 ? errors.join('; ') : undefined;
}
