/**
 * CertificateVerify's signature under either key type a certificate may carry: ECDSA P-256
 * (Istio's workload and CA keys: ecdsa_secp256r1_sha256) or RSA, which TLS 1.3 signs with
 * RSASSA-PSS only (rsa_pss_rsae_sha256, RFC 8446 §4.2.3: PKCS#1 v1.5 is for certificates, never
 * for CertificateVerify). RSA keys come from `openssl req -newkey rsa:2048` (a Secret's tls.key).
 */
import { buf } from './bytes.ts';
import { SIGNING_ALGORITHM, publicKeyOf, type X509Certificate } from './certificate.ts';
import { ECDSA_P256_SHA256, RSA_PSS_RSAE_SHA256 } from './messages.ts';

/** RFC 8446 §4.2.3: the PSS salt is as long as the digest. */
const PSS = { name: 'RSA-PSS', saltLength: 32 } as const;
const PSS_IMPORT = { name: 'RSA-PSS', hash: 'SHA-256' } as const;

const isRsa = (name: string): boolean => name === 'RSA-PSS' || name === 'RSASSA-PKCS1-v1_5';

/**
 * The same RSA private key usable for PSS: WebCrypto binds a key to one algorithm, and
 * openssl's keys are imported as RSASSA-PKCS1-v1_5 (what `-sha256` signs certificates with).
 */
export async function pssSigningKey(crypto: Crypto, key: CryptoKey): Promise<CryptoKey> {
	if (key.algorithm.name === 'RSA-PSS') return key;
	const pkcs8 = await crypto.subtle.exportKey('pkcs8', key);
	return crypto.subtle.importKey('pkcs8', pkcs8, PSS_IMPORT, false, ['sign']);
}

/** Signs `content` as CertificateVerify does with this key: the scheme and the signature. */
export async function signHandshake(
	crypto: Crypto,
	key: CryptoKey,
	content: Uint8Array
): Promise<{ scheme: number; signature: Uint8Array }> {
	if (isRsa(key.algorithm.name)) {
		const pss = await pssSigningKey(crypto, key);
		const signature = await crypto.subtle.sign(PSS, pss, buf(content));
		return { scheme: RSA_PSS_RSAE_SHA256, signature: new Uint8Array(signature) };
	}
	const signature = await crypto.subtle.sign(SIGNING_ALGORITHM, key, buf(content));
	return { scheme: ECDSA_P256_SHA256, signature: new Uint8Array(signature) };
}

/** Whether the leaf's key is RSA (its SPKI's algorithm). */
export const hasRsaKey = (leaf: X509Certificate): boolean => isRsa(leaf.publicKey.algorithm.name);

/**
 * Checks a CertificateVerify: the scheme must suit the leaf's key type, and the signature
 * verify under its public key. False for anything else, never a throw.
 */
export async function verifyHandshakeSignature(
	crypto: Crypto,
	leaf: X509Certificate,
	scheme: number,
	signature: Uint8Array,
	content: Uint8Array
): Promise<boolean> {
	try {
		if (hasRsaKey(leaf)) {
			if (scheme !== RSA_PSS_RSAE_SHA256) return false;
			const key = await crypto.subtle.importKey('spki', leaf.publicKey.rawData, PSS_IMPORT, false, [
				'verify'
			]);
			return await crypto.subtle.verify(PSS, key, buf(signature), buf(content));
		}
		if (scheme !== ECDSA_P256_SHA256) return false;
		const key = await publicKeyOf(leaf, crypto);
		return await crypto.subtle.verify(SIGNING_ALGORITHM, key, buf(signature), buf(content));
	} catch {
		return false;
	}
}
