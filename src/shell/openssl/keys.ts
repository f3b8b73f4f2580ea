/**
 * RSA keys as OpenSSL 3 writes and reads them: generated through WebCrypto (RSASSA-PKCS1-v1_5,
 * e = 65537, SHA-256, as `-sha256` signs), written as unencrypted PKCS#8 (`BEGIN PRIVATE KEY`,
 * what `req -nodes` writes), read back from PKCS#8 PEM.
 */
import { x509 } from '../../mesh/tls/x509.ts';

export const RSA_SHA256 = {
	name: 'RSASSA-PKCS1-v1_5',
	hash: 'SHA-256',
	publicExponent: new Uint8Array([1, 0, 1])
} as const;

export function generateRsa(crypto: Crypto, bits: number): Promise<CryptoKeyPair> {
	return crypto.subtle.generateKey({ ...RSA_SHA256, modulusLength: bits }, true, [
		'sign',
		'verify'
	]);
}

export async function privateKeyPem(crypto: Crypto, key: CryptoKey): Promise<string> {
	const der = await crypto.subtle.exportKey('pkcs8', key);
	return x509.PemConverter.encode(der, 'PRIVATE KEY') + '\n';
}

/** A `BEGIN PRIVATE KEY` block's RSA key, or undefined (another block, another algorithm). */
export async function readPrivateKey(crypto: Crypto, pem: string): Promise<CryptoKey | undefined> {
	const m = /-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/.exec(pem);
	if (!m) return undefined;
	try {
		const der = x509.PemConverter.decodeFirst(m[0]);
		return await crypto.subtle.importKey('pkcs8', der, RSA_SHA256, true, ['sign']);
	} catch {
		return undefined;
	}
}

/** The public half of a private key, from its JWK (n, e). */
export async function publicOf(crypto: Crypto, key: CryptoKey): Promise<CryptoKey> {
	const jwk = await crypto.subtle.exportKey('jwk', key);
	const pub: JsonWebKey = { kty: jwk.kty, n: jwk.n, e: jwk.e, ext: true };
	return crypto.subtle.importKey('jwk', pub, RSA_SHA256, true, ['verify']);
}

/** X509_check_private_key: the certificate's public key is the key's. */
export async function keyMatches(
	crypto: Crypto,
	publicKey: CryptoKey,
	privateKey: CryptoKey
): Promise<boolean> {
	try {
		const a = await crypto.subtle.exportKey('jwk', publicKey);
		const b = await crypto.subtle.exportKey('jwk', privateKey);
		return a.n === b.n && a.e === b.e;
	} catch {
		return false;
	}
}
