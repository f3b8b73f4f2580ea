import { describe, expect, it } from 'vitest';
import {
	certFacts,
	parseCertificate,
	parsePemChain,
	spiffeIdOf,
	verifyChain
} from '../../../src/mesh/tls/certificate.ts';
import { isTlsError } from '../../../src/mesh/tls/errors.ts';
import { ms } from '../../../src/mesh/types.ts';
import { CURL, createPki } from './pki.ts';

const pki = await createPki(3);
const crypto = globalThis.crypto;
const leaf = pki.curl.certChain[0]!;
const foreign = await pki.issue(pki.otherCa, CURL);
const DAY = 24 * 3_600_000;

describe('verifyChain', () => {
	const cases = [
		{ name: 'our leaf + root', chain: () => pki.curl.certChain, at: 0, expected: CURL },
		{ name: 'our leaf alone', chain: () => [leaf], at: 0, expected: CURL },
		{
			name: "another CA's leaf (same root subject)",
			chain: () => foreign.certChain,
			at: 0,
			expected: 'certificate signed by unknown authority'
		},
		{
			name: "another CA's leaf claiming our root in its chain",
			chain: () => [foreign.certChain[0]!, pki.ca.root],
			at: 0,
			expected: 'certificate signed by unknown authority'
		},
		{
			name: 'after notAfter',
			chain: () => [leaf],
			at: DAY + 1000,
			expected: 'certificate has expired'
		},
		{
			name: 'before notBefore',
			chain: () => [leaf],
			at: -3 * 60_000,
			expected: 'certificate is not yet valid'
		},
		{
			name: 'the root presented as a leaf',
			chain: () => [pki.ca.root],
			at: 0,
			expected: 'certificate has no SPIFFE identity'
		},
		{ name: 'no certificates', chain: () => [], at: 0, expected: 'peer sent no certificates' }
	];
	it.each(cases)('$name', async ({ chain, at, expected }) => {
		const r = await verifyChain(chain(), [pki.ca.root], ms(at), crypto);
		expect(isTlsError(r) ? r.message : r.id).toBe(expected);
	});

	it('trusts either root during a rotation', async () => {
		const r = await verifyChain(foreign.certChain, [pki.ca.root, pki.otherCa.root], ms(0), crypto);
		expect(isTlsError(r) ? r.message : r.id).toBe(CURL);
	});
});

describe('parsing and facts', () => {
	it('reads back a PEM bundle and the SAN', () => {
		const chain = parsePemChain(pki.curl.certChain.map((c) => certFacts(c).pem).join(''));
		if (isTlsError(chain)) throw new Error(chain.message);
		expect(chain.map((c) => c.serialNumber)).toEqual(pki.curl.certChain.map((c) => c.serialNumber));
		expect(spiffeIdOf(chain[0]!)).toBe(CURL);
	});

	it('gives istioctl ztunnel-config certificates columns', () => {
		const f = certFacts(leaf);
		expect(f.serialNumber).toMatch(/^[0-9a-f]{32}$/);
		expect(f.notBefore).toBe('2025-12-31T23:58:00Z');
		expect(f.notAfter).toBe('2026-01-02T00:00:00Z');
		expect(f.san).toBe('spiffe://cluster.local/ns/default/sa/curl');
	});

	it.each([
		['empty string', ''],
		['not a certificate', 'hello world'],
		['random bytes', new Uint8Array([48, 3, 1, 2, 3])]
	])('malformed input (%s) is a decode error value', (_name, input) => {
		const r = parseCertificate(input);
		expect(isTlsError(r) && r.code).toBe('DecodeError');
	});

	it('a PEM bundle without certificates', () => {
		const r = parsePemChain('nothing here');
		expect(isTlsError(r) && r.message).toBe('decode error: no certificate in PEM data');
	});
});
