/**
 * X.509 for the mesh: workload keys and CSRs, the facts `istioctl ztunnel-config certificates`
 * prints, and chain verification against a trust root at a sim-time instant.
 * Mirrors ztunnel src/tls/certificate.rs (`Certs`, leaf + chain) and its verifier's checks.
 */
import { SIM_EPOCH_MS as EPOCH_MS } from '../epoch.ts';
import type { SimMillis } from '../types.ts';
import { type TlsError, decodeError, isTlsError, tlsError, unknownIssuer } from './errors.ts';
import { type SpiffeId, isIdentityError, parseSpiffeId } from './identity.ts';
import { type X509Certificate, x509 } from './x509.ts';
import { encodeBase64 as base64 } from '../base64.ts';

export type { X509Certificate } from './x509.ts';

/** Workload and CA keys: ECDSA P-256 with SHA-256, as Istio's default workload certificates. */
export const SIGNING_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** A leaf certificate, the chain up to (and including) the root, and the leaf's private key. */
export interface WorkloadCerts {
	/** `[leaf, ...intermediates, root]`, the order istiod returns them in. */
	readonly certChain: readonly X509Certificate[];
	readonly privateKey: CryptoKey;
}

/** The calendar instant a sim time stands for (sim time 0 is `EPOCH_MS`). */
export function simDate(now: SimMillis): Date {
	return new Date(EPOCH_MS + now);
}

/** RFC 3339 at second precision, as istioctl prints NOT AFTER / NOT BEFORE. */
export function rfc3339(d: Date): string {
	return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function generateKeyPair(crypto: Crypto): Promise<CryptoKeyPair> {
	return crypto.subtle.generateKey(SIGNING_ALGORITHM, false, ['sign', 'verify']);
}

/**
 * A PKCS#10 request for `id` with the SPIFFE id as its only SAN and an empty subject, as
 * ztunnel's CA client (src/identity/caclient.rs → tls::csr) builds it.
 */
export async function createCsr(
	id: SpiffeId,
	keys: CryptoKeyPair,
	crypto: Crypto
): Promise<string> {
	const csr = await x509.Pkcs10CertificateRequestGenerator.create(
		{
			keys,
			signingAlgorithm: SIGNING_ALGORITHM,
			extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'url', value: id }], true)]
		},
		crypto
	);
	return csr.toString('pem');
}

/** Parses one certificate (PEM, DER, base64); malformed input is a value, never a throw. */
export function parseCertificate(data: string | Uint8Array): X509Certificate | TlsError {
	try {
		const bytes = typeof data === 'string' ? data : data.slice().buffer;
		return new x509.X509Certificate(bytes);
	} catch (e) {
		return decodeError(`bad certificate: ${e instanceof Error ? e.message : String(e)}`);
	}
}

// Peers present the same few certificates again and again (one per workload identity, pooled
// tunnels), and ASN.1 parsing costs about as much as a signature check: DER → parsed cache.
const parsed = new Map<string, X509Certificate>();
const PARSED_LIMIT = 1024;

/** `parseCertificate` for DER from the wire, memoised. X509Certificate is immutable. */
export function parseDer(der: Uint8Array): X509Certificate | TlsError {
	const k = base64(der);
	const hit = parsed.get(k);
	if (hit) return hit;
	const cert = parseCertificate(der);
	if (isTlsError(cert)) return cert;
	if (parsed.size >= PARSED_LIMIT) parsed.clear();
	parsed.set(k, cert);
	return cert;
}

/** Splits a PEM bundle (istiod's `certChain`, a Secret's `ca.crt`) into certificates. */
export function parsePemChain(pem: string): X509Certificate[] | TlsError {
	const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
	if (!blocks) return decodeError('no certificate in PEM data');
	const certs: X509Certificate[] = [];
	for (const block of blocks) {
		const cert = parseCertificate(block);
		if (isTlsError(cert)) return cert;
		certs.push(cert);
	}
	return certs;
}

export function toPem(cert: X509Certificate): string {
	return `${cert.toString('pem')}\n`;
}

export function toDer(cert: X509Certificate): Uint8Array {
	return new Uint8Array(cert.rawData);
}

