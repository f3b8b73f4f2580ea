/**
 * The simulated internet's web PKI: one root CA, made once by scripts/make-web-pki.ts and kept
 * here, so what curl trusts (the images' CA bundle; not a file a pod can read here) and the
 * servers on the simulated internet agree without an exchange. Its private key is public on purpose:
 * nothing here protects anything real. Each external server signs a fresh leaf for its name at
 * start (`issueServerCert`); curl verifies chains against `webRoots()`.
 */
import {
	SIGNING_ALGORITHM,
	generateKeyPair,
	parsePemChain,
	simDate,
	type WorkloadCerts
} from './certificate.ts';
import { isTlsError } from './errors.ts';
import { type X509Certificate, x509 } from './x509.ts';
import type { SimMillis } from '../types.ts';

export const WEB_ROOT_PEM = `-----BEGIN CERTIFICATE-----
MIIBzjCCAXWgAwIBAgIBATAKBggqhkjOPQQDAjBPMTMwMQYDVQQDEypNZXNoIFBs
YXlncm91bmQgU2ltdWxhdGVkIEludGVybmV0IFJvb3QgQ0ExGDAWBgNVBAoTD01l
c2ggUGxheWdyb3VuZDAeFw0yNTAxMDEwMDAwMDBaFw0zNjAxMDEwMDAwMDBaME8x
MzAxBgNVBAMTKk1lc2ggUGxheWdyb3VuZCBTaW11bGF0ZWQgSW50ZXJuZXQgUm9v
dCBDQTEYMBYGA1UEChMPTWVzaCBQbGF5Z3JvdW5kMFkwEwYHKoZIzj0CAQYIKoZI
zj0DAQcDQgAEUV6nEGWZMAeL+92IHI1RDk1Lt0MPUMfwOSocygEIcx1E6/cKz51E
4jNxIFxVSDrWdN1PQqlWvygo4YOwjqnH66NCMEAwDwYDVR0TAQH/BAUwAwEB/zAO
BgNVHQ8BAf8EBAMCAQYwHQYDVR0OBBYEFNhIANymcTXEmKyykH58KMQ4hdFaMAoG
CCqGSM49BAMCA0cAMEQCIFw/meIfYqIfbo526ISxP98q2kTRUPQF8VP3ebiWHjiY
AiBnXrbE/R6rskuAb5RE0KBJsYAwdPqV1lya6QC575Qpeg==
-----END CERTIFICATE-----
`;

/** The root's private key (P-256), as JWK. */
const ROOT_KEY: JsonWebKey = {
	key_ops: ['sign'],
	ext: true,
	kty: 'EC',
	x: 'UV6nEGWZMAeL-92IHI1RDk1Lt0MPUMfwOSocygEIcx0',
	y: 'ROv3Cs-dROIzcSBcVUg61nTdT0KpVr8oKOGDsI6px-s',
	crv: 'P-256',
	d: 'F3MT-hcL_5Qm0sUt3ncU3roKVdBu1lJ-Fp6yHpoHYM8'
};

let roots: X509Certificate[] | undefined;

/** The trusted roots of the images' CA bundle. */
export function webRoots(): X509Certificate[] {
	if (!roots) {
		const parsed = parsePemChain(WEB_ROOT_PEM);
		roots = isTlsError(parsed) ? [] : parsed;
	}
	return roots;
}

const HOUR_MS = 3_600_000;

/** A server certificate for `hostname`, valid from an hour before `now` for 90 days. */
export async function issueServerCert(
	hostname: string,
	now: SimMillis,
	serial: string,
	crypto: Crypto
): Promise<WorkloadCerts> {
	const root = webRoots()[0];
	if (!root) throw new Error('web PKI root does not parse');
	const signingKey = await crypto.subtle.importKey('jwk', ROOT_KEY, SIGNING_ALGORITHM, false, [
		'sign'
	]);
	const pair = await generateKeyPair(crypto);
	const at = Math.floor(simDate(now).getTime() / 1000) * 1000;
	const leaf = await x509.X509CertificateGenerator.create(
		{
			serialNumber: serial,
			subject: `CN=${hostname}`,
			issuer: root.subjectName,
			publicKey: pair.publicKey,
			signingKey,
			signingAlgorithm: SIGNING_ALGORITHM,
			notBefore: new Date(at - HOUR_MS),
			notAfter: new Date(at + 90 * 24 * HOUR_MS),
			extensions: [
				new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: hostname }], false),
				new x509.BasicConstraintsExtension(false, undefined, true),
				new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
				new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth])
			]
		},
		crypto
	);
	return { certChain: [leaf, root], privateKey: pair.privateKey };
}
