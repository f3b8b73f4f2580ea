import { describe, expect, it } from 'vitest';
import {
	DEFAULT_CERT_TTL,
	createSelfSignedCa,
	formatGoDuration,
	isCaError,
	serialNumber
} from '../../../src/mesh/istiod/ca.ts';
import { createRng } from '../../../src/mesh/random.ts';
import {
	certFacts,
	createCsr,
	generateKeyPair,
	parsePemChain,
	verifyChain
} from '../../../src/mesh/tls/certificate.ts';
import { isTlsError } from '../../../src/mesh/tls/errors.ts';
import { type SpiffeId, spiffeId } from '../../../src/mesh/tls/identity.ts';
import { x509 } from '../../../src/mesh/tls/x509.ts';
import { ms } from '../../../src/mesh/types.ts';
import { TestClock } from '../tls/pki.ts';

const crypto = globalThis.crypto;
const clock = new TestClock();
const caKeys = await generateKeyPair(crypto);
const ca = await createSelfSignedCa({
	crypto: globalThis.crypto,
	rng: createRng(7),
	clock,
	keys: caKeys
});
const CURL = spiffeId('default', 'curl');
const workloadKeys = await generateKeyPair(crypto);
const curlCsr = await createCsr(CURL, workloadKeys, crypto);
const onlyCurl = (id: SpiffeId) => id === CURL;

describe('self-signed root (istio security/pkg/pki/ca)', () => {
	it('is O=<trust domain>, a CA, valid 10 years from the sim epoch', () => {
		const facts = certFacts(ca.root);
		expect(facts.subject).toBe('O=cluster.local');
		expect(facts.issuer).toBe('O=cluster.local');
		expect(facts.isCa).toBe(true);
		expect(facts.san).toBeUndefined();
		expect(facts.notBefore).toBe('2026-01-01T00:00:00Z');
		expect(facts.notAfter).toBe('2035-12-30T00:00:00Z');
		expect(facts.serialNumber).toMatch(/^[0-9a-f]{32}$/);
		expect(ca.rootPem).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
	});

	it('draws serial numbers from the seeded rng', async () => {
		const again = await createSelfSignedCa({
			crypto: globalThis.crypto,
			rng: createRng(7),
			clock,
			keys: caKeys
		});
		expect(again.root.serialNumber).toBe(ca.root.serialNumber);
		expect(serialNumber(createRng(8))).not.toBe(serialNumber(createRng(7)));
	});
});

const otherKeys = await generateKeyPair(crypto);
const tampered = await (async () => {
	// A CSR whose SAN was swapped after signing: the signature no longer matches.
	const der = new Uint8Array(new x509.Pkcs10CertificateRequest(curlCsr).rawData);
	const from = new TextEncoder().encode('default/sa/curl');
	const at = indexOf(der, from);
	const copy = der.slice();
	copy.set(new TextEncoder().encode('default/sa/cURL'), at);
	return new x509.Pkcs10CertificateRequest(copy.buffer).toString('pem');
})();