/** URI SANs of a certificate, in order. */
export function uriSans(cert: X509Certificate): string[] {
	const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
	return san ? san.names.items.filter((n) => n.type === 'url').map((n) => n.value) : [];
}

/** The workload identity a certificate carries (its URI SAN), as ztunnel reads peer certs. */
export function spiffeIdOf(cert: X509Certificate): SpiffeId | TlsError {
	const uris = uriSans(cert);
	const first = uris[0];
	if (first === undefined) return tlsError('BadIdentity', 'certificate has no SPIFFE identity');
	const id = parseSpiffeId(first);
	return isIdentityError(id) ? tlsError('BadIdentity', id.message) : id;
}

export function isCa(cert: X509Certificate): boolean {
	return cert.getExtension(x509.BasicConstraintsExtension)?.ca === true;
}

/** One row of `istioctl ztunnel-config certificates`, before formatting. */
export interface CertFacts {
	/** Lower-case hex without leading zero bytes, as istioctl prints it. */
	readonly serialNumber: string;
	readonly notBefore: string;
	readonly notAfter: string;
	/** The first URI SAN, or `undefined` for a root. */
	readonly san: string | undefined;
	readonly subject: string;
	readonly issuer: string;
	readonly isCa: boolean;
	readonly pem: string;
}

export function certFacts(cert: X509Certificate): CertFacts {
	return {
		serialNumber: cert.serialNumber.toLowerCase().replace(/^(00)+(?=.)/, ''),
		notBefore: rfc3339(cert.notBefore),
		notAfter: rfc3339(cert.notAfter),
		san: uriSans(cert)[0],
		subject: cert.subject,
		issuer: cert.issuer,
		isCa: isCa(cert),
		pem: toPem(cert)
	};
}

/** Whether `cert` is valid at `now` (inclusive bounds, as RFC 5280 §4.1.2.5). */
export function validityError(cert: X509Certificate, now: SimMillis): TlsError | undefined {
	const at = simDate(now).getTime();
	if (at > cert.notAfter.getTime()) return tlsError('Expired', 'certificate has expired');
	if (at < cert.notBefore.getTime()) return tlsError('NotValidYet', 'certificate is not yet valid');
	return undefined;
}

// Importing an SPKI costs more than an ECDSA verify, and peers present the same certificates
// again and again (pooled tunnels, one root), so imported keys are cached by their DER.
const keyCache = new WeakMap<Crypto, Map<string, Promise<CryptoKey>>>();
const KEY_CACHE_LIMIT = 4096;

/** The certificate's public key as a WebCrypto ECDSA verification key. */
export function publicKeyOf(cert: X509Certificate, crypto: Crypto): Promise<CryptoKey> {
	let cache = keyCache.get(crypto);
	if (!cache) keyCache.set(crypto, (cache = new Map()));
	const spki = cert.publicKey.rawData;
	const k = base64(new Uint8Array(spki));
	let key = cache.get(k);
	if (!key) {
		if (cache.size >= KEY_CACHE_LIMIT) cache.clear();
		key = crypto.subtle.importKey('spki', spki, SIGNING_ALGORITHM, true, ['verify']);
		// A rejected import must not poison the cache.
		key.catch(() => cache.delete(k));
		cache.set(k, key);
	}
	return key;
}

// A signature that verified once verifies forever: remember (certificate, issuer) pairs that
// did. Only successes are kept, so nothing can be poisoned into trust.
const verifiedPairs = new WeakMap<Crypto, Set<string>>();

async function signedBy(cert: X509Certificate, issuer: X509Certificate, crypto: Crypto) {
	if (cert.issuer !== issuer.subject) return false;
	let pairs = verifiedPairs.get(crypto);
	if (!pairs) verifiedPairs.set(crypto, (pairs = new Set()));
	const pair = `${base64(new Uint8Array(cert.rawData))}|${base64(new Uint8Array(issuer.rawData))}`;
	if (pairs.has(pair)) return true;
	let ok: boolean;
	try {
		// An RSA issuer (openssl's CA): the library imports its key for the certificate's own
		// signature algorithm (sha256WithRSAEncryption); ECDSA keys come from the cache.
		const publicKey =
			issuer.publicKey.algorithm.name === 'ECDSA'
				? await publicKeyOf(issuer, crypto)
				: issuer.publicKey;
		ok = await cert.verify({ publicKey, signatureOnly: true }, crypto);
	} catch {
		return false;
	}
	if (ok) {
		if (pairs.size >= KEY_CACHE_LIMIT) pairs.clear();
		pairs.add(pair);
	}
	return ok;
}

