/**
 * Envoy's jwt_authn filter as Istio configures it for RequestAuthentication ("provider OR
 * allow_missing", pilot/pkg/security/authn/policy_applier.go): no token passes with no principal,
 * a bad token is refused with jwt_verify_lib's status text (source/common/jwt/status.cc), a
 * verified one gives `iss/sub` and its claims and is removed unless forwardOriginalToken.
 * Tokens are signed here with a fresh key, and Istio's own demo.jwt against its jwks.json.
 */
import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../../src/mesh/net/http/message.ts';
import { ISTIO_JWT_SAMPLES } from '../../../src/mesh/net/public-documents.ts';
import { encodeBase64Url } from '../../../src/mesh/base64.ts';
import { jwtAuthn, jwtDenial } from '../../../src/mesh/proxy/l7/filters/jwt-authn.ts';
import type { JwtRuleConfig } from '../../../src/mesh/xds/waypoint-config.ts';

const crypto = webcrypto as unknown as Crypto;
const NOW = 1_767_225_600; // 2026-01-01, the playground's sim epoch
const ISSUER = 'testing@secure.istio.io';

const enc = (o: unknown): string => encodeBase64Url(new TextEncoder().encode(JSON.stringify(o)));
const request = (headers: [string, string][], target = '/headers'): HttpRequest => ({
	method: 'GET',
	target,
	version: 'HTTP/1.1',
	headers: [['host', 'httpbin.foo:8000'], ...headers],
	body: new Uint8Array()
});

let keys: CryptoKeyPair;
let jwks: string;
async function sign(claims: Record<string, unknown>, kid = 'k1'): Promise<string> {
	const head = `${enc({ alg: 'RS256', kid, typ: 'JWT' })}.${enc(claims)}`;
	const sig = await crypto.subtle.sign(
		'RSASSA-PKCS1-v1_5',
		keys.privateKey,
		new TextEncoder().encode(head)
	);
	return `${head}.${encodeBase64Url(new Uint8Array(sig))}`;
}

beforeAll(async () => {
	keys = (await crypto.subtle.generateKey(
		{
			name: 'RSASSA-PKCS1-v1_5',
			modulusLength: 2048,
			publicExponent: new Uint8Array([1, 0, 1]),
			hash: 'SHA-256'
		},
		true,
		['sign', 'verify']
	)) as CryptoKeyPair;
	const pub = await crypto.subtle.exportKey('jwk', keys.publicKey);
	jwks = JSON.stringify({ keys: [{ kty: 'RSA', kid: 'k1', n: pub.n, e: pub.e }] });
});

const rule = (extra: Partial<JwtRuleConfig> = {}): JwtRuleConfig => ({
	source: 'foo/jwt-example',
	issuer: ISSUER,
	jwks,
	...extra
});
const bearer = (t: string): [string, string] => ['Authorization', `Bearer ${t}`];
const good = { iss: ISSUER, sub: 'alice', exp: NOW + 3600, groups: ['group1'] };

