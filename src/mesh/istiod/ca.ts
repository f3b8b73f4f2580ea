/**
 * istiod's certificate authority: a self-signed root and workload certificates signed from CSRs.
 * Mirrors istio security/pkg/pki/ca/ca.go (NewSelfSignedIstioCAOptions, IstioCA.Sign) and
 * security/pkg/server/ca/server.go (CreateCertificate: impersonation check, chain response).
 */
import type { Clock } from '../clock.ts';
import type { Rng } from '../random.ts';
import {
	type WorkloadCerts,
	createCsr,
	generateKeyPair,
	simDate,
	toPem
} from '../tls/certificate.ts';
import { DEFAULT_TRUST_DOMAIN, type SpiffeId } from '../tls/identity.ts';
import { type Pkcs10CertificateRequest, type X509Certificate, x509 } from '../tls/x509.ts';
import { type SimMillis, ms } from '../types.ts';
import { genCertFromCsr, genRootCert, leafExtensions } from './ca-generate-cert.ts';
import { requestedIdentity, verifyCsr } from './csr.ts';

const HOUR = 3_600_000;
/** Istio's `CITADEL_SELF_SIGNED_CA_CERT_TTL` default, 87600h. */
export const ROOT_TTL = ms(3650 * 24 * HOUR);
/** `DEFAULT_WORKLOAD_CERT_TTL`: what ztunnel gets when it asks for no particular lifetime. */
export const DEFAULT_CERT_TTL = ms(24 * HOUR);
/** `MAX_WORKLOAD_CERT_TTL`. */
export const MAX_CERT_TTL = ms(90 * 24 * HOUR);

/** istio security/pkg/pki/error types, plus the server's authentication failure. */
export type CaErrorCode = 'CSRError' | 'TTLError' | 'CertGenError' | 'Unauthenticated';

export interface CaError {
	readonly type: 'ca-error';
	readonly code: CaErrorCode;
	/** What the gRPC caller (ztunnel) logs. */
	readonly message: string;
}

export function isCaError(x: unknown): x is CaError {
	return typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'ca-error';
}

const signingError = (code: CaErrorCode, detail: string): CaError => ({
	type: 'ca-error',
	code,
	message: `CSR signing error (${detail})`
});

export interface CaOptions {
	readonly rng: Rng;
	readonly clock: Pick<Clock, 'now'>;
	/** The host's WebCrypto (the runtime tracks it). */
	readonly crypto: Crypto;
	readonly trustDomain?: string;
	/** Reuse a key pair (tests, benchmarks): key generation is the costly part of a new CA. */
	readonly keys?: CryptoKeyPair;
	readonly rootTtl?: SimMillis;
	readonly maxCertTtl?: SimMillis;
}

export interface SignOptions {
	/** Requested lifetime; non-positive or absent means the default 24h. */
	readonly ttl?: SimMillis;
	/**
	 * Whether the caller may hold this identity. A ztunnel may request only the identities of
	 * pods on its own node (istiod's node authorizer for CA_TRUSTED_NODE_ACCOUNTS).
	 */
	readonly allowed: (id: SpiffeId) => boolean;
}

export interface IssuedCert {
	readonly id: SpiffeId;
	readonly leaf: X509Certificate;
	/** `[leaf, root]`. */
	readonly certChain: readonly X509Certificate[];
	/** One PEM per certificate, each ending in a newline, as IstioCertificateResponse.cert_chain. */
	readonly certChainPem: readonly string[];
}

export interface IstioCa {
	readonly trustDomain: string;
	/** The root leaves are issued under now (a rotation replaces it). */
	readonly root: X509Certificate;
	readonly rootPem: string;
	/** The lifetime a (re)generated root gets: `CITADEL_SELF_SIGNED_CA_CERT_TTL`. */
	readonly rootTtl: SimMillis;
	/**
	 * Every root a peer may still chain to: the current one and earlier ones not yet expired
	 * (after a rotation, leaves issued under the old root stay valid until they are renewed).
	 */
	roots(): readonly X509Certificate[];
	/**
	 * A new self-signed root from the same key and subject, valid `rootTtl` from now: istio's
	 * GenRootCertFromExistingKey, as SelfSignedCARootCertRotator calls it. Leaves signed before
	 * and after chain to either root (same key and name), so nothing breaks mid-rotation.
	 */
	rotateRoot(): Promise<X509Certificate>;
	/** Verifies and signs a workload CSR (PEM or parsed); errors are values. */
	sign(csr: string | Pkcs10CertificateRequest, options: SignOptions): Promise<IssuedCert | CaError>;
	/**
	 * A fresh key and a certificate for DNS `hostnames` (istiod's own serving certificate on
	 * 15012): IstioCA.GenKeyCert, as pilot/pkg/bootstrap/certcontroller.go initDNSCertsIstiod
	 * calls it with istiod's service names and SelfSignedCACertTTL.
	 */
	genKeyCert(hostnames: readonly string[], ttl: SimMillis): Promise<WorkloadCerts | CaError>;
}

