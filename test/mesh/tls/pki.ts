/**
 * A mesh PKI for tests, built once per test file (keys are the costly part): istiod's CA, a
 * second unrelated CA, and workload certificates for a few identities.
 */
import {
	type IstioCa,
	createSelfSignedCa,
	isCaError,
	issueWorkloadCerts
} from '../../../src/mesh/istiod/ca.ts';
import { createRng } from '../../../src/mesh/random.ts';
import type { WorkloadCerts } from '../../../src/mesh/tls/certificate.ts';
import { type SpiffeId, spiffeId } from '../../../src/mesh/tls/identity.ts';
import { type SimMillis, ms } from '../../../src/mesh/types.ts';

/** A sim clock tests can move. */
export class TestClock {
	t = 0;
	now(): SimMillis {
		return ms(this.t);
	}
}

export const CURL = spiffeId('default', 'curl');
export const PRODUCTPAGE = spiffeId('default', 'bookinfo-productpage');

export interface Pki {
	readonly clock: TestClock;
	readonly ca: IstioCa;
	/** Another mesh's CA: same subject (`O=cluster.local`), different key. */
	readonly otherCa: IstioCa;
	readonly curl: WorkloadCerts;
	readonly productpage: WorkloadCerts;
	issue(ca: IstioCa, id: SpiffeId, ttl?: SimMillis): Promise<WorkloadCerts>;
}

export async function createPki(seed = 1): Promise<Pki> {
	const clock = new TestClock();
	const ca = await createSelfSignedCa({ crypto: globalThis.crypto, rng: createRng(seed), clock });
	const otherCa = await createSelfSignedCa({
		crypto: globalThis.crypto,
		rng: createRng(seed + 1),
		clock
	});
	const issue = async (from: IstioCa, id: SpiffeId, ttl?: SimMillis) => {
		const certs = await issueWorkloadCerts(from, id, {
			crypto: globalThis.crypto,
			...(ttl === undefined ? {} : { ttl })
		});
		if (isCaError(certs)) throw new Error(certs.message);
		return certs;
	};
	return {
		clock,
		ca,
		otherCa,
		curl: await issue(ca, CURL),
		productpage: await issue(ca, PRODUCTPAGE),
		issue
	};
}
