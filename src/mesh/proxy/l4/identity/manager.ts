/**
 * The certificates this ztunnel holds, one per workload identity on its node: fetched on first
 * use through the injected source (istiod's CA), shared by concurrent callers, and renewed in
 * the background at half their lifetime, as ztunnel's SecretManager does
 * (`WorkloadCertificate::refresh_at` = not_before + (not_after − not_before) / 2): a 24h leaf is
 * replaced after ~12h, long before it expires. A failed renewal keeps the valid certificate and
 * retries with backoff. Mirrors ztunnel src/identity/manager.rs (SecretManager, CertState) and
 * the certificate part of src/admin.rs config_dump.
 */
import type { Cancel, Clock } from '../../../clock.ts';
import {
	type WorkloadCerts,
	type X509Certificate,
	rfc3339,
	simDate,
	toPem
} from '../../../tls/certificate.ts';
import type { IdentityError, SpiffeId } from '../../../tls/identity.ts';
import { type SimMillis, ms } from '../../../types.ts';

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

/** manager.rs: the first retry after a failed fetch, and CERT_REFRESH_FAILURE_RETRY_DELAY_MAX_INTERVAL. */
const RETRY_INITIAL = 1000;
const RETRY_MAX = 150_000;

/** When ztunnel renews `certs` (tls/certificate.rs refresh_at): half-way through the leaf's life. */
export function refreshAt(certs: WorkloadCerts): Date | undefined {
	const leaf = certs.certChain[0];
	if (!leaf) return undefined;
	const from = leaf.notBefore.getTime();
	const until = leaf.notAfter.getTime();
	return new Date(until >= from ? from + Math.floor((until - from) / 2) : until);
}

export class SecretManager {
	readonly #source: CertificateSource;
	readonly #clock: Pick<Clock, 'now' | 'after'>;
	readonly #certs = new Map<SpiffeId, CertState>();
	/** The background renewal timer per identity. */
	readonly #timers = new Map<SpiffeId, Cancel>();
	/** The current backoff of identities whose last fetch failed. */
	readonly #backoff = new Map<SpiffeId, number>();
	#closed = false;

	constructor(source: CertificateSource, clock: Pick<Clock, 'now' | 'after'>) {
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
		const pending = this.#fetch(id);
		this.#certs.set(id, { state: 'Initializing', pending });
		return pending;
	}

	/** Stops every renewal (the proxy is shutting down). */
	close(): void {
		this.#closed = true;
		for (const cancel of this.#timers.values()) cancel();
		this.#timers.clear();
	}

	/**
	 * Asks the CA, stores the outcome and schedules the next renewal. A failed renewal keeps a
	 * certificate that is still valid (manager.rs "retaining existing valid certificate").
	 */
	#fetch(id: SpiffeId): Promise<WorkloadCerts | IdentityError> {
		return this.#source(id).then((r) => {
			if (this.#closed) return r;
			if (!('type' in r)) {
				this.#backoff.delete(id);
				this.#certs.set(id, { state: 'Available', certs: r });
				// A leaf already past its half-life (a skewed CA clock) is renewed "soon", not in a spin.
				const at = refreshAt(r);
				const delay = at ? this.#until(at) : 0;
				this.#schedule(id, ms(delay > 0 ? delay : RETRY_INITIAL));
				return r;
			}
			const delay = Math.min(RETRY_MAX, this.#backoff.get(id) ?? RETRY_INITIAL);
			this.#backoff.set(id, Math.min(RETRY_MAX, delay * 2));
			const current = this.#certs.get(id);
			const kept = current?.state === 'Available' && !this.#expired(current.certs);
			if (kept) {
				const expiry = this.#until(current.certs.certChain[0]?.notAfter ?? new Date(0));
				this.#schedule(id, ms(Math.min(delay, expiry)));
				return current.certs;
			}
			this.#certs.set(id, { state: 'Unavailable', error: r.message });
			this.#schedule(id, ms(delay));
			return r;
		});
	}

	/** Renews `id` in the background after `delay`, keeping what it has meanwhile. */
	#schedule(id: SpiffeId, delay: SimMillis): void {
		this.#timers.get(id)?.();
		this.#timers.set(
			id,
			this.#clock.after(delay, () => {
				this.#timers.delete(id);
				const current = this.#certs.get(id);
				if (this.#closed || current?.state === 'Initializing') return;
				void this.#fetch(id);
			})
		);
	}

	/** Sim milliseconds from now until `date` (0 when it is past). */
	#until(date: Date): SimMillis {
		return ms(Math.max(0, date.getTime() - simDate(this.#clock.now()).getTime()));
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
