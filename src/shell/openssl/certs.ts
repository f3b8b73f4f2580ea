/**
 * Building what `req` and `x509 -req` write with @peculiar/x509: the extensions OpenSSL 3.0 adds
 * (Debian's openssl.cnf `[v3_ca]` for `req -x509`: subjectKeyIdentifier=hash,
 * authorityKeyIdentifier=keyid:always, critical basicConstraints CA:TRUE; `x509 -req` adds the
 * key identifiers only), serials (`rand_serial`: 159 random bits), validity from sim time.
 */
import { simDate } from '../../mesh/tls/certificate.ts';
import { type X509Certificate, x509 } from '../../mesh/tls/x509.ts';
import { withSerial } from './der-serial.ts';
import { RSA_SHA256 } from './keys.ts';
import type { JsonName } from './x509-types.ts';

const DAY_MS = 86_400_000;

export function randomSerial(crypto: Crypto): string {
	const bytes = crypto.getRandomValues(new Uint8Array(20));
	bytes[0] = (bytes[0] as number) & 0x7f;
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `-set_serial` (s2i_ASN1_INTEGER: decimal or 0x hex) as even-length hex; undefined if bad. */
export function parseSerial(text: string): string | undefined {
	let n: bigint;
	try {
		if (!/^(?:\d+|0[xX][0-9a-fA-F]+)$/.test(text)) return undefined;
		n = BigInt(text);
	} catch {
		return undefined;
	}
	const hex = n.toString(16);
	const even = hex.length % 2 === 1 ? `0${hex}` : hex;
	// DER INTEGERs are signed: a leading byte ≥ 0x80 needs a zero byte first.
	return parseInt(even.slice(0, 2), 16) >= 0x80 ? `00${even}` : even;
}

function validity(nowMs: number, days: number): { notBefore: Date; notAfter: Date } {
	const start = simDate(nowMs as Parameters<typeof simDate>[0]);
	start.setUTCMilliseconds(0);
	return { notBefore: start, notAfter: new Date(start.getTime() + days * DAY_MS) };
}

export async function selfSigned(
	crypto: Crypto,
	keys: CryptoKeyPair,
	name: JsonName,
	nowMs: number,
	days: number
): Promise<X509Certificate> {
	return x509.X509CertificateGenerator.create(
		{
			serialNumber: randomSerial(crypto),
			subject: name,
			issuer: name,
			...validity(nowMs, days),
			publicKey: keys.publicKey,
			signingKey: keys.privateKey,
			signingAlgorithm: RSA_SHA256,
			extensions: [
				await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
				await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey, false, crypto),
				new x509.BasicConstraintsExtension(true, undefined, true)
			]
		},
		crypto
	);
}

export interface Issue {
	readonly request: x509.Pkcs10CertificateRequest;
	readonly ca: X509Certificate;
	readonly caKey: CryptoKey;
	readonly serial: string;
	readonly nowMs: number;
	readonly days: number;
}

export async function issue(crypto: Crypto, i: Issue): Promise<X509Certificate> {
	const subjectKey = await i.request.publicKey.export(crypto);
	const caPublic = await i.ca.publicKey.export(crypto);
	const zero = /^0+$/.test(i.serial);
	const cert = await x509.X509CertificateGenerator.create(
		{
			serialNumber: zero ? '01' : i.serial,
			subject: i.request.subjectName,
			issuer: i.ca.subjectName,
			...validity(i.nowMs, i.days),
			publicKey: i.request.publicKey,
			signingKey: i.caKey,
			signingAlgorithm: RSA_SHA256,
			extensions: [
				await x509.SubjectKeyIdentifierExtension.create(subjectKey, false, crypto),
				await x509.AuthorityKeyIdentifierExtension.create(caPublic, false, crypto)
			]
		},
		crypto
	);
	if (!zero) return cert;
	return new x509.X509Certificate(
		await withSerial(crypto, cert.rawData, new Uint8Array([0]), i.caKey)
	);
}

export function csr(
	crypto: Crypto,
	keys: CryptoKeyPair,
	name: JsonName
): Promise<x509.Pkcs10CertificateRequest> {
	return x509.Pkcs10CertificateRequestGenerator.create(
		{ name, keys, signingAlgorithm: RSA_SHA256 },
		crypto
	);
}

export const pem = (o: { toString(format: 'pem'): string }): string => `${o.toString('pem')}\n`;
