import { describe, expect, it } from 'vitest';
import {
	DEFAULT_TRUST_DOMAIN,
	formatSpiffeId,
	isIdentityError,
	parseIdentity,
	parseSpiffeId,
	principal,
	spiffeId
} from '../../../src/mesh/tls/identity.ts';

describe('parseIdentity (ztunnel identity/manager.rs FromStr)', () => {
	const valid = [
		{
			input: 'spiffe://cluster.local/ns/default/sa/curl',
			expected: { trustDomain: 'cluster.local', namespace: 'default', serviceAccount: 'curl' }
		},
		{
			input: 'spiffe://example.org/ns/istio-system/sa/ztunnel',
			expected: { trustDomain: 'example.org', namespace: 'istio-system', serviceAccount: 'ztunnel' }
		}
	];
	it.each(valid)('$input', ({ input, expected }) => {
		expect(parseIdentity(input)).toEqual(expected);
	});

	const invalid = [
		{ name: 'no scheme', input: 'cluster.local/ns/default/sa/curl' },
		{ name: 'other scheme', input: 'https://cluster.local/ns/default/sa/curl' },
		{ name: 'four segments', input: 'spiffe://cluster.local/ns/default/sa' },
		{ name: 'six segments', input: 'spiffe://cluster.local/ns/default/sa/curl/extra' },
		{ name: 'ns and sa swapped', input: 'spiffe://cluster.local/sa/curl/ns/default' },
		{ name: 'misspelt ns', input: 'spiffe://cluster.local/namespace/default/sa/curl' },
		{ name: 'empty service account', input: 'spiffe://cluster.local/ns/default/sa/' },
		{ name: 'empty', input: '' }
	];
	it.each(invalid)('rejects $name', ({ input }) => {
		const r = parseIdentity(input);
		expect(isIdentityError(r)).toBe(true);
		expect(isIdentityError(r) && r.message).toBe(`invalid spiffe identity: ${input}`);
	});
});

describe('format and principal', () => {
	it('formats with the default trust domain', () => {
		expect(DEFAULT_TRUST_DOMAIN).toBe('cluster.local');
		expect(spiffeId('default', 'curl')).toBe('spiffe://cluster.local/ns/default/sa/curl');
		expect(spiffeId('bookinfo', 'reviews', 'corp.example')).toBe(
			'spiffe://corp.example/ns/bookinfo/sa/reviews'
		);
	});

	it('round-trips through parse', () => {
		const id = spiffeId('default', 'bookinfo-productpage');
		const parsed = parseIdentity(id);
		expect(isIdentityError(parsed) ? parsed : formatSpiffeId(parsed)).toBe(id);
		expect(parseSpiffeId(id)).toBe(id);
	});

	it('principal() drops spiffe:// as AuthorizationPolicy principals are written', () => {
		expect(principal(spiffeId('default', 'curl'))).toBe('cluster.local/ns/default/sa/curl');
	});
});