describe('sign', () => {
	it('issues a workload leaf with the SPIFFE SAN, 24h validity and mTLS usages', async () => {
		clock.t = 3_600_000;
		const issued = await ca.sign(curlCsr, { allowed: onlyCurl });
		if (isCaError(issued)) throw new Error(issued.message);
		const facts = certFacts(issued.leaf);
		expect(issued.id).toBe(CURL);
		expect(facts.san).toBe('spiffe://cluster.local/ns/default/sa/curl');
		expect(facts.subject).toBe('');
		expect(facts.issuer).toBe('O=cluster.local');
		expect(facts.isCa).toBe(false);
		// Backdated two minutes (Istio's clock-skew grace), valid until now + 24h.
		expect(facts.notBefore).toBe('2026-01-01T00:58:00Z');
		expect(facts.notAfter).toBe('2026-01-02T01:00:00Z');
		const ku = issued.leaf.getExtension(x509.KeyUsagesExtension);
		expect(ku?.usages).toBe(
			x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment
		);
		const eku = issued.leaf.getExtension(x509.ExtendedKeyUsageExtension);
		expect(eku?.usages).toEqual([
			x509.ExtendedKeyUsage.serverAuth,
			x509.ExtendedKeyUsage.clientAuth
		]);
		expect(issued.leaf.getExtension(x509.SubjectAlternativeNameExtension)?.critical).toBe(true);
		// The chain istiod returns: leaf then root, one PEM each, verifiable against the root.
		expect(issued.certChain).toEqual([issued.leaf, ca.root]);
		const chain = parsePemChain(issued.certChainPem.join(''));
		if (isTlsError(chain)) throw new Error(chain.message);
		const verified = await verifyChain(chain, [ca.root], clock.now(), crypto);
		expect(isTlsError(verified) ? verified.message : verified.id).toBe(CURL);
		clock.t = 0;
	});

	it('accepts a parsed CSR and honours a requested TTL', async () => {
		const csr = new x509.Pkcs10CertificateRequest(curlCsr);
		const issued = await ca.sign(csr, { allowed: onlyCurl, ttl: ms(3_600_000) });
		if (isCaError(issued)) throw new Error(issued.message);
		expect(issued.leaf.notAfter.getTime() - issued.leaf.notBefore.getTime()).toBe(62 * 60_000);
	});

	it('defaults to 24h', () => {
		expect(DEFAULT_CERT_TTL).toBe(24 * 3_600_000);
	});

	const cases: {
		name: string;
		csr: () => Promise<string>;
		ttl?: number;
		code: string;
		message: string;
	}[] = [
		{
			name: 'not PEM',
			csr: async () => 'hello',
			code: 'CSRError',
			message: 'CSR signing error (certificate signing request is not properly encoded)'
		},
		{
			name: 'signature does not match (tampered SAN)',
			csr: async () => tampered,
			code: 'CSRError',
			message: 'CSR signing error (certificate signing request signature is invalid)'
		},
		{
			name: 'identity of a pod on another node',
			csr: () => createCsr(spiffeId('default', 'reviews'), otherKeys, crypto),
			code: 'Unauthenticated',
			message: 'request impersonation authentication failure'
		},
		{
			name: 'SAN is not a workload identity',
			csr: () => createCsr('spiffe://cluster.local/foo' as SpiffeId, otherKeys, crypto),
			code: 'CSRError',
			message: 'CSR signing error (invalid spiffe identity: spiffe://cluster.local/foo)'
		},
		{
			name: 'no SAN',
			csr: async () =>
				(
					await x509.Pkcs10CertificateRequestGenerator.create(
						{
							name: 'CN=curl',
							keys: { publicKey: otherKeys.publicKey, privateKey: otherKeys.privateKey },
							signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }
						},
						crypto
					)
				).toString('pem'),
			code: 'CSRError',
			message: 'CSR signing error (certificate signing request must carry exactly one URI SAN)'
		},
		{
			name: 'TTL above the maximum',
			csr: async () => curlCsr,
			ttl: 91 * 24 * 3_600_000,
			code: 'TTLError',
			message:
				'CSR signing error (requested TTL 2184h0m0s is greater than the max allowed TTL 2160h0m0s)'
		}
	];
	it.each(cases)('refuses: $name', async ({ csr, ttl, code, message }) => {
		const r = await ca.sign(await csr(), {
			allowed: (id) => id === CURL || id.includes('/foo'),
			...(ttl === undefined ? {} : { ttl: ms(ttl) })
		});
		expect(isCaError(r) && { code: r.code, message: r.message }).toEqual({ code, message });
	});
});

describe('formatGoDuration', () => {
	it.each([
		[500, '500ms'],
		[90_000, '1m30s'],
		[45_000, '45s'],
		[24 * 3_600_000, '24h0m0s'],
		[5_400_000, '1h30m0s']
	])('%i ms → %s', (input, expected) => {
		expect(formatGoDuration(ms(input))).toBe(expected);
	});
});

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
	outer: for (let i = 0; i + needle.length <= hay.length; i++) {
		for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
		return i;
	}
	throw new Error('needle not found');
}
