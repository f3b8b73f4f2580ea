/**
 * The waypoint's own certificate: `spiffe://<td>/ns/<ns>/sa/<service account>`, fetched from
 * istiod's CA on first use, shared by concurrent callers, fetched again once expired or after a
 * failure. Mirrors what istio-agent's SDS server does for Envoy (security/pkg/nodeagent/cache).
 */
import type { Clock } from '../clock.ts';
import { simDate, type WorkloadCerts, type X509Certificate } from '../tls/certificate.ts';
import { type IdentityError, isIdentityError, type SpiffeId, spiffeId } from '../tls/identity.ts';
import type { WaypointCore } from './core.ts';

export type CertificateSource = () => Promise<WorkloadCerts | IdentityError>;

export class CertificateCache {
	readonly #source: CertificateSource;
	readonly #clock: Pick<Clock, 'now'>;
	#current: Promise<WorkloadCerts | IdentityError> | undefined;
	#roots: X509Certificate[] = [];

	constructor(source: CertificateSource, clock: Pick<Clock, 'now'>) {
		this.#source = source;
		this.#clock = clock;
	}

	get(): Promise<WorkloadCerts | IdentityError> {
		const current = this.#current;
		if (current) return current.then((c) => (this.#usable(c) ? c : this.#fetch()));
		return this.#fetch();
	}

	/** The mesh root(s) from the last chain istiod sent. */
	trustRoots(): readonly X509Certificate[] {
		return this.#roots;
	}

	#usable(c: WorkloadCerts | IdentityError): c is WorkloadCerts {
		if (isIdentityError(c)) return false;
		const leaf = c.certChain[0];
		return !!leaf && simDate(this.#clock.now()).getTime() < leaf.notAfter.getTime();
	}

	#fetch(): Promise<WorkloadCerts | IdentityError> {
		const pending = this.#source().then((c) => {
			if (!isIdentityError(c)) {
				const root = c.certChain.at(-1);
				if (root && !this.#roots.some((r) => r.serialNumber === root.serialNumber)) {
					this.#roots = [...this.#roots, root];
				}
			}
			return c;
		});
		this.#current = pending;
		return pending;
	}
}

/** The service account the waypoint runs as: the pod's, else the Gateway's naming convention. */
function serviceAccount(core: WaypointCore): string | undefined {
	if (core.deps.serviceAccount) return core.deps.serviceAccount;
	const gw = core.state.config.gateway.name;
	if (gw === '') return undefined;
	if (core.state.config.classic) return `${gw}-service-account`;
	return core.deps.role === 'gateway' ? `${gw}-istio` : gw;
}

/** `spiffe://<td>/ns/<ns>/sa/<sa>`, once the namespace and a service account are known. */
export function waypointIdentity(core: WaypointCore): SpiffeId | undefined {
	const sa = serviceAccount(core);
	return sa && core.namespace ? spiffeId(core.namespace, sa, core.deps.trustDomain) : undefined;
}

/** The waypoint's certificate cache, fetching through istiod's CA and logging as pilot-agent. */
export function workloadCertificates(core: WaypointCore): CertificateCache {
	return new CertificateCache(
		async () => {
			const id = waypointIdentity(core);
			if (!id) return { type: 'identity-error', message: 'no identity yet: waiting for config' };
			const c = await core.deps.certificateFor(id);
			if (isIdentityError(c))
				core.agentLog('warn', 'cache', `failed to fetch certificate for ${id}: ${c.message}`);
			else
				core.agentLog('info', 'cache', `generated new workload certificate\tresourceName=default`);
			return c;
		},
		{ now: () => core.now() }
	);
}
