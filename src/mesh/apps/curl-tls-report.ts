/**
 * What curl 8.17 with OpenSSL prints about TLS (lib/vtls/openssl.c): the handshake messages its
 * `-v` shows (`ossl_trace`: `* TLSv1.3 (OUT), TLS handshake, Client hello (1):`), the
 * `Server certificate:` block (subject and issuer as `x509_name_oneline` joins them, dates as
 * ASN1_TIME_print), the host-name check (`ossl_verifyhost`: DNS SANs when the certificate has
 * any, else the subject's last CN), and OpenSSL 3's error strings for alerts.
 */
import type { X509Certificate } from '../tls/certificate.ts';
import { dnsSans } from '../tls/certificate.ts';
import { x509 } from '../tls/x509.ts';

const ipSans = (cert: X509Certificate): string[] =>
	(cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items ?? [])
		.filter((n) => n.type === 'ip')
		.map((n) => n.value);

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const two = (n: number): string => String(n).padStart(2, '0');

/** ASN1_TIME_print: `Mar 21 16:46:26 2025 GMT` (the day padded with a space). */
export function asn1Time(d: Date): string {
	const day = String(d.getUTCDate()).padStart(2, ' ');
	return `${MONTHS[d.getUTCMonth()]} ${day} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()} GMT`;
}

/** The name's RDNs in certificate order, `type=value` joined by `; ` (curl's x509_name_oneline). */
export function nameOneLine(cert: X509Certificate, which: 'subject' | 'issuer'): string {
	const json = (which === 'subject' ? cert.subjectName : cert.issuerName).toJSON();
	return json
		.flatMap((rdn) => Object.entries(rdn).flatMap(([k, vs]) => vs.map((v) => `${k}=${v}`)))
		.join('; ');
}

/** The subject's last CN (OpenSSL's X509_NAME_get_index_by_NID loop in ossl_verifyhost). */
function commonName(cert: X509Certificate): string | undefined {
	let cn: string | undefined;
	for (const rdn of cert.subjectName.toJSON()) for (const v of rdn['CN'] ?? []) cn = v;
	return cn;
}

/** Curl_cert_hostcheck: exact, or a `*.` wildcard for one left-most label (not a bare TLD). */
function hostMatches(pattern: string, host: string): boolean {
	const p = pattern.toLowerCase().replace(/\.$/, '');
	const h = host.toLowerCase().replace(/\.$/, '');
	if (p === h) return true;
	if (!p.startsWith('*.') || p.split('.').length < 3) return false;
	const dot = h.indexOf('.');
	return dot > 0 && h.slice(dot) === p.slice(1);
}

/** ossl_verifyhost's verdict: the -v line on success, curl's error text otherwise. */
export function verifyHost(
	leaf: X509Certificate,
	host: string
): { readonly ok: true; readonly line: string } | { readonly ok: false; readonly error: string } {
	if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) {
		// An address is matched against iPAddress SANs only.
		const ips = ipSans(leaf);
		return ips.includes(host)
			? { ok: true, line: `*   subjectAltName: host "${host}" matched cert's IP address!\n` }
			: {
					ok: false,
					error: `SSL: no alternative certificate subject name matches target ipv4 address '${host}'`
				};
	}
	const sans = dnsSans(leaf);
	if (sans.length > 0) {
		const hit = sans.find((s) => hostMatches(s, host));
		return hit
			? { ok: true, line: `*   subjectAltName: "${host}" matches cert's "${hit}"\n` }
			: {
					ok: false,
					error: `SSL: no alternative certificate subject name matches target hostname '${host}'`
				};
	}
	const cn = commonName(leaf);
	if (cn === undefined)
		return { ok: false, error: 'SSL: unable to obtain common name from peer certificate' };
	return hostMatches(cn, host)
		? { ok: true, line: `*   common name: ${cn} (matched)\n` }
		: {
				ok: false,
				error: `SSL: certificate subject name '${cn}' does not match target hostname '${host}'`
			};
}