describe('jwt_authn', () => {
	it('lets a request without a token through, with no principal', async () => {
		expect(await jwtAuthn(crypto, [rule()], request([]), NOW)).toEqual({ kind: 'none' });
		// Another scheme in Authorization is not a token for this provider.
		expect(
			await jwtAuthn(crypto, [rule()], request([['Authorization', 'Basic eDp5']]), NOW)
		).toEqual({
			kind: 'none'
		});
	});

	it.each([
		[
			'invalidToken',
			'Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections'
		],
		['a.b', 'Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections'],
		['!!.e30.AA', 'Jwt header is an invalid Base64url encoded'],
		[`${enc({ typ: 'JWT' })}.e30.AA`, 'Jwt header [alg] field is required and must be a string'],
		[`${enc({ alg: 'HS256' })}.e30.AA`, 'Jwt header [alg] is not supported']
	])('refuses the malformed token %s', async (token, status) => {
		expect(await jwtAuthn(crypto, [rule()], request([bearer(token)]), NOW)).toEqual({
			kind: 'failed',
			status
		});
	});

	it('refuses an unknown issuer, an expired token, a bad audience and a forged signature', async () => {
		const check = async (token: string, r = rule()) =>
			jwtAuthn(crypto, [r], request([bearer(token)]), NOW);
		expect(await check(await sign({ ...good, iss: 'other' }))).toEqual({
			kind: 'failed',
			status: 'Jwt issuer is not configured'
		});
		expect(await check(await sign({ ...good, exp: NOW - 1 }))).toEqual({
			kind: 'failed',
			status: 'Jwt is expired'
		});
		expect(await check(await sign({ ...good, nbf: NOW + 60 }))).toEqual({
			kind: 'failed',
			status: 'Jwt not yet valid'
		});
		expect(await check(await sign({ ...good, aud: 'b' }), rule({ audiences: ['a'] }))).toEqual({
			kind: 'failed',
			status: 'Audiences in Jwt are not allowed'
		});
		const [h, , s] = (await sign(good)).split('.');
		expect(await check(`${h}.${enc({ ...good, sub: 'mallory' })}.${s}`)).toEqual({
			kind: 'failed',
			status: 'Jwt verification fails'
		});
		expect(await check(await sign(good, 'other-kid'))).toEqual({
			kind: 'failed',
			status: "Jwks doesn't have key to match kid or alg from Jwt"
		});
	});

	it('verifies a token: principal iss/sub, claims, and the token removed unless forwarded', async () => {
		const token = await sign(good);
		const out = await jwtAuthn(crypto, [rule()], request([bearer(token)]), NOW);
		expect(out).toMatchObject({ kind: 'verified', principal: `${ISSUER}/alice`, claims: good });
		expect(out.kind === 'verified' && out.headers.map(([n]) => n)).toEqual(['host']);
		const kept = await jwtAuthn(
			crypto,
			[rule({ forwardOriginalToken: true, outputPayloadToHeader: 'x-jwt-payload' })],
			request([bearer(token)]),
			NOW
		);
		expect(kept.kind === 'verified' && kept.headers.map(([n]) => n)).toEqual([
			'host',
			'Authorization',
			'x-jwt-payload'
		]);
		// From a query parameter, Envoy's other default location.
		const param = await jwtAuthn(
			crypto,
			[rule()],
			request([], `/headers?access_token=${token}`),
			NOW
		);
		expect(param.kind).toBe('verified');
	});

	it("verifies Istio's demo.jwt against its jwks.json (RS256, the samples the docs fetch)", async () => {
		const demo = (ISTIO_JWT_SAMPLES['demo.jwt'] ?? '').trim();
		const r = rule({ jwks: ISTIO_JWT_SAMPLES['jwks.json'] ?? '' });
		expect(await jwtAuthn(crypto, [r], request([bearer(demo)]), NOW)).toMatchObject({
			kind: 'verified',
			principal: 'testing@secure.istio.io/testing@secure.istio.io'
		});
		// A JWKS istiod could not fetch verifies nothing.
		expect(
			await jwtAuthn(crypto, [rule({ jwks: '{"keys":[]}' })], request([bearer(demo)]), NOW)
		).toEqual({ kind: 'failed', status: "Jwks doesn't have key to match kid or alg from Jwt" });
	});

	it("answers as Envoy's local reply: 401 details and WWW-Authenticate", () => {
		expect(jwtDenial('Jwt is expired', request([], '/headers?x=1'), 'httpbin.foo:8000')).toEqual({
			body: 'Jwt is expired',
			details: 'jwt_authn_access_denied{Jwt_is_expired}',
			headers: [
				[
					'www-authenticate',
					'Bearer realm="http://httpbin.foo:8000/headers", error="invalid_token"'
				]
			]
		});
	});
});
