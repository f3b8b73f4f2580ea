/**
 * istiod's own certificate for 15012: a key and a DNS certificate signed by its CA for the
 * names proxies dial, re-issued when the root changes. Mirrors pilot/pkg/bootstrap/server.go
 * getDNSNames and certcontroller.go initDNSCertsIstiod / watchRootCertAndGenKeyCert (TTL
 * SelfSignedCACertTTL, the root's lifetime).
 */
import type { WorkloadCerts } from '../tls/certificate.ts';
import { type CaError, type IstioCa, isCaError } from './ca.ts';

/**
 * The discovery host and istiod's well-known service names in its namespace, sorted as
 * `sets.SortedList` returns them.
 */
export function istiodDnsNames(namespace: string, host = `istiod.${namespace}.svc`): string[] {
	const known = ['istiod', 'istiod-remote', 'istio-pilot'].map((n) => `${n}.${namespace}.svc`);
	return [...new Set([host, ...known])].sort();
}

export interface ServingCert {
	current(): WorkloadCerts;
	/** A fresh key and certificate under the CA's current root (after a rotation). */
	reissue(): Promise<CaError | undefined>;
}

export async function createServingCert(
	ca: IstioCa,
	dnsNames: readonly string[]
): Promise<ServingCert | CaError> {
	let certs = await ca.genKeyCert(dnsNames, ca.rootTtl);
	if (isCaError(certs)) return certs;
	let current: WorkloadCerts = certs;
	return {
		current: () => current,
		async reissue() {
			certs = await ca.genKeyCert(dnsNames, ca.rootTtl);
			if (isCaError(certs)) return certs;
			current = certs;
			return undefined;
		}
	};
}
