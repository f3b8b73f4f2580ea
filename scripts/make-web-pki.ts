/**
 * Prints the simulated internet's root CA (src/mesh/tls/web-pki.ts): an ECDSA P-256 key
 * and a self-signed root, valid 2025–2036. Run once; the output is pasted into that file, so
 * every pod's CA bundle and every external server agree without any exchange at boot.
 *   npx tsx scripts/make-web-pki.ts
 */
import 'reflect-metadata';
import { x509 } from '../src/mesh/tls/x509.ts';

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const keys = (await crypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
x509.cryptoProvider.set(crypto);
const root = await x509.X509CertificateGenerator.createSelfSigned({
	serialNumber: '01',
	name: 'CN=Mesh Playground Simulated Internet Root CA, O=Mesh Playground',
	notBefore: new Date('2025-01-01T00:00:00Z'),
	notAfter: new Date('2036-01-01T00:00:00Z'),
	keys,
	signingAlgorithm: alg,
	extensions: [
		new x509.BasicConstraintsExtension(true, undefined, true),
		new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
		await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)
	]
});
const jwk = await crypto.subtle.exportKey('jwk', keys.privateKey);
console.log(JSON.stringify({ rootPem: root.toString('pem'), privateJwk: jwk }, null, '\t'));
