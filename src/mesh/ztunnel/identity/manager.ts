/**
 * The certificates this ztunnel holds, one per workload identity on its node: fetched on first
 * use through the injected source (istiod's CA), shared by concurrent callers, fetched again
 * once expired. Mirrors ztunnel src/identity/manager.rs (SecretManager, CertState) and the
 * certificate part of src/admin.rs config_dump.
 */
import type { Clock } from '../../clock.ts';
import {
	type WorkloadCerts,
	type X509Certificate,
	rfc3339,
	simDate,
	toPem
} from '../../tls/certificate.ts';
import type { IdentityError, SpiffeId } from '../../tls/identity.ts';

export type CertificateSource = (id: SpiffeId) => Promise<WorkloadCerts | IdentityError>;

type CertState =
	| { readonly state: 'Initializing'; readonly pending: Promise<WorkloadCerts | IdentityError> }
	| { readonly state: 'Available'; readonly certs: WorkloadCerts }
	| { readonly state: 'Unavailable'; readonly error: string };

/** One certificate in config_dump (admin.rs CertDump). */
export interface CertDump {
	/** Base64 of the PEM, as ztunnel dumps it. */
	readonly pem: string;
	/** Decimal, as ztunnel dumps it (istioctl prints it in hex). */
	readonly serialNumber: string;
	readonly validFrom: string;
	readonly expirationTime: string;
}

/** One identity in config_dump (admin.rs CertsDump). */
export interface CertsDump {
	readonly identity: string;
	/** `Available`, `Initializing` or `Unavailable: <error>`. */
	readonly state: string;
	readonly certChain: readonly CertDump[];
	readonly rootCerts: readonly CertDump[];
}

function dumpCert(cert: X509Certificate): CertDump {
	return {
		pem: btoa(toPem(cert)),
		serialNumber: BigInt(`0x${cert.serialNumber || '0'}`).toString(10),
		validFrom: rfc3339(cert.notBefore),
		expirationTime: rfc3339(cert.notAfter)
	};
}

export class SecretManager {
	readonly #source: CertificateSource;
	readonly #clock: Pick<Clock, 'now'>;
	readonly #certs = new Map<SpiffeId, CertState>();

	constructor(source: CertificateSource, clock: Pick<Clock, 'now'>) {
		this.#source = source;
		this.#clock = clock;
	}

	/** The certificate for `id`, fetching it if absent or expired. Errors are values. */
	fetchCertificate(id: SpiffeId): Promise<WorkloadCerts | IdentityError> {
		const current = this.#certs.get(id);
		if (current?.state === 'Initializing') return current.pending;
		if (current?.state === 'Available' && !this.#expired(current.certs)) {
			return Promise.resolve(current.certs);
		}
		const pending = this.#source(id).then((r) => {
			this.#certs.set(
				id,
				'type' in r ? { state: 'Unavailable', error: r.message } : { state: 'Available', certs: r }
			);
			return r;
		});
		this.#certs.set(id, { state: 'Initializing', pending });
		return pending;
	}

	#expired(certs: WorkloadCerts): boolean {
		const leaf = certs.certChain[0];
		return !leaf || simDate(this.#clock.now()).getTime() >= leaf.notAfter.getTime();
	}

	/** Sorted by identity, for determinism (dump_certs). */
	dump(): CertsDump[] {
		return [...this.#certs.entries()]
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([identity, s]) => {
				if (s.state !== 'Available') {
					const state = s.state === 'Initializing' ? s.state : `Unavailable: ${s.error}`;
					return { identity, state, certChain: [], rootCerts: [] };
				}
				const chain = s.certs.certChain;
				const leafAndIntermediates = chain.length > 1 ? chain.slice(0, -1) : chain;
				const roots = chain.length > 1 ? chain.slice(-1) : [];
				return {
					identity,
					state: 'Available',
					certChain: leafAndIntermediates.map(dumpCert),
					rootCerts: roots.map(dumpCert)
				};
			});
	}
}
