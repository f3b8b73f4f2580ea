/**
 * Go's `tls.X509KeyPair` (crypto/tls/tls.go), which `kubectl create secret tls` runs on its
 * files (create_secret_tls.go): PEM blocks found, the leaf parsed, the key parsed and matching
 * the leaf's public key, with Go's error texts. Keys in PKCS#1 (`RSA PRIVATE KEY`) or SEC1
 * (`EC PRIVATE KEY`) form, which WebCrypto cannot import, are accepted unchecked.
 */
import { x509 } from '../../mesh/tls/x509.ts';

interface PemBlock {
	readonly type: string;
	readonly body: string;
}

function blocks(pem: string): PemBlock[] {
	const out: PemBlock[] = [];
	const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
	for (let m = re.exec(pem); m; m = re.exec(pem))
		out.push({ type: m[1] as string, body: m[2] as string });
	return out;
}

const isKey = (type: string) => type === 'PRIVATE KEY' || type.endsWith(' PRIVATE KEY');

const IMPORTS: readonly (RsaHashedImportParams | EcKeyImportParams)[] = [
	{ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
	{ name: 'ECDSA', namedCurve: 'P-256' },
	{ name: 'ECDSA', namedCurve: 'P-384' }
];

async function importPkcs8(crypto: Crypto, der: ArrayBuffer): Promise<CryptoKey | undefined> {
	for (const algorithm of IMPORTS) {
		try {
			return await crypto.subtle.importKey('pkcs8', der, algorithm, true, ['sign']);
		} catch {
			// next algorithm
		}
	}
	return undefined;
}

function decode(body: string): ArrayBuffer | undefined {
	try {
		const bin = atob(body.replace(/\s+/g, ''));
		const bytes = new Uint8Array(bin.length);
		for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
		return bytes.buffer;
	} catch {
		return undefined;
	}
}

/** Undefined when the pair loads; otherwise Go's error (`tls: …`, `x509: …`). */
export async function x509KeyPairError(
	crypto: Crypto,
	certPem: string,
	keyPem: string
): Promise<string | undefined> {
	const inCert = blocks(certPem);
	const certs = inCert.filter((b) => b.type === 'CERTIFICATE');
	if (certs.length === 0) {
		const skipped = inCert.map((b) => b.type);
		if (skipped.length === 0) return 'tls: failed to find any PEM data in certificate input';
		if (skipped.length === 1 && (skipped[0] as string).endsWith('PRIVATE KEY'))
			return 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched';
		return `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`;
	}
	const all = blocks(keyPem);
	const keyBlock = all.find((b) => isKey(b.type));
	if (!keyBlock) {
		const skipped = all.map((b) => b.type);
		if (skipped.length === 0) return 'tls: failed to find any PEM data in key input';
		if (skipped.length === 1 && skipped[0] === 'CERTIFICATE')
			return 'tls: found a certificate rather than a key in the PEM for the private key';
		return `tls: failed to find "PRIVATE KEY" block in key input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`;
	}
	const certDer = decode((certs[0] as PemBlock).body);
	let leaf: x509.X509Certificate;
	try {
		if (!certDer) throw new Error('base64');
		leaf = new x509.X509Certificate(certDer);
	} catch {
		return 'x509: malformed certificate';
	}
	if (keyBlock.type !== 'PRIVATE KEY') return undefined; // PKCS#1 / SEC1: not checked
	const keyDer = decode(keyBlock.body);
	const key = keyDer && (await importPkcs8(crypto, keyDer));
	if (!key) return 'tls: failed to parse private key';
	const pub = await leaf.publicKey.export(crypto).catch(() => undefined);
	if (!pub) return 'tls: unknown public key algorithm';
	const [a, b] = await Promise.all([
		crypto.subtle.exportKey('jwk', pub),
		crypto.subtle.exportKey('jwk', key)
	]);
	if (a.kty !== b.kty || (a.kty === 'EC' && a.crv !== b.crv))
		return 'tls: private key type does not match public key type';
	const same = a.kty === 'RSA' ? a.n === b.n : a.x === b.x && a.y === b.y;
	return same ? undefined : 'tls: private key does not match public key';
}
