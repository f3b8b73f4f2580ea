/**
 * A private key from PEM for signing CertificateVerify: unencrypted PKCS#8 (`BEGIN PRIVATE
 * KEY`, what `openssl req -nodes` writes), RSA (imported for RSA-PSS, as TLS 1.3 signs with it)
 * or ECDSA P-256. Undefined for anything else (PKCS#1/SEC1 blocks WebCrypto cannot import).
 */
import { x509 } from './x509.ts';

const IMPORTS: readonly (RsaHashedImportParams | EcKeyImportParams)[] = [
	{ name: 'RSA-PSS', hash: 'SHA-256' },
	{ name: 'ECDSA', namedCurve: 'P-256' }
];

export async function importPrivateKeyPem(
	crypto: Crypto,
	pem: string
): Promise<CryptoKey | undefined> {
	const m = /-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----/.exec(pem);
	if (!m) return undefined;
	let der: ArrayBuffer;
	try {
		der = x509.PemConverter.decodeFirst(m[0]);
	} catch {
		return undefined;
	}
	for (const algorithm of IMPORTS) {
		try {
			return await crypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
		} catch {
			// the next algorithm
		}
	}
	return undefined;
}