/** `Public key type RSA (2048/112 Bits/secBits), signed using sha256WithRSAEncryption`. */
function keyLine(cert: X509Certificate): string {
	const alg = cert.publicKey.algorithm as { name: string; modulusLength?: number };
	const sig = cert.signatureAlgorithm as { name: string; hash?: { name: string } };
	const hash = (sig.hash?.name ?? 'SHA-256').replace('-', '').toLowerCase();
	const signed =
		sig.name === 'ECDSA' ? `ecdsa-with-${hash.toUpperCase()}` : `${hash}WithRSAEncryption`;
	if (alg.name === 'ECDSA')
		return `Public key type EC/prime256v1 (256/128 Bits/secBits), signed using ${signed}`;
	const bits = alg.modulusLength ?? 2048;
	const sec = bits >= 4096 ? 152 : bits >= 3072 ? 128 : 112;
	return `Public key type RSA (${bits}/${sec} Bits/secBits), signed using ${signed}`;
}

/** The `* Server certificate:` block, one `Certificate level N` per certificate sent. */
export function serverCertificateLines(chain: readonly X509Certificate[]): string {
	const leaf = chain[0];
	if (!leaf) return '';
	let v = '* Server certificate:\n';
	v += `*   subject: ${nameOneLine(leaf, 'subject')}\n`;
	v += `*   start date: ${asn1Time(leaf.notBefore)}\n`;
	v += `*   expire date: ${asn1Time(leaf.notAfter)}\n`;
	v += `*   issuer: ${nameOneLine(leaf, 'issuer')}\n`;
	chain.forEach((c, i) => (v += `*   Certificate level ${i}: ${keyLine(c)}\n`));
	return v;
}

/** `ossl_trace`'s line for a handshake message. */
export const tlsTrace = (dir: 'IN' | 'OUT', what: string): string =>
	`* TLSv1.3 (${dir}), TLS handshake, ${what}:\n`;

/**
 * An alert the server sent, as OpenSSL 3 words it when SSL_read meets it (ssl_err.c reasons,
 * `SSL_R_SSLV3_ALERT_*` / `SSL_R_TLSV1_ALERT_*` / `SSL_R_TLSV13_ALERT_*`).
 */
const ALERT_REASONS: Readonly<
	Record<string, { code: string; text: string; desc: number; name: string }>
> = {
	// SSL_alert_desc_string_long has no name for 116: the trace says `unknown (628)`.
	CertificateRequired: {
		code: '0A00045C',
		text: 'tlsv13 alert certificate required',
		desc: 116,
		name: 'unknown'
	},
	UnknownCA: { code: '0A000418', text: 'tlsv1 alert unknown ca', desc: 48, name: 'unknown CA' },
	BadCertificate: {
		code: '0A000412',
		text: 'sslv3 alert bad certificate',
		desc: 42,
		name: 'bad certificate'
	},
	CertificateExpired: {
		code: '0A000415',
		text: 'sslv3 alert certificate expired',
		desc: 45,
		name: 'certificate expired'
	},
	DecryptError: {
		code: '0A000433',
		text: 'tlsv1 alert decrypt error',
		desc: 51,
		name: 'decrypt error'
	},
	HandshakeFailure: {
		code: '0A000410',
		text: 'sslv3 alert handshake failure',
		desc: 40,
		name: 'handshake failure'
	}
};

/** `received fatal alert: X` → curl's SSL_read failure text and -v's alert line, if known. */
export function alertOnRead(
	reason: string,
	ssl: string
): { readonly message: string; readonly trace: string } | undefined {
	const m = /^received fatal alert: (\w+)$/.exec(reason);
	const a = m ? ALERT_REASONS[m[1] ?? ''] : undefined;
	if (!a) return undefined;
	return {
		message: `OpenSSL SSL_read: ${ssl}: error:${a.code}:SSL routines::${a.text}, errno 0`,
		// ossl_trace: the alert's long name and (level << 8 | description).
		trace: `* TLSv1.3 (IN), TLS alert, ${a.name} (${(2 << 8) | a.desc}):\n`
	};
}
