/**
 * Checks on a workload CSR before istiod signs it: the request is signed by the key it carries
 * (proof of possession) and asks for exactly one SPIFFE id. Whether the caller may hold that id
 * is the CA's `allowed` decision, not this file's.
 */
import { type IdentityError, type SpiffeId, parseSpiffeId } from '../tls/identity.ts';
import { type Pkcs10CertificateRequest, x509 } from '../tls/x509.ts';

/** id-ce-subjectAltName (RFC 5280 §4.2.1.6). */
const SUBJECT_ALT_NAME = '2.5.29.17';

export async function verifyCsr(csr: Pkcs10CertificateRequest, crypto: Crypto): Promise<boolean> {
	try {
		return await csr.verify(crypto);
	} catch {
		return false;
	}
}

/** The SPIFFE id a CSR asks for, from its SAN extension request. */
export function requestedIdentity(csr: Pkcs10CertificateRequest): SpiffeId | IdentityError {
	const ext = csr.getExtension(SUBJECT_ALT_NAME);
	const san =
		ext instanceof x509.SubjectAlternativeNameExtension
			? ext
			: ext
				? new x509.SubjectAlternativeNameExtension(ext.rawData)
				: undefined;
	const uris = san?.names.items.filter((n) => n.type === 'url') ?? [];
	const only = uris.length === 1 ? uris[0] : undefined;
	if (!only) {
		return {
			type: 'identity-error',
			message: 'certificate signing request must carry exactly one URI SAN'
		};
	}
	return parseSpiffeId(only.value);
}