/** Go's time.Duration.String for whole milliseconds: `24h0m0s`, `1m30s`, `500ms`. */
export function formatGoDuration(d: SimMillis): string {
	if (d < 1000) return `${d}ms`;
	const h = Math.floor(d / HOUR);
	const m = Math.floor((d % HOUR) / 60_000);
	const s = (d % 60_000) / 1000;
	if (h > 0) return `${h}h${m}m${s}s`;
	return m > 0 ? `${m}m${s}s` : `${s}s`;
}

/** A random positive 128-bit serial, as Go's x509 callers in Istio draw them, but seeded. */
export function serialNumber(rng: Rng): string {
	const bytes = Array.from({ length: 16 }, () => rng.int(256));
	// Positive and without a leading zero byte, so the hex shown equals the DER INTEGER.
	bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
	return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * What the CA's parts share: its key, its current root and the roots before it, and what every
 * leaf carries. Mirrors security/pkg/pki/ca/ca.go `IstioCA` with its `util.KeyCertBundle`.
 */
interface KeyCertBundle {
	readonly crypto: Crypto;
	readonly clock: Pick<Clock, 'now'>;
	readonly keys: CryptoKeyPair;
	readonly trustDomain: string;
	/** Root and workload serials. */
	readonly rng: Rng;
	/** istiod's serving certificate serials. */
	readonly dnsRng: Rng;
	readonly rootTtl: SimMillis;
	readonly maxTtl: SimMillis;
	readonly leafExtensions: readonly x509.Extension[];
	root: X509Certificate;
	rootPem: string;
	/** Earlier roots, kept for `roots()` while they are valid. */
	previous: X509Certificate[];
}

/** A new self-signed root from the CA's key, valid `rootTtl` from now. */
function selfSignedRoot(
	b: Pick<KeyCertBundle, 'crypto' | 'clock' | 'keys' | 'trustDomain' | 'rng' | 'rootTtl'>
): Promise<X509Certificate> {
	return genRootCert({
		keys: b.keys,
		crypto: b.crypto,
		org: b.trustDomain,
		now: simDate(b.clock.now()),
		serialNumber: serialNumber(b.rng),
		ttl: b.rootTtl
	});
}

/** A leaf signed by the current root (CertGenError when signing fails). */
async function signLeaf(
	b: KeyCertBundle,
	publicKey: x509.PublicKeyType,
	serial: string,
	ttl: SimMillis,
	sans: x509.JsonGeneralNames
): Promise<X509Certificate | CaError> {
	const at = simDate(b.clock.now()).getTime();
	try {
		return await genCertFromCsr({
			publicKey,
			serialNumber: serial,
			issuer: b.root,
			signingKey: b.keys.privateKey,
			extensions: b.leafExtensions,
			at,
			ttl,
			sans,
			crypto: b.crypto
		});
	} catch (e) {
		return signingError('CertGenError', e instanceof Error ? e.message : String(e));
	}
}

/** IstioCA.Sign: checks the CSR, its TTL and the caller's right to the identity, then signs. */
async function signCsr(
	b: KeyCertBundle,
	input: string | Pkcs10CertificateRequest,
	opts: SignOptions
): Promise<IssuedCert | CaError> {
	let csr: Pkcs10CertificateRequest;
	try {
		csr = typeof input === 'string' ? new x509.Pkcs10CertificateRequest(input) : input;
	} catch {
		return signingError('CSRError', 'certificate signing request is not properly encoded');
	}
	const requested = opts.ttl !== undefined && opts.ttl > 0 ? opts.ttl : DEFAULT_CERT_TTL;
	if (requested > b.maxTtl) {
		return signingError(
			'TTLError',
			`requested TTL ${formatGoDuration(requested)} is greater than the max allowed TTL ${formatGoDuration(b.maxTtl)}`
		);
	}
	if (!(await verifyCsr(csr, b.crypto))) {
		return signingError('CSRError', 'certificate signing request signature is invalid');
	}
	const id = requestedIdentity(csr);
	if (typeof id !== 'string') return signingError('CSRError', id.message);
	if (!opts.allowed(id)) {
		// Opaque on purpose, as istiod: the reason goes to its log, not to the caller.
		return {
			type: 'ca-error',
			code: 'Unauthenticated',
			message: 'request impersonation authentication failure'
		};
	}
	const leaf = await signLeaf(b, csr.publicKey, serialNumber(b.rng), requested, [
		{ type: 'url', value: id }
	]);
	if (!(leaf instanceof x509.X509Certificate)) return leaf;
	return { id, leaf, certChain: [leaf, b.root], certChainPem: [toPem(leaf), b.rootPem] };
}

/** IstioCA.GenKeyCert: a fresh key and a DNS certificate for it. */
async function genKeyCert(
	b: KeyCertBundle,
	hostnames: readonly string[],
	ttl: SimMillis
): Promise<WorkloadCerts | CaError> {
	const pair = await generateKeyPair(b.crypto);
	// Its own draw: workload serials stay the sequence they were before 15012 had TLS.
	const leaf = await signLeaf(
		b,
		pair.publicKey,
		serialNumber(b.dnsRng),
		ttl,
		hostnames.map((value) => ({ type: 'dns' as const, value }))
	);
	if (!(leaf instanceof x509.X509Certificate)) return leaf;
	return { certChain: [leaf, b.root], privateKey: pair.privateKey };
}

/** GenRootCertFromExistingKey, as SelfSignedCARootCertRotator calls it. */
async function rotateRoot(b: KeyCertBundle): Promise<X509Certificate> {
	const next = await selfSignedRoot(b);
	b.previous = [b.root, ...b.previous];
	b.root = next;
	b.rootPem = toPem(next);
	return next;
}

/**
 * Creates istiod's self-signed root (`O=<trust domain>`, ECDSA P-256, 10 years from now) and the
 * CA that signs with it.
 */
export async function createSelfSignedCa(options: CaOptions): Promise<IstioCa> {
	const crypto = options.crypto;
	const keys = options.keys ?? (await generateKeyPair(crypto));
	const rng = options.rng;
	const base = {
		crypto,
		clock: options.clock,
		keys,
		trustDomain: options.trustDomain ?? DEFAULT_TRUST_DOMAIN,
		rng,
		dnsRng: rng.fork('istiod-dns-cert'),
		rootTtl: options.rootTtl ?? ROOT_TTL,
		maxTtl: options.maxCertTtl ?? MAX_CERT_TTL
	};
	const root = await selfSignedRoot(base);
	const b: KeyCertBundle = {
		...base,
		root,
		rootPem: toPem(root),
		previous: [],
		// The same for every leaf: built once.
		leafExtensions: leafExtensions(
			await x509.AuthorityKeyIdentifierExtension.create(root, false, crypto)
		)
	};
	return {
		trustDomain: b.trustDomain,
		rootTtl: b.rootTtl,
		sign: (input, opts) => signCsr(b, input, opts),
		genKeyCert: (hostnames, ttl) => genKeyCert(b, hostnames, ttl),
		get root() {
			return b.root;
		},
		get rootPem() {
			return b.rootPem;
		},
		roots() {
			const now = simDate(options.clock.now()).getTime();
			return [b.root, ...b.previous.filter((r) => r.notAfter.getTime() > now)];
		},
		rotateRoot: () => rotateRoot(b)
	};
}

/**
 * Key pair + CSR + signature in one step: what ztunnel's SecretManager does for an identity.
 * Meant for tests, benchmarks and bootstrapping; proxies call `sign` through istiod.
 */
export async function issueWorkloadCerts(
	ca: IstioCa,
	id: SpiffeId,
	options: { crypto: Crypto; ttl?: SimMillis }
): Promise<WorkloadCerts | CaError> {
	const crypto = options.crypto;
	const keys = await generateKeyPair(crypto);
	const csr = await createCsr(id, keys, crypto);
	const issued = await ca.sign(csr, {
		allowed: (requested) => requested === id,
		...(options.ttl !== undefined ? { ttl: options.ttl } : {})
	});
	return isCaError(issued) ? issued : { certChain: issued.certChain, privateKey: keys.privateKey };
}
