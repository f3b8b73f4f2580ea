import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkloadCerts } from '../../../src/mesh/tls/certificate.ts';
import { type IdentityError, type SpiffeId, spiffeId } from '../../../src/mesh/tls/identity.ts';
import { ms } from '../../../src/mesh/types.ts';
import { SecretManager } from '../../../src/mesh/ztunnel/identity/manager.ts';
import { type Pki, createPki } from '../tls/pki.ts';

const CURL = spiffeId('default', 'curl');
const GONE = spiffeId('default', 'gone');
const DAY = 24 * 3600 * 1000;

let pki: Pki;
beforeAll(async () => {
	pki = await createPki(5);
});

function manager() {
	const calls: SpiffeId[] = [];
	let now = 0;
	const source = (id: SpiffeId): Promise<WorkloadCerts | IdentityError> => {
		calls.push(id);
		return Promise.resolve(
			id === CURL ? pki.curl : { type: 'identity-error', message: 'CSR signing error (denied)' }
		);
	};
	const m = new SecretManager(source, { now: () => ms(now) });
	return { m, calls, setNow: (t: number) => (now = t) };
}

describe('SecretManager', () => {
	it('fetches once for concurrent and later callers', async () => {
		const { m, calls } = manager();
		const [a, b] = await Promise.all([m.fetchCertificate(CURL), m.fetchCertificate(CURL)]);
		await m.fetchCertificate(CURL);
		expect(a).toBe(pki.curl);
		expect(b).toBe(pki.curl);
		expect(calls).toEqual([CURL]);
	});

	it('fetches again once the leaf has expired', async () => {
		const { m, calls, setNow } = manager();
		await m.fetchCertificate(CURL);
		setNow(DAY + 1000);
		await m.fetchCertificate(CURL);
		expect(calls).toEqual([CURL, CURL]);
	});

	it('dumps states sorted by identity, as config_dump shows them', async () => {
		const { m } = manager();
		await m.fetchCertificate(GONE);
		const pending = m.fetchCertificate(CURL);
		expect(m.dump().map((d) => [d.identity, d.state])).toEqual([
			[CURL, 'Initializing'],
			[GONE, 'Unavailable: CSR signing error (denied)']
		]);
		await pending;
		const [curl] = m.dump();
		expect(curl?.state).toBe('Available');
		expect(curl?.certChain).toHaveLength(1);
		expect(curl?.rootCerts).toHaveLength(1);
		expect(curl?.certChain[0]?.serialNumber).toBe(
			BigInt(`0x${pki.curl.certChain[0]?.serialNumber}`).toString()
		);
		expect(atob(curl?.certChain[0]?.pem ?? '')).toMatch(/^-----BEGIN CERTIFICATE-----/);
	});
});