/** How many CA certificates may sit between a leaf and the root (Istio uses 0 or 1). */
const MAX_INTERMEDIATES = 4;

export interface VerifiedPeer {
	readonly leaf: X509Certificate;
	readonly id: SpiffeId;
}

/**
 * Verifies a presented chain `[leaf, ...rest]` against trusted roots at sim time `now`: each link
 * is signed by the next (intermediates must be CAs), the path ends at a root we trust, every
 * certificate on the path is within its validity, and the leaf carries a SPIFFE id. A root copy
 * at the end of `rest` is allowed and ignored; only our own root counts.
 */
export async function verifyChain(
	chain: readonly X509Certificate[],
	roots: readonly X509Certificate[],
	now: SimMillis,
	crypto: Crypto
): Promise<VerifiedPeer | TlsError> {
	const leaf = await verifyPath(chain, roots, now, crypto);
	if (isTlsError(leaf)) return leaf;
	const id = spiffeIdOf(leaf);
	return isTlsError(id) ? id : { leaf, id };
}

/** DNS SANs of a certificate, in order (a server's names: istiod's serving certificate). */
export function dnsSans(cert: X509Certificate): string[] {
	const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
	return san ? san.names.items.filter((n) => n.type === 'dns').map((n) => n.value) : [];
}

/**
 * The host name check a TLS client makes on the server's leaf (RFC 6125, as Go's
 * `VerifyHostname`): the name dialled must be one of the DNS SANs, case-insensitively; a
 * `*.` SAN matches one leftmost label.
 */
export function checkServerName(leaf: X509Certificate, serverName: string): TlsError | undefined {
	const want = serverName.toLowerCase().replace(/\.$/, '');
	const names = dnsSans(leaf);
	const matches = (san: string): boolean => {
		const s = san.toLowerCase();
		if (!s.startsWith('*.')) return s === want;
		const dot = want.indexOf('.');
		return dot > 0 && want.slice(dot) === s.slice(1);
	};
	if (names.some(matches)) return undefined;
	if (names.length === 0) {
		return tlsError(
			'NameMismatch',
			`certificate is not valid for any names, but wanted to match ${serverName}`
		);
	}
	return tlsError(
		'NameMismatch',
		`certificate is valid for ${names.join(', ')}, not ${serverName}`
	);
}

/** The chain part of `verifyChain`, for any leaf (a server's DNS certificate too): the leaf. */
export async function verifyPath(
	chain: readonly X509Certificate[],
	roots: readonly X509Certificate[],
	now: SimMillis,
	crypto: Crypto
): Promise<X509Certificate | TlsError> {
	const leaf = chain[0];
	if (!leaf) return tlsError('BadIdentity', 'peer sent no certificates');
	const path: X509Certificate[] = [leaf];
	let current = leaf;
	for (let depth = 0; ; depth++) {
		let anchor: X509Certificate | undefined;
		for (const root of roots) {
			if (await signedBy(current, root, crypto)) {
				anchor = root;
				break;
			}
		}
		if (anchor) {
			path.push(anchor);
			break;
		}
		if (depth >= MAX_INTERMEDIATES) return unknownIssuer();
		let next: X509Certificate | undefined;
		for (const candidate of chain.slice(1)) {
			if (path.includes(candidate) || !isCa(candidate)) continue;
			if (await signedBy(current, candidate, crypto)) {
				next = candidate;
				break;
			}
		}
		if (!next) return unknownIssuer();
		path.push(next);
		current = next;
	}
	for (const cert of path) {
		const invalid = validityError(cert, now);
		if (invalid) return invalid;
	}
	return leaf;
}
