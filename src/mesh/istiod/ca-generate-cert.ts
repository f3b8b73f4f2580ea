/**
 * The X.509 the CA builds: its self-signed root and the leaves it signs. Mirrors istio
 * security/pkg/pki/util/generate_cert.go (`GenCertKeyFromOptions` for a self-signed CA,
 * `GenCertFromCSR`); the CA (`ca.ts`) decides what to sign, this only builds and signs it.
 * Errors are thrown as x509 throws them; the CA turns them into `CertGenError`.
 */
import { SIGNING_ALGORITHM } from '../tls/certificate.ts';
import { type X509Certificate, x509 } from '../tls/x509.ts';
import type { SimMillis } from '../types.ts';

/** Leaves are backdated by Istio's ClockSkewGracePeriod so a peer slightly behind accepts them. */
const CLOCK_SKEW_GRACE = 2 * 60_000;

/** Certificates carry whole seconds; rounding here keeps notBefore/notAfter exact. */
const seconds = (d: Date): Date => new Date(Math.floor(d.getTime() / 1000) * 1000);

export interface RootCertOptions {
	readonly keys: CryptoKeyPair;
	readonly crypto: Crypto;
	/** The subject's organisation: the trust domain. */
	readonly org: string;
	readonly serialNumber: string;
	readonly now: Date;
	readonly ttl: SimMillis;
}

/** A self-signed CA certificate (`O=<org>`, keyCertSign and cRLSign), valid `ttl` from now. */
export async function genRootCert(o: RootCertOptions): Promise<X509Certificate> {
	return x509.X509CertificateGenerator.createSelfSigned(
		{
			serialNumber: o.serialNumber,
			name: [{ O: [o.org] }],
			keys: o.keys,
			signingAlgorithm: SIGNING_ALGORITHM,
			notBefore: seconds(o.now),
			notAfter: seconds(new Date(o.now.getTime() + o.ttl)),
			extensions: [
				new x509.BasicConstraintsExtension(true, undefined, true),
				new x509.KeyUsagesExtension(
					x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
					true
				),
				await x509.SubjectKeyIdentifierExtension.create(o.keys.publicKey, false, o.crypto)
			]
		},
		o.crypto
	);
}

/**
 * What every leaf carries beside its SAN, built once per CA; `authorityKeyId` is the root's
 * (`x509.AuthorityKeyIdentifierExtension.create(root)`, asynchronous, so the caller awaits it).
 */
export function leafExtensions(authorityKeyId: x509.Extension): x509.Extension[] {
	return [
		new x509.BasicConstraintsExtension(false, undefined, true),
		new x509.KeyUsagesExtension(
			x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
			true
		),
		new x509.ExtendedKeyUsageExtension([
			x509.ExtendedKeyUsage.serverAuth,
			x509.ExtendedKeyUsage.clientAuth
		]),
		authorityKeyId
	];
}

export interface LeafCertOptions {
	readonly publicKey: x509.PublicKeyType;
	readonly serialNumber: string;
	readonly issuer: X509Certificate;
	readonly signingKey: CryptoKey;
	readonly extensions: readonly x509.Extension[];
	/** Sim time in ms since the epoch. */
	readonly at: number;
	readonly ttl: SimMillis;
	readonly sans: x509.JsonGeneralNames;
	readonly crypto: Crypto;
}

/**
 * A leaf signed by `issuer`, valid from CLOCK_SKEW_GRACE ago for `ttl`. Its subject is empty, so
 * the SAN is critical (RFC 5280 §4.2.1.6), as Istio's leaves.
 */
export function genCertFromCsr(o: LeafCertOptions): Promise<X509Certificate> {
	return x509.X509CertificateGenerator.create(
		{
			serialNumber: o.serialNumber,
			issuer: o.issuer.subjectName,
			publicKey: o.publicKey,
			signingKey: o.signingKey,
			signingAlgorithm: SIGNING_ALGORITHM,
			notBefore: seconds(new Date(o.at - CLOCK_SKEW_GRACE)),
			notAfter: seconds(new Date(o.at + o.ttl)),
			extensions: [new x509.SubjectAlternativeNameExtension(o.sans, true), ...o.extensions]
		},
		o.crypto
	);
}
